import { beforeAll, describe, expect, it } from "vitest";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import type { Snapshot } from "@/lib/model/types";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { buildPathsPage, readPathsQuery } from "@/lib/views/build-paths-page";
import { pathsToCsv, pathsToJson } from "@/lib/views/paths-export";
import { pathsHref } from "@/lib/views/paths-href";

// The /paths page on the demo cluster, as bob (security-reviewers: everything but Secrets) and alice (team-frontend:
// g04 only) see it.

let bob: Snapshot;
let alice: Snapshot;
beforeAll(async () => {
  const demo = await loadDemoSnapshot(new Date("2026-03-01T00:00:00Z"));
  bob = gateSnapshot(demo, rbacDecide(demo, { name: "bob@example.com", groups: ["security-reviewers"] }));
  alice = gateSnapshot(demo, rbacDecide(demo, { name: "alice@example.com", groups: ["team-frontend"] }));
});

describe("the attack paths page", () => {
  it("shows bob the internet reaching cluster-admin in 5 hops, each hop with technique, evidence and links", () => {
    const view = buildPathsPage(bob, readPathsQuery({}));
    expect(view.query).toEqual({
      from: "internet",
      to: ["cluster-admin", "all-nodes", "cloud-credentials"],
      fix: [],
      view: "paths",
    });
    expect(view.headline).toBe("The internet reaches cluster-admin in 5 hops");
    const admin = view.paths.find((p) => p.to.label === "cluster-admin");
    expect(admin?.hops.map((h) => h.technique)).toEqual([
      "ATTACK-001",
      "ATTACK-009",
      "ATTACK-011",
      "ATTACK-010",
      "ATTACK-014",
    ]);
    const [exposed, token, create, , bind] = admin?.hops ?? [];
    expect(exposed?.assumption).toMatch(/exploitable/);
    expect(exposed?.to).toMatchObject({
      label: "container nginx of t75/nginx[Deployment]",
      href: "/workloads?ns=t75",
    });
    expect(exposed?.evidence[0]?.text).toContain("Ingress t75/accounting-ingress");
    expect(token?.to.href).toBe("/access/subjects/ServiceAccount/t75/accounting-web");
    expect(create?.evidence[0]).toEqual({
      text: "RoleBinding t75/accounting-web-report-runner grants Role t75/report-runner: create pods in t75",
      href: "/access/roles/Role/t75/report-runner",
    });
    expect(bind?.evidence[0]?.href).toBe("/access/roles/ClusterRole/cluster-admin");
    expect(admin?.assumptions).toBe(1);
    // bob may not read Secrets: the page says so.
    expect(view.hidden).toEqual(["secrets"]);
    expect(view.findings.map((f) => f.rule)).toContain("PATH-001");
  });

  it("ranks the hops to cut by how many of the shown paths each breaks, and suggests the fixes to try", () => {
    const view = buildPathsPage(bob, readPathsQuery({ to: "cluster-admin" }));
    expect(view.paths).toHaveLength(1);
    expect(view.cuts.length).toBe(5);
    expect(view.cuts.every((c) => c.onPaths === 1)).toBe(true);
    // The exposed nginx and its token are the only way in; the create-pods grant is not the only way on (t75's
    // other accounts may create pods too), so cutting that one hop alone leaves a route.
    const breaking = view.cuts.filter((c) => c.breaks === 1).map((c) => c.technique);
    expect(breaking).toEqual(expect.arrayContaining(["ATTACK-001", "ATTACK-009"]));
    expect(breaking).not.toContain("ATTACK-011");
    expect(view.cuts[0]?.breaks).toBe(1);
    expect(view.cuts[0]?.how.length).toBeGreaterThan(0);
    expect(view.suggestions.map((s) => s.value).sort()).toEqual(["default-deny:t75", "enforce-baseline:t75"]);
  });

  it("shows the demo's fix by what-if: with baseline enforced in t75, or a default-deny there, the path disappears", () => {
    for (const fix of ["enforce-baseline:t75", "default-deny:t75"]) {
      const view = buildPathsPage(bob, readPathsQuery({ to: "cluster-admin", fix }));
      expect(view.whatIf).toMatchObject({ before: 1, after: 0 });
      expect(view.whatIf?.gone.map((p) => p.to.label)).toEqual(["cluster-admin"]);
      expect(view.paths).toEqual([]);
      // bob may not read Secrets, so no path left is "unknown", never an all-clear.
      expect(view.headline).toBe(
        "Unknown whether the internet reaches cluster-admin: no path among what you may see",
      );
    }
  });

  it("shows the blast radius of an entry, nearest first", () => {
    const view = buildPathsPage(bob, readPathsQuery({ view: "blast" }));
    const hops = view.blast?.columns.map((c) => c.hops) ?? [];
    expect(hops[0]).toBe(1);
    expect([...hops].sort((a, b) => a - b)).toEqual(hops);
    expect(view.blast?.targets.map((t) => t.label)).toContain("cluster-admin");
    expect(view.blast?.columns.reduce((n, c) => n + c.count, 0)).toBe(view.blast?.total);
  });

  it("shows alice only what lies within g04, and says that parts are hidden", () => {
    const view = buildPathsPage(alice, readPathsQuery({}));
    expect(view.paths).toEqual([]);
    expect(view.headline).toBe(
      "Unknown whether the internet reaches cluster-admin, a node or cloud credentials: no path among what you may see",
    );
    expect(view.hidden).toEqual(
      expect.arrayContaining(["clusterrolebindings", "nodes", "rolebindings", "secrets"]),
    );
    expect(view.entries.map((e) => e.value)).toEqual(["internet", "any-pod", "any-pod:g04"]);
    const g04 = buildPathsPage(alice, readPathsQuery({ from: "any-pod:g04" }));
    expect(g04.paths.length).toBeGreaterThan(0);
    const json = JSON.stringify(g04.paths);
    for (const ns of ["t75", "kube-system", "ci", "shop"]) expect(json).not.toContain(`${ns}/`);
    expect(g04.findings.every((f) => f.chain.includes("g04/"))).toBe(true);
  });

  it("says what it does not understand in the URL, and answers with the defaults for it", () => {
    const view = buildPathsPage(
      bob,
      readPathsQuery({ from: "pod:nope", to: ["internet", "cluster-admin"], fix: "x" }),
    );
    expect(view.errors).toEqual([
      'pod: must look like ns/name, not "nope"',
      "internet is not a target: use cluster-admin, all-nodes, cloud-credentials, secrets or a REF",
      'a what-if must be default-deny:NS, enforce-baseline:NS or enforce-restricted:NS, not "x"',
    ]);
    expect(view.query).toMatchObject({ from: "internet", to: ["cluster-admin"], fix: [] });
  });

  it("exports the answer: CSV one row per hop, JSON the whole answer; links keep the query", () => {
    const parsed = readPathsQuery({ to: "cluster-admin", fix: "default-deny:shop" });
    const view = buildPathsPage(bob, parsed);
    const csv = pathsToCsv(view).split("\r\n");
    expect(csv[0]).toBe("path,from,to,hop,technique,title,hop_from,hop_to,assumption,evidence,message");
    expect(csv.filter((l) => l.startsWith("1,"))).toHaveLength(5);
    const meta = { generatedAt: "t", generatedBy: "bob", cluster: "demo", snapshotTakenAt: "t" };
    expect(pathsToJson(view, meta)).toMatchObject({
      headline: view.headline,
      whatIf: { before: 1, after: 1 },
    });
    expect(pathsHref(view.query, "1")).toBe("/paths?to=cluster-admin&fix=default-deny%3Ashop&present=1");
  });
});
