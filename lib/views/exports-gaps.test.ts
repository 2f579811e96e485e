import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import type { Snapshot } from "@/lib/model/types";
import { findingsToCsv } from "@/lib/findings/export-findings";
import { areaFindings, areaGaps } from "@/lib/views/area-findings";
import { exportGaps } from "@/lib/views/export-gaps";
import { connectionsToCsv, networkConnections } from "@/lib/views/network-connections";
import { buildNetworkPage } from "@/lib/views/network-page";

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
  it("is the page's own list under its filters, for bob with no gap", () => {
    const page = buildNetworkPage(bob, { ns: "shop", dir: "egress", port: "TCP/443" });
    const list = networkConnections(page.view, bob.gaps, {
      namespace: "shop",
      direction: "egress",
      port: "TCP/443",
    });
    expect(list.connections.map((c) => `${c.from}>${c.to}`)).toEqual(page.view.connections.map((c) => c.id));
    // shop's pods may connect anywhere on 443: the list is not empty, and every row starts in shop.
    expect(list.connections.length).toBeGreaterThan(0);
    expect(list.connections.every((c) => c.fromLabel.startsWith("shop/"))).toBe(true);
    expect(list).toMatchObject({ complete: true, gaps: [] });
    const all = networkConnections(buildNetworkPage(bob, {}).view, bob.gaps, { direction: "both" });
    expect(all.connections.some((c) => c.fromLabel === "internet")).toBe(true);
    expect(all.connections.length).toBeGreaterThan(list.connections.length);
  });

  it("records what alice may not read in JSON and as (not visible) rows in CSV", () => {
    const list = networkConnections(buildNetworkPage(alice, {}).view, alice.gaps, { direction: "both" });
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
    const csv = findingsToCsv(areaFindings(alice, "certificates", now), undefined, exportGaps(gaps));
    const rows = csv.trimEnd().split("\r\n").slice(1);
    const hidden = rows.filter((r) => r.startsWith("(not visible),"));
    expect(hidden).toHaveLength(gaps.length);
    expect(hidden.find((r) => r.includes("Not visible to you: secrets"))).toContain(",unknown,,g04,");
  });

  it("has no gap rows for an area whose inputs the viewer reads in full", () => {
    expect(areaGaps(bob.gaps, "rbac")).toEqual([]);
    expect(findingsToCsv(areaFindings(bob, "rbac", now), undefined, [])).not.toContain("(not visible)");
    // Secrets are refused to bob: the certificates and the whole export say so.
    expect(areaGaps(bob.gaps, "certificates").map((g) => g.resource)).toEqual(["secrets"]);
    expect(areaGaps(bob.gaps, "all").map((g) => g.resource)).toEqual(["secrets"]);
  });
});
