import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildPolicyTiers, policyTiersToCsv } from "@/lib/views/policy-tiers";

const FIXTURE = "fixtures/netpol-tiers";

describe("the policies in tier order", () => {
  it("lists Admin policies by priority, then NetworkPolicies, then the Baseline tier, invalid ones marked", async () => {
    const t = buildPolicyTiers(analyzeNetwork(await loadManifests([FIXTURE])));
    expect(t.admin.map((p) => `${p.priority ?? "-"} ${p.name}${p.invalid ? " invalid" : ""}`)).toEqual([
      "1 bad-range invalid",
      "2 bad-cidr invalid",
      "5 shop-not-to-billing",
      "10 allow-monitoring",
      "20 deny-metadata",
      "30 teams-decide",
    ]);
    expect(t.namespace.map((p) => `${p.namespace}/${p.name}`)).toEqual(["billing/ledger-from-shop"]);
    // The BaselineAdminNetworkPolicy has no priority and sorts first; one not named "default" is invalid.
    expect(t.baseline.map((p) => `${p.priority ?? "-"} ${p.name}${p.invalid ? " invalid" : ""}`)).toEqual([
      "- default",
      "- not-default invalid",
      "50 baseline-default-deny",
    ]);
  });

  it("spells each rule as its kind does, with peers and ports, and counts the pods a subject selects", async () => {
    const t = buildPolicyTiers(analyzeNetwork(await loadManifests([FIXTURE])));
    const anp = t.admin.find((p) => p.name === "shop-not-to-billing");
    expect(anp?.rules.map((r) => `${r.direction} ${r.action} ${r.ports}`)).toEqual([
      "egress Deny TCP/9090",
      "egress Allow TCP/1-65535",
    ]);
    const monitoring = t.admin.find((p) => p.name === "allow-monitoring");
    expect(monitoring?.rules[0]).toMatchObject({
      action: "Accept",
      peers: "namespaces {kubernetes.io/metadata.name=monitoring}",
      ports: "named port http",
    });
    expect(monitoring?.selectedPods).toBeGreaterThan(0);
  });

  it("keeps, for one namespace, only the cluster policies selecting a pod there and the invalid ones", async () => {
    const a = analyzeNetwork(await loadManifests([FIXTURE]));
    const t = buildPolicyTiers(a, "monitoring");
    expect(t.namespace).toEqual([]);
    expect(t.baseline.map((p) => p.name)).toContain("default");
    expect(t.admin.map((p) => p.name)).not.toContain("shop-not-to-billing");
  });

  it("writes one CSV row per rule, in tier order", async () => {
    const csv = policyTiersToCsv(buildPolicyTiers(analyzeNetwork(await loadManifests([FIXTURE]))));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "tier,priority,kind,apiVersion,namespace,name,subject,direction,rule,action,peers,ports,notes",
    );
    expect(lines[1]).toMatch(
      /^Admin,1,ClusterNetworkPolicy,[^,]+,,bad-range,.*"invalid, not evaluated: spec/,
    );
    expect(lines).toContain(
      "Admin,5,AdminNetworkPolicy,policy.networking.k8s.io/v1alpha1,,shop-not-to-billing,pods of namespaces {team=retail},egress,0 no-billing,Deny,namespaces {team=finance},TCP/9090,",
    );
    const tiers = lines.slice(1).map((l) => l.split(",")[0]);
    expect(tiers.indexOf("NetworkPolicy")).toBeGreaterThan(tiers.lastIndexOf("Admin"));
    expect(tiers.indexOf("Baseline")).toBeGreaterThan(tiers.lastIndexOf("NetworkPolicy"));
  });
});
