import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import {
  accessQuestions,
  CLUSTER_KINDS,
  gateSnapshot,
  NAMESPACED_KINDS,
  questionKey,
  type AccessQuestion,
  type Decide,
} from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import type { Snapshot } from "@/lib/model/types";

let demo: Snapshot;
beforeAll(async () => {
  demo = await loadDemoSnapshot(new Date("2026-01-15T12:00:00Z"));
});

const names = (s: Snapshot) => s.namespaces.map((n) => n.name).sort();

describe("gating the demo snapshot with the viewer's own RBAC", () => {
  it("shows alice (team-frontend, view in g04) only g04, and says what she may not list", () => {
    const alice = gateSnapshot(
      demo,
      rbacDecide(demo, { name: "alice@example.com", groups: ["team-frontend"] }),
    );
    expect(names(alice)).toEqual(["g04"]);
    expect(alice.pods.length).toBeGreaterThan(0);
    expect(alice.pods.every((p) => p.namespace === "g04")).toBe(true);
    expect(alice.networkPolicies.every((p) => p.namespace === "g04")).toBe(true);
    expect(alice.nodes).toEqual([]);
    expect(alice.bindings).toEqual([]);
    expect(alice.gaps).toContainEqual(
      expect.objectContaining({ resource: "rolebindings", namespace: "g04", status: "forbidden" }),
    );
    expect(alice.gaps).toContainEqual(expect.objectContaining({ resource: "nodes", status: "forbidden" }));
    expect(alice.gaps.some((g) => g.namespace !== undefined && g.namespace !== "g04")).toBe(false);
  });

  it("shows bob (security-reviewers) every namespace and every kind he may read, but no Secrets", () => {
    const bob = gateSnapshot(
      demo,
      rbacDecide(demo, { name: "bob@example.com", groups: ["security-reviewers"] }),
    );
    expect(names(bob)).toEqual(names(demo));
    expect(bob.pods).toHaveLength(demo.pods.length);
    expect(bob.networkPolicies).toHaveLength(demo.networkPolicies.length);
    expect(bob.secrets).toEqual([]);
    // Secrets are forbidden in every namespace he sees: said once, not once per namespace.
    expect(bob.gaps.filter((g) => g.resource === "secrets")).toEqual([
      { resource: "secrets", status: "forbidden", message: "you may not list secrets in any namespace" },
    ]);
  });

  it("shows carol, who has no grants, no namespace at all", () => {
    const carol = gateSnapshot(demo, rbacDecide(demo, { name: "carol@example.com", groups: [] }));
    expect(carol.namespaces).toEqual([]);
    expect(carol.pods).toEqual([]);
    expect(carol.gaps).toContainEqual(
      expect.objectContaining({ resource: "namespaces", status: "forbidden" }),
    );
  });

  it("lets everything through for a viewer allowed everything", () => {
    const all = gateSnapshot(demo, () => "allow");
    expect({ ...all, gaps: [] }).toEqual({ ...demo, gaps: [] });
  });

  it("shows the API server's served certificate only to a viewer who may list nodes", () => {
    const g04 = demo.namespaces[0]?.name ?? "g04";
    const served = {
      ...demo,
      servedCertificates: [
        { source: { kind: "APIServer", name: "kube-apiserver" }, host: "10.0.0.1", port: 6443, chain: "api" },
        {
          source: { kind: "Ingress", namespace: g04, name: "web" },
          host: "a.example.com",
          port: 443,
          chain: "web",
        },
      ],
    };
    const kept = (decide: Decide) => gateSnapshot(served, decide).servedCertificates.map((c) => c.chain);
    expect(kept(() => "allow")).toEqual(["api", "web"]);
    expect(kept((q) => (q.resource === "nodes" ? "deny" : "allow"))).toEqual(["web"]);
    expect(kept((q) => (q.resource === "ingresses" ? "deny" : "allow"))).toEqual(["api"]);
  });

  it("treats an undecidable question as a refusal, and says so", () => {
    const s = gateSnapshot(demo, (q) => (q.resource === "namespaces" ? "allow" : "indeterminate"));
    expect(s.pods).toEqual([]);
    expect(s.gaps.find((g) => g.resource === "pods")?.message).toMatch(/could not decide/);
  });
});

