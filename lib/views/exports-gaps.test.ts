import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import type { Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { findingsToCsv } from "@/lib/findings/export-findings";
import { parsePort } from "@/lib/model/parse-port";
import { areaFindings, areaGaps } from "@/lib/views/area-findings";
import { exportGaps } from "@/lib/views/export-gaps";
import { connectionsToCsv, networkConnections } from "@/lib/views/network-connections";
import { buildNetworkView } from "@/lib/views/build-network-view";

// What the exports write: every connection the Network page's filters keep, and what the viewer may not read,
// in both the connection list and the findings file, so that no file reads as complete when it is not.

const now = new Date("2031-03-15T09:00:00Z");
let demo: Snapshot;
let alice: Snapshot;
let bob: Snapshot;
beforeAll(async () => {
  demo = await loadDemoSnapshot(now);
  alice = gateSnapshot(demo, rbacDecide(demo, { name: "alice@example.com", groups: ["team-frontend"] }));
  bob = gateSnapshot(demo, rbacDecide(demo, { name: "bob@example.com", groups: ["security-reviewers"] }));
});

describe("the Network connection list", () => {
  it("holds every connection the graph draws, and the all-port ones it leaves out, for bob with no gap", () => {
    const analysis = analyzeNetwork(bob);
    const list = networkConnections(analysis, bob.gaps);
    const view = buildNetworkView(analysis);
    const ids = new Set(list.connections.map((c) => `${c.from}>${c.to}`));
    for (const e of view.edges) expect(ids.has(e.id), e.id).toBe(true);
    expect(list.connections).toHaveLength(view.edges.length + view.hiddenOpenEdges);
    expect(list).toMatchObject({ complete: true, gaps: [] });
    expect(list.connections.some((c) => c.fromLabel.startsWith("internet ("))).toBe(true);
  });

  it("keeps the page's filters: shop's egress on TCP 443 lists shop's connections out on 443", () => {
    const list = networkConnections(analyzeNetwork(bob), bob.gaps, {
      namespace: "shop",
      direction: "egress",
      port: parsePort("TCP/443"),
    });
    expect(list.filter).toEqual({ namespace: "shop", direction: "egress", port: "TCP/443" });
    expect(list.connections.length).toBeGreaterThan(0);
    expect(list.connections.every((c) => c.from.startsWith("shop/"))).toBe(true);
    expect(list.connections.every((c) => c.allPorts || /443|all ports/.test(c.ports))).toBe(true);
  });

  it("records what alice may not read in JSON and as (not visible) rows in CSV", () => {
    const list = networkConnections(analyzeNetwork(alice), alice.gaps);
    expect(list.complete).toBe(false);
    expect(list.gaps).toContainEqual({
      resource: "clusternetworkpolicies",
      where: "cluster-wide",
      status: "forbidden",
      message:
        "you may not list clusternetworkpolicies.policy.networking.k8s.io cluster-wide: reachability shown may be wrong where they apply",
    });
    const csv = connectionsToCsv(list).trimEnd().split("\r\n");
    expect(csv[0]).toBe("from,to,ports,allPorts,implementationDefined,note");
    expect(csv.length).toBe(1 + list.connections.length + list.gaps.length);
    expect(csv.filter((r) => r.startsWith("(not visible),clusternetworkpolicies,"))).toHaveLength(1);
  });
});

describe("the findings export", () => {
  it("adds one (not visible) row per gap to the CSV, severity unknown", () => {
    const gaps = areaGaps(alice.gaps, "certificates");
    expect(gaps.map((g) => g.resource)).toContain("secrets");
    const csv = findingsToCsv(areaFindings(alice, "certificates", now), exportGaps(gaps));
    const rows = csv.trimEnd().split("\r\n").slice(1);
    const hidden = rows.filter((r) => r.startsWith("(not visible),"));
    expect(hidden).toHaveLength(gaps.length);
    expect(hidden.find((r) => r.includes("Not visible to you: secrets"))).toContain(",unknown,,g04,");
  });

  it("has no gap rows for an area whose inputs the viewer reads in full", () => {
    expect(areaGaps(bob.gaps, "rbac")).toEqual([]);
    expect(findingsToCsv(areaFindings(bob, "rbac", now), exportGaps([]))).not.toContain("(not visible)");
    // Secrets are refused to bob: the certificates and the whole export say so.
    expect(areaGaps(bob.gaps, "certificates").map((g) => g.resource)).toEqual(["secrets"]);
    expect(areaGaps(bob.gaps, "all").map((g) => g.resource)).toEqual(["secrets"]);
  });
});
