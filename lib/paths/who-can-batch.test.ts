import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import type { Snapshot } from "@/lib/model/types";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import type { AccessRequest } from "@/lib/rbac/types";
import { whoCan } from "@/lib/rbac/who-can";
import { loadManifests } from "@/lib/sources/load-manifests";
import { NAMESPACES, clusterArb, toSnapshot } from "@/lib/paths/testing/random-cluster";
import { WhoCanBatch } from "@/lib/paths/who-can-batch";

// The batched who-can gives exactly whoCan's answer (subjects, order, grants; and the subjects alone, as the graph
// asks for its holders), for the requests the attack graph asks, in every namespace and cluster-wide, on random clusters, the demo and a generated cluster with Roles and
// RoleBindings in many namespaces.

const SHAPES: Omit<AccessRequest, "namespace">[] = [
  { verb: "create", apiGroup: "", resource: "pods" },
  { verb: "create", apiGroup: "apps", resource: "deployments" },
  { verb: "create", apiGroup: "", resource: "pods", subresource: "exec" },
  { verb: "create", apiGroup: "", resource: "pods", subresource: "exec", name: "p0" },
  { verb: "patch", apiGroup: "", resource: "pods", name: "p1" },
  { verb: "patch", apiGroup: "", resource: "pods", subresource: "ephemeralcontainers" },
  { verb: "update", apiGroup: "apps", resource: "daemonsets" },
  { verb: "impersonate", apiGroup: "", resource: "serviceaccounts", name: "robot" },
  { verb: "impersonate", apiGroup: "", resource: "users", name: "alice" },
  { verb: "create", apiGroup: "", resource: "serviceaccounts", subresource: "token" },
  { verb: "list", apiGroup: "", resource: "secrets" },
  { verb: "get", apiGroup: "", resource: "secrets", name: "s" },
  { verb: "*", apiGroup: "*", resource: "*" },
  { verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "rolebindings" },
  { verb: "bind", apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles", name: "cluster-admin" },
  { verb: "get", apiGroup: "", resource: "nodes", subresource: "proxy" },
  { verb: "get", apiGroup: "", resource: "namespaces", name: "a" },
];

function compare(snapshot: Snapshot, namespaces: readonly (string | undefined)[]) {
  const index = buildRbacIndex(snapshot);
  const batch = new WhoCanBatch(index);
  for (const shape of SHAPES) {
    for (const namespace of namespaces) {
      const request: AccessRequest = { ...shape, ...(namespace !== undefined ? { namespace } : {}) };
      const all = whoCan(index, request).subjects;
      expect(batch.subjects(request), JSON.stringify(request)).toEqual(all);
      // Only the grants through rules with resourceNames, and the subjects that keep some.
      const named = all
        .map((s) => ({ ...s, grants: s.grants.filter((g) => g.rule.resourceNames.length > 0) }))
        .filter((s) => s.grants.length > 0);
      expect(batch.subjects(request, true), `named ${JSON.stringify(request)}`).toEqual(named);
      // The keys alone (the graph's holders), and which subjects a RoleBinding grants.
      for (const [list, namedOnly] of [
        [all, false],
        [named, true],
      ] as const) {
        const h = batch.holders(request, namedOnly);
        expect(
          h.keys.map((k) => ({ ...h.subject(k), local: h.local(k) })),
          `holders ${namedOnly} ${JSON.stringify(request)}`,
        ).toEqual(
          list.map(({ grants, ...subject }) => ({
            ...subject,
            local: grants.some((g) => g.binding.kind === "RoleBinding"),
          })),
        );
      }
    }
  }
}

describe("who-can for every namespace at once", () => {
  it("agrees with whoCan on random clusters", () => {
    fc.assert(
      fc.property(clusterArb, (c) => compare(toSnapshot(c), [undefined, ...NAMESPACES, "elsewhere"])),
      { numRuns: 100 },
    );
  });

  it("agrees with whoCan on the demo and on a generated cluster with Roles in many namespaces", async () => {
    const demo = await loadManifests(["fixtures/demo"]);
    compare(demo, [undefined, ...demo.namespaces.map((n) => n.name)]);
    const generated = generateCluster({
      seed: 7,
      namespaces: 6,
      podsPerNamespace: 3,
      policiesPerNamespace: 1,
      roles: 120,
      bindings: 400,
    });
    compare(generated, [undefined, ...generated.namespaces.map((n) => n.name)]);
  });
});