// The naive reference: every object asks its own questions from scratch.
function naiveVisible(snapshot: Snapshot, decide: Decide) {
  const yes = (q: AccessQuestion) => decide(q) === "allow";
  const list = (k: { group: string; resource: string }, namespace?: string): AccessQuestion => ({
    verb: "list",
    group: k.group,
    resource: k.resource,
    ...(namespace !== undefined ? { namespace } : {}),
  });
  const nsVisible = (ns: string) =>
    snapshot.namespaces.some((n) => n.name === ns) &&
    (yes(list(CLUSTER_KINDS.namespaces)) ||
      yes({ verb: "get", group: "", resource: "namespaces", namespace: ns, name: ns }) ||
      Object.values(NAMESPACED_KINDS).some((k) => !yes(list(k)) && yes(list(k, ns))));
  const sees = (k: { group: string; resource: string }, ns: string) =>
    nsVisible(ns) && (yes(list(k)) || yes(list(k, ns)));
  return {
    namespaces: snapshot.namespaces.filter((n) => nsVisible(n.name)),
    services: snapshot.services.filter((s) => sees(NAMESPACED_KINDS.services, s.namespace)),
    networkPolicies: snapshot.networkPolicies.filter((p) =>
      sees(NAMESPACED_KINDS.networkPolicies, p.namespace),
    ),
    workloads: snapshot.workloads.filter((w) => sees(NAMESPACED_KINDS[w.kind], w.namespace)),
    roles: snapshot.roles.filter((r) =>
      r.kind === "Role"
        ? sees(NAMESPACED_KINDS.Role, r.namespace ?? "")
        : yes(list(CLUSTER_KINDS.ClusterRole)),
    ),
    bindings: snapshot.bindings.filter((b) =>
      b.kind === "RoleBinding"
        ? sees(NAMESPACED_KINDS.RoleBinding, b.namespace ?? "")
        : yes(list(CLUSTER_KINDS.ClusterRoleBinding)),
    ),
    nodes: yes(list(CLUSTER_KINDS.nodes)) ? snapshot.nodes : [],
  };
}

describe("gateSnapshot against the naive reference", () => {
  it("agrees on random clusters and random permissions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (seed, permSeed) => {
          const snapshot = generateCluster({
            seed,
            namespaces: 4,
            podsPerNamespace: 3,
            policiesPerNamespace: 2,
            roles: 6,
            bindings: 6,
          });
          const questions = accessQuestions(snapshot.namespaces.map((n) => n.name));
          // Each question is allowed or not by one bit of a hash of the permission seed and its key.
          const decide: Decide = (q) => {
            const key = questionKey(q);
            let h = permSeed;
            for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
            return (h >>> 3) % 3 === 0 ? "allow" : "deny";
          };
          expect(questions.length).toBeGreaterThan(0);
          const fast = gateSnapshot(snapshot, decide);
          const naive = naiveVisible(snapshot, decide);
          expect(fast.namespaces).toEqual(naive.namespaces);
          expect(fast.services).toEqual(naive.services);
          expect(fast.networkPolicies).toEqual(naive.networkPolicies);
          expect(fast.workloads).toEqual(naive.workloads);
          expect(fast.roles).toEqual(naive.roles);
          expect(fast.bindings).toEqual(naive.bindings);
          expect(fast.nodes).toEqual(naive.nodes);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("needs no answer beyond the questions the cluster-wide answers leave open", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        (seed, permSeed, clusterOdds, getOdds, listOdds) => {
          const snapshot = generateCluster({
            seed,
            namespaces: 4,
            podsPerNamespace: 3,
            policiesPerNamespace: 2,
            roles: 6,
            bindings: 6,
          });
          const namespaces = snapshot.namespaces.map((n) => n.name);
          const decide: Decide = (q) => {
            const key = questionKey(q);
            let h = permSeed;
            for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
            // Allowed in `odds` of 12 cases, with odds of their own for cluster-wide lists, getting a namespace
            // and listing in one, so that every mix occurs: a cluster reader, a viewer of a few namespaces, one
            // who may get a namespace but list nothing in it, one who sees nothing.
            const odds = q.namespace === undefined ? clusterOdds : q.verb === "get" ? getOdds : listOdds;
            return (h >>> 3) % 12 < odds ? "allow" : "deny";
          };
          // What a SubjectAccessReview cache holds after asking only the narrowed questions: anything else
          // reads "indeterminate", which would hide objects or change gaps if gateSnapshot ever needed it.
          const asked = new Set(accessQuestions(namespaces, decide).map(questionKey));
          const narrowed: Decide = (q) => (asked.has(questionKey(q)) ? decide(q) : "indeterminate");
          expect(gateSnapshot(snapshot, narrowed)).toEqual(gateSnapshot(snapshot, decide));
          expect(asked.size).toBeLessThanOrEqual(accessQuestions(namespaces).length);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("asks one question per kind, not per kind and namespace, of a viewer who may read the whole cluster", () => {
    const namespaces = Array.from({ length: 200 }, (_, i) => `ns-${i}`);
    const everything: Decide = () => "allow";
    expect(accessQuestions(namespaces, everything)).toEqual(accessQuestions([], everything));
    expect(accessQuestions(namespaces).length).toBeGreaterThan(200 * 10);
  });
});
