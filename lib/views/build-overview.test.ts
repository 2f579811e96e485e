import { describe, expect, it } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import { buildOverview } from "@/lib/views/build-overview";
import type { Count } from "@/lib/views/known-count";
import type { Snapshot } from "@/lib/model/types";

/** The value of a count that must be known: fails the test when it is not. */
function known(c: Count): number {
  if (!c.known) throw new Error(`expected a known count, got unknown: ${c.reasons.join("; ")}`);
  return c.value;
}

const viewers = {
  alice: { name: "alice@example.com", groups: ["team-frontend"] },
  bob: { name: "bob@example.com", groups: ["security-reviewers"] },
  carol: { name: "carol@example.com", groups: [] },
};
const as = (s: Snapshot, who: keyof typeof viewers) => gateSnapshot(s, rbacDecide(s, viewers[who]));

const now = new Date("2031-03-15T09:00:00Z");

describe("the overview of the demo cluster", () => {
  it("shows the cluster-admin service account as a critical RBAC finding, first among the top findings", async () => {
    const o = buildOverview(await loadDemoSnapshot(now), now);
    expect(known(o.rbac.bySeverity.critical)).toBeGreaterThan(0);
    expect(o.rbac.top[0]).toMatchObject({ rule: "RBAC-001", severity: "critical", expectedDefault: false });
    expect(known(o.rbac.riskyBindings)).toBeGreaterThan(0);
    expect(o.rbac.bars.map((b) => b.rule)).toContain("RBAC-021");
  });

  it("counts namespaces without default-deny and the dashboard exposed through its NodePort", async () => {
    const o = buildOverview(await loadDemoSnapshot(now), now);
    expect(known(o.network.withoutDefaultDenyIngress)).toBeGreaterThan(0);
    expect(known(o.network.exposedToInternet)).toBeGreaterThan(0);
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
        expect(known(o.certificates.byStatus[status]), `${status} on ${day.toISOString()}`).toBeGreaterThan(
          0,
        );
      }
    }
  });

  it("narrows every panel to one namespace, keeping cluster-wide findings", async () => {
    const s = await loadDemoSnapshot(now);
    const all = buildOverview(s, now);
    const g04 = buildOverview(s, now, "g04");
    expect(g04.findings.length).toBeLessThan(all.findings.length);
    expect(g04.network.namespaces).toEqual({ known: true, value: 1 });
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
  it("still counts a certificate in every status, but says the figures are unknown since he may not read Secrets", async () => {
    const s = await loadDemoSnapshot(now);
    const bob = as(s, "bob");
    expect(bob.secrets).toEqual([]);
    const o = buildOverview(bob, now);
    for (const status of ["expired", "critical", "warning", "ok", "not-yet-valid"] as const) {
      const c = o.certificates.byStatus[status];
      expect(c, status).toMatchObject({
        known: false,
        reasons: ["you may not list secrets in any namespace"],
      });
      expect(c.known ? 0 : c.seen, status).toBeGreaterThan(0);
    }
    expect(o.certificates.gaps.map((g) => g.resource)).toEqual(["secrets"]);
  });

  it("knows his RBAC and network figures, and counts the expected defaults apart from every severity", async () => {
    const s = await loadDemoSnapshot(now);
    const o = buildOverview(as(s, "bob"), now);
    expect(o.rbac.gaps).toEqual([]);
    expect(o.network.gaps).toEqual([]);
    expect(known(o.rbac.expectedDefaults)).toBeGreaterThan(0);
    // Every RBAC finding is counted once: under its severity, or as an expected default.
    const rbac = o.findings.filter((f) => f.rule.startsWith("RBAC-"));
    const bySeverity = Object.values(o.rbac.bySeverity).reduce((n, c) => n + known(c), 0);
    expect(bySeverity + known(o.rbac.expectedDefaults)).toBe(rbac.length);
    expect(known(o.rbac.expectedDefaults)).toBe(rbac.filter((f) => f.expectedDefault).length);
    // system:masters' cluster-admin binding is critical if counted, and it is not in the critical figure.
    const masters = rbac.filter((f) => f.expectedDefault && f.severity === "critical");
    expect(masters.length).toBeGreaterThan(0);
    expect(known(o.rbac.bySeverity.critical)).toBe(
      rbac.filter((f) => !f.expectedDefault && f.severity === "critical").length,
    );
  });
});

describe("the overview as alice and carol see it: unknown, never a green 0", () => {
  it("gives alice (view in g04 only) unknown RBAC, network and certificate figures, each with its reason", async () => {
    const s = await loadDemoSnapshot(now);
    const o = buildOverview(as(s, "alice"), now);
    for (const c of [
      ...Object.values(o.rbac.bySeverity),
      o.rbac.expectedDefaults,
      o.rbac.riskyBindings,
      o.network.withoutDefaultDenyIngress,
      o.network.exposedToInternet,
      o.network.metadataReachable,
      ...Object.values(o.certificates.byStatus),
      o.certificates.total,
    ]) {
      expect(c.known).toBe(false);
      if (!c.known) expect(c.reasons.length).toBeGreaterThan(0);
    }
    const critical = o.rbac.bySeverity.critical;
    expect(critical.known ? [] : critical.reasons).toContain(
      "you may not list rolebindings.rbac.authorization.k8s.io in g04",
    );
    const expired = o.certificates.byStatus.expired;
    expect(expired.known ? [] : expired.reasons).toContain("you may not list secrets in g04");
  });

  it("gives carol (no grant at all) the same, with Secrets refused in any namespace", async () => {
    const s = await loadDemoSnapshot(now);
    const o = buildOverview(as(s, "carol"), now);
    expect(o.rbac.bySeverity.critical).toMatchObject({ known: false, seen: 0 });
    const expired = o.certificates.byStatus.expired;
    expect(expired).toMatchObject({ known: false, seen: 0 });
    expect(expired.known ? [] : expired.reasons).toContain("you may not list secrets in any namespace");
    expect(o.network.namespaces).toMatchObject({ known: false, seen: 0 });
  });

  it("knows alice's network figures for g04 alone once nothing she may not read touches them there", async () => {
    const s = await loadDemoSnapshot(now);
    // Alice may read every namespaced kind the network figures count in g04; what stays unknown is the
    // cluster-wide tier she may not list.
    const o = buildOverview(as(s, "alice"), now, "g04");
    expect(o.network.gaps.map((g) => g.resource)).toEqual(["clusternetworkpolicies"]);
    expect(o.network.namespaces).toEqual({ known: true, value: 1 });
  });
});
