import { beforeAll, describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import { SEVERITIES } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkPage, networkQuery } from "@/lib/views/network-page";
import { parseQuery } from "@/lib/views/page-query";

let demo: Snapshot;
beforeAll(async () => {
  demo = await loadManifests(["fixtures/demo"]);
});

describe("the Network page's query", () => {
  it("reads one trimmed value per parameter and an unknown direction as none", () => {
    const q = parseQuery(networkQuery, { ns: [" shop ", "x"], dir: "sideways", port: "", from: "shop/web" });
    expect(q).toEqual({ ns: "shop", from: "shop/web" });
    expect(parseQuery(networkQuery, { dir: "egress" }).dir).toBe("egress");
  });
});

describe("the Network page", () => {
  it("turns the port filter off and says so for a text that is not PROTOCOL/PORT", () => {
    const page = buildNetworkPage(demo, parseQuery(networkQuery, { port: "TCP/99999" }));
    expect(page.portRejected).toBe(true);
    expect(page.port).toBeUndefined();
    const ok = buildNetworkPage(demo, parseQuery(networkQuery, { port: "udp/53" }));
    expect(ok).toMatchObject({ portRejected: false, port: { protocol: "UDP", port: 53 } });
  });

  it("explains a connection on TCP/80 unless told otherwise, and reports an unknown endpoint as an error", () => {
    const q = { from: "shop/untrusted-app", to: "shop/my-app" };
    const page = buildNetworkPage(demo, parseQuery(networkQuery, q));
    expect(page.at).toBe("TCP/80");
    expect(page.explainError).toBeUndefined();
    expect(page.explanation?.port).toBe(80);
    const udp = buildNetworkPage(demo, parseQuery(networkQuery, { ...q, at: "UDP/53" }));
    expect(udp.at).toBe("UDP/53");
    expect(udp.explanation).toMatchObject({ protocol: "UDP", port: 53 });
    const bad = buildNetworkPage(demo, parseQuery(networkQuery, { from: "nowhere/x", to: "shop/my-app" }));
    expect(bad.explanation).toBeUndefined();
    expect(bad.explainError).toMatch(/nowhere/);
  });

  it("narrows findings and policies to the namespace and links each coverage row to its namespace", () => {
    const page = buildNetworkPage(demo, parseQuery(networkQuery, { ns: "shop", dir: "ingress" }));
    expect(page.tiers.namespace.every((p) => p.namespace === "shop")).toBe(true);
    expect(page.matrix?.namespace).toBe("shop");
    const row = page.coverage.find((c) => c.namespace === "kube-system");
    expect(row?.href).toBe("/network?ns=kube-system&dir=ingress");
    const all = buildNetworkPage(demo, parseQuery(networkQuery, {}));
    expect(all.findingCount).toBeGreaterThanOrEqual(page.findingCount);
    expect(all.matrix).toBeUndefined();
  });

  it("groups the policies by tier, shows the demo's guardrails, and keeps cluster-scoped findings under a namespace filter", async () => {
    const page = buildNetworkPage(demo, parseQuery(networkQuery, {}));
    expect(page.tiers.admin.map((p) => p.name)).toEqual(["kube-system-guard"]);
    expect(page.tiers.baseline.map((p) => p.name)).toEqual(["baseline-default-deny"]);
    const tiers = await loadManifests(["fixtures/netpol-tiers"]);
    const shop = buildNetworkPage(tiers, parseQuery(networkQuery, { ns: "shop" }));
    // Cluster-scoped findings (an invalid cluster policy) stay visible in every namespace.
    expect(shop.findings.map((f) => f.rule)).toContain("NET-005");
    expect(shop.tiers.admin.every((p) => p.invalid !== undefined || p.selectedPods > 0)).toBe(true);
  });

  it("says which workloads an unevaluated policy kind may select, so that their answers are upper bounds", async () => {
    const tiers = await loadManifests(["fixtures/netpol-tiers"]);
    const page = buildNetworkPage(tiers, parseQuery(networkQuery, {}));
    expect(page.upperBound.policies).toContain("CiliumNetworkPolicy shop/web-l7");
    expect(page.upperBound.workloads.length).toBeGreaterThan(0);
    const billing = buildNetworkPage(tiers, parseQuery(networkQuery, { ns: "billing" }));
    expect(billing.upperBound.workloads.every((w) => w.startsWith("billing/"))).toBe(true);
    expect(buildNetworkPage(demo, parseQuery(networkQuery, {})).upperBound).toEqual({
      workloads: [],
      policies: [],
    });
  });

  it("lists the most severe findings first, at most 50, and counts them all", () => {
    const wide = generateCluster({
      seed: 3,
      namespaces: 80,
      podsPerNamespace: 2,
      policiesPerNamespace: 0,
      roles: 1,
      bindings: 1,
    });
    const page = buildNetworkPage(wide, parseQuery(networkQuery, {}));
    expect(page.findingCount).toBeGreaterThan(50);
    expect(page.findings.length).toBe(50);
    const ranks = page.findings.map((f) => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});
