import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/sources/load-manifests";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection } from "@/lib/netpol/explain-connection";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";

// fixtures/netpol-tiers: ClusterNetworkPolicy v1beta1 and v1alpha2, AdminNetworkPolicy and
// BaselineAdminNetworkPolicy v1alpha1, kinds Vigil does not evaluate, and invalid objects, read by the loader
// and evaluated together (docs/semantics.md §1b).

const FIXTURE = "fixtures/netpol-tiers";

async function explain(from: string, to: string, port: number) {
  const a = analyzeNetwork(await loadManifests([FIXTURE]));
  return explainConnection(a, resolveEndpoint(a, from), resolveEndpoint(a, to), "TCP", port);
}

describe("the policy tiers fixture", () => {
  it("loads both API generations as cluster-scoped policies, and the other kinds as unevaluated", async () => {
    const s = await loadManifests([FIXTURE]);
    expect(s.clusterNetworkPolicies.map((p) => `${p.apiVersion} ${p.kind} ${p.name}`).sort()).toEqual([
      "policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy shop-not-to-billing",
      "policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy default",
      "policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy not-default",
      "policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy baseline-default-deny",
      "policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy allow-monitoring",
      "policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy bad-cidr",
      "policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy bad-range",
      "policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy deny-metadata",
      "policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy teams-decide",
    ]);
    expect(
      s.unevaluatedPolicies.map((u) => `${u.kind} ${u.namespace ?? "*"}/${u.name} ${u.clusterWide}`),
    ).toEqual([
      "CiliumNetworkPolicy shop/web-l7 false",
      "GlobalNetworkPolicy */deny-egress-internet true",
      "AuthorizationPolicy billing/ledger-callers false",
    ]);
    // Cluster-scoped kinds do not invent a "default" namespace.
    expect(s.namespaces.map((n) => n.name)).not.toContain("default");
    expect(s.warnings.filter((w) => w.message.includes("not read by Vigil"))).toEqual([]);
  });

  it("an AdminNetworkPolicy Deny on the source's egress decides, whatever the destination accepts", async () => {
    const w = await explain("shop/web", "billing/ledger", 9090);
    expect(w.allowed).toBe(false);
    expect(w.egress.tiers?.steps[0]).toMatchObject({
      tier: "Admin",
      action: "Deny",
      policy: { kind: "AdminNetworkPolicy", name: "shop-not-to-billing" },
      priority: 5,
      rule: 0,
      ruleName: "no-billing",
    });
  });

  it("an Admin Pass hands the destination's ingress to its NetworkPolicy", async () => {
    const w = await explain("shop/web", "billing/ledger", 8080);
    expect(w.allowed).toBe(true);
    expect(w.ingress.tiers?.steps.map((s) => `${s.tier} ${s.action}`)).toEqual([
      "Admin Pass",
      "NetworkPolicy allowed",
    ]);
    expect(w.ingress.allowedBy.map((r) => r.policy.name)).toEqual(["ledger-from-shop"]);
  });

  it("an Admin Accept on a named port opens a pod its NetworkPolicy isolates, on that port only", async () => {
    const open = await explain("monitoring/prometheus", "billing/ledger", 9090);
    expect(open.allowed).toBe(true);
    expect(open.ingress.tiers?.steps[0]).toMatchObject({
      policy: { name: "allow-monitoring" },
      action: "Accept",
    });
    expect((await explain("monitoring/prometheus", "billing/ledger", 8080)).allowed).toBe(false);
  });

  it("the Baseline tier decides for pods no NetworkPolicy isolates, in both generations", async () => {
    const banp = await explain("shop/web", "monitoring/prometheus", 80);
    expect(banp.allowed).toBe(false);
    expect(banp.ingress.tiers?.steps.at(-1)).toMatchObject({
      tier: "Baseline",
      policy: { kind: "BaselineAdminNetworkPolicy", name: "default" },
    });
    const cnp = await explain("billing/ledger", "shop/web", 8080);
    expect(cnp.allowed).toBe(false);
    expect(
      cnp.ingress.tiers?.steps.map((s) => `${s.tier} ${s.action} ${s.policy?.name ?? ""}`.trim()),
    ).toEqual(["Admin Pass teams-decide", "Baseline Deny baseline-default-deny"]);
  });

  it("a networks peer denies the cloud metadata address", async () => {
    const w = await explain("shop/web", "169.254.169.254", 80);
    expect(w.allowed).toBe(false);
    expect(w.egress.tiers?.steps[0]).toMatchObject({
      policy: { name: "deny-metadata" },
      peer: "networks 169.254.169.254/32",
    });
  });

  it("says an answer is an upper bound where a kind Vigil does not evaluate may select an end (NET-011)", async () => {
    const w = await explain("shop/web", "billing/ledger", 8080);
    expect(w.upperBound).toBe(true);
    expect(w.notes.join("\n")).toContain("CiliumNetworkPolicy shop/web-l7");
    expect(w.notes.join("\n")).toContain("AuthorizationPolicy billing/ledger-callers");
  });

  it("reports invalid cluster-tier policies, NET-009 and NET-011", async () => {
    const s = await loadManifests([FIXTURE]);
    const findings = findNetworkRisks(s);
    const invalid = findings.filter((f) => f.rule === "NET-005").map((f) => f.object?.name);
    expect(invalid.sort()).toEqual(["bad-cidr", "bad-range", "not-default"]);
    expect(findings.filter((f) => f.rule === "NET-009").map((f) => `${f.object?.name} ${f.scope}`)).toEqual([
      "allow-monitoring billing",
    ]);
    expect(findings.filter((f) => f.rule === "NET-011")).toHaveLength(3);
    expect(findings.find((f) => f.object?.name === "deny-egress-internet")?.message).toContain("3 workloads");
  });
});
