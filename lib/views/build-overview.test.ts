import { describe, expect, it } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import { buildOverview } from "@/lib/views/build-overview";

const now = new Date("2031-03-15T09:00:00Z");

describe("the overview of the demo cluster", () => {
  it("shows the cluster-admin service account as a critical RBAC finding, first among the top findings", async () => {
    const o = buildOverview(await loadDemoSnapshot(now), now);
    expect(o.rbac.bySeverity.critical).toBeGreaterThan(0);
    expect(o.rbac.top[0]).toMatchObject({ rule: "RBAC-001", severity: "critical", expectedDefault: false });
    expect(o.rbac.riskyBindings).toBeGreaterThan(0);
    expect(o.rbac.bars.map((b) => b.rule)).toContain("RBAC-021");
  });

  it("counts namespaces without default-deny and the dashboard exposed through its NodePort", async () => {
    const o = buildOverview(await loadDemoSnapshot(now), now);
    expect(o.network.withoutDefaultDenyIngress).toBeGreaterThan(0);
    expect(o.network.exposedToInternet).toBeGreaterThan(0);
    // The mini graph: the dashboard's namespace exposed, t75 too (its Ingress), a12 never reaching metadata.
    const mini = new Map(o.network.mini.namespaces.map((n) => [n.name, n]));
    expect(mini.get("kubernetes-dashboard")).toMatchObject({
      internet: "exposed",
      metadata: true,
      openToPods: true,
    });
    expect(mini.get("t75")?.internet).toBe("exposed");
    expect(mini.get("a12")).toMatchObject({ internet: "reached", metadata: false });
    expect(mini.get("g04")).toMatchObject({ internet: "none", openToPods: false });
    expect(o.network.mini.namespaces.map((n) => n.name)).toEqual([...mini.keys()].sort());
  });

  it("has a certificate in every status whatever the date, because the demo's are generated relative to now", async () => {
    for (const day of [now, new Date("2027-01-01T00:00:00Z")]) {
      const o = buildOverview(await loadDemoSnapshot(day), day);
      for (const status of ["expired", "critical", "warning", "ok", "not-yet-valid"] as const) {
        expect(o.certificates.byStatus[status], `${status} on ${day.toISOString()}`).toBeGreaterThan(0);
      }
    }
  });

  it("narrows every panel to one namespace, keeping cluster-wide findings", async () => {
    const s = await loadDemoSnapshot(now);
    const all = buildOverview(s, now);
    const g04 = buildOverview(s, now, "g04");
    expect(g04.findings.length).toBeLessThan(all.findings.length);
    expect(g04.network.namespaces).toBe(1);
    expect(g04.findings.some((f) => f.scope === "cluster" || f.binding?.kind === "ClusterRoleBinding")).toBe(
      true,
    );
    expect(
      g04.findings.every(
        (f) => (f.object?.namespace ?? f.source?.namespace ?? "g04") === "g04" || f.scope === "cluster",
      ),
    ).toBe(true);
  });
});

describe("the overview as bob sees it", () => {
  it("still shows a certificate in every status to a reviewer who may not read Secrets", async () => {
    const s = await loadDemoSnapshot(now);
    const bob = gateSnapshot(s, rbacDecide(s, { name: "bob@example.com", groups: ["security-reviewers"] }));
    expect(bob.secrets).toEqual([]);
    const o = buildOverview(bob, now);
    for (const status of ["expired", "critical", "warning", "ok", "not-yet-valid"] as const) {
      expect(o.certificates.byStatus[status], status).toBeGreaterThan(0);
    }
  });
});
