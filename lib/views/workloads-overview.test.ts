import { describe, expect, it } from "vitest";
import { gateSnapshot, type Decide } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { buildOverview } from "@/lib/views/build-overview";
import { workloadsOverview } from "@/lib/views/workloads-overview";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";

const now = new Date("2031-03-15T09:00:00Z");

describe("the overview's workloads panel", () => {
  it("shows bob g04 enforcing restricted with its drifted worker, and every namespace's levels", async () => {
    const s = await loadDemoSnapshot(now);
    const bob = gateSnapshot(s, rbacDecide(s, { name: "bob@example.com", groups: ["security-reviewers"] }));
    const w = buildOverview(bob, now).workloads;
    expect(w.unknown).toEqual([]);
    expect(w.namespaces[0]).toMatchObject({ namespace: "g04", enforce: "restricted:latest", rejected: 1 });
    expect(w.drifted).toEqual([
      {
        kind: "Deployment",
        namespace: "g04",
        name: "orion-worker",
        policy: "restricted:latest",
        checks: ["capabilities_restricted"],
      },
    ]);
    expect(w.counts.privileged).toBeGreaterThan(0);
    // The per-namespace counts add up to the totals: every top-level workload sits in one row.
    for (const level of ["privileged", "baseline", "restricted"] as const)
      expect(w.namespaces.reduce((sum, n) => sum + n.counts[level], 0)).toBe(w.counts[level]);
    expect(w.unenforced).toBe(w.namespaces.filter((n) => n.enforce === null).length);
    expect(w.top.map((f) => f.rule)).toContain("POD-001");
    expect(w.top.every((f) => /^(POD|EXP)-\d{3}$/.test(f.rule))).toBe(true);
    expect(buildOverview(bob, now).findings.some((f) => f.rule.startsWith("POD-"))).toBe(true);
  });

  it("shows alice g04 only, and says the namespaces she may not list are not counted", async () => {
    const s = await loadDemoSnapshot(now);
    const alice = gateSnapshot(s, rbacDecide(s, { name: "alice@example.com", groups: ["team-frontend"] }));
    const w = buildOverview(alice, now).workloads;
    expect(w.namespaces.map((n) => n.namespace)).toEqual(["g04"]);
    expect(w.rejected).toBe(1);
    expect(w.unknown.map((u) => u.resource)).toEqual(["namespaces"]);
  });

  it("marks the namespaces where the viewer may not list pods, and the figures as unknown", async () => {
    const s = await loadDemoSnapshot(now);
    const decide: Decide = (q) =>
      q.verb === "list" && q.resource === "pods" && (q.namespace === undefined || q.namespace === "shop")
        ? "deny"
        : "allow";
    const gated = gateSnapshot(s, decide);
    const w = buildOverview(gated, now).workloads;
    expect(w.unknown).toEqual([
      { resource: "pods", where: "shop", message: "you may not list pods in shop" },
    ]);
    expect(w.namespaces.find((n) => n.namespace === "shop")?.hidden).toEqual(["pods"]);
    expect(w.namespaces.find((n) => n.namespace === "g04")?.hidden).toEqual([]);
    // Narrowed to a namespace where pods are readable, nothing is unknown.
    expect(buildOverview(gated, now, "g04").workloads.unknown).toEqual([]);
  });

  it("counts a cluster-wide gap against every namespace", () => {
    const pss = evaluateWorkloads({
      namespaces: [
        { name: "a", labels: { "pod-security.kubernetes.io/enforce": "baseline" } },
        { name: "b", labels: {} },
      ],
      pods: [],
      workloads: [],
    });
    const w = workloadsOverview(pss, [
      { resource: "jobs", status: "forbidden", message: "you may not list jobs.batch in any namespace" },
    ]);
    expect(w.namespaces.map((n) => [n.namespace, n.enforce, n.hidden])).toEqual([
      ["b", null, ["jobs"]],
      ["a", "baseline:latest", ["jobs"]],
    ]);
    expect(w.unknown).toEqual([
      {
        resource: "jobs",
        where: "in any namespace",
        message: "you may not list jobs.batch in any namespace",
      },
    ]);
    expect(w.unenforced).toBe(1);
  });
});
