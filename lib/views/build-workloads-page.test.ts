import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildWorkloadsPage, workloadsQuery } from "@/lib/views/build-workloads-page";

describe("the Workloads page on the demo cluster", () => {
  it("shows g04 enforcing restricted with its drifted worker, and the what-if of moving a namespace", async () => {
    const snapshot = await loadManifests(["fixtures/demo"]);
    const view = buildWorkloadsPage(snapshot, workloadsQuery.parse({ ns: "g04" }));
    expect(view.namespaces).toEqual([
      expect.objectContaining({
        namespace: "g04",
        enforce: "restricted:latest",
        rejectedNow: 1,
        total: 3,
        wouldRejectBaseline: [],
      }),
    ]);
    const worker = view.rows.find((r) => r.name === "orion-worker");
    expect(worker).toMatchObject({ kind: "Deployment", level: "baseline", rejected: true });
    expect(worker?.violations[0]).toMatchObject({
      check: "capabilities_restricted",
      container: "worker",
      field: "spec.template.spec.containers[0].securityContext.capabilities.drop",
    });
    expect(view.rows.filter((r) => r.name !== "orion-worker").map((r) => r.level)).toEqual([
      "restricted",
      "restricted",
    ]);
  });

  it("finds the hardening guides' stories across the demo, and filters by level and rule", async () => {
    const snapshot = await loadManifests(["fixtures/demo"]);
    const all = buildWorkloadsPage(snapshot, workloadsQuery.parse({}));
    const rules = new Set(all.findings.map((f) => f.rule));
    for (const r of [
      "POD-001",
      "POD-003",
      "POD-012",
      "POD-014",
      "POD-015",
      "POD-017",
      "EXP-001",
      "EXP-002",
      "EXP-003",
      "EXP-004",
    ])
      expect(rules, r).toContain(r);
    const privileged = buildWorkloadsPage(snapshot, workloadsQuery.parse({ level: "privileged" }));
    expect(privileged.rows.map((r) => r.name)).toContain("docker-builder");
    expect(privileged.rows.every((r) => r.level === "privileged")).toBe(true);
    const bad = workloadsQuery.parse({ level: "root", rule: "DROP TABLE" });
    expect(bad).toEqual({});
  });
});
