import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import type { Snapshot } from "@/lib/model/types";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { findPaths } from "@/lib/paths/find-paths";
import { findPathFindings } from "@/lib/paths/path-findings";
import { clusterArb, toSnapshot } from "@/lib/paths/testing/random-cluster";
import type { EntrySpec, TargetSpec } from "@/lib/paths/types";

// The graph keeps each RBAC holder's evidence as a reference and computes it when an edge is read
// (lib/paths/lazy-evidence.ts). Built that way, the graph has exactly the edges, evidence, paths and findings
// of the same graph built with every grant's evidence at once: compared as JSON, so order and shape count.

const TARGETS: TargetSpec[] = [
  { kind: "cluster-admin" },
  { kind: "all-nodes" },
  { kind: "cloud-credentials" },
  { kind: "secrets" },
  { kind: "namespace-admin" },
];

function compare(snapshot: Snapshot) {
  const lazy = buildAttackGraph(snapshot);
  const eager = buildAttackGraph(snapshot, { eagerEvidence: true });
  const entries: EntrySpec[] = [
    { kind: "internet" },
    { kind: "any-pod" },
    ...lazy.context.namespaces.map((namespace): EntrySpec => ({ kind: "any-pod", namespace })),
  ];
  // Paths first: their hops are the first edges read, before the whole list is made.
  for (const entry of entries) {
    for (const target of TARGETS) {
      expect(JSON.stringify(findPaths(lazy.graph, entry, target))).toBe(
        JSON.stringify(findPaths(eager.graph, entry, target)),
      );
    }
  }
  expect(lazy.graph.edgeCount).toBe(eager.graph.edgeCount);
  expect(JSON.stringify(lazy.graph.edges)).toBe(JSON.stringify(eager.graph.edges));
  expect(JSON.stringify(findPathFindings(lazy.graph, lazy.context))).toBe(
    JSON.stringify(findPathFindings(eager.graph, eager.context)),
  );
  // An edge read twice is the same object (a hop is found again among the edges by identity).
  for (let i = 0; i < lazy.graph.edgeCount; i++) {
    expect(lazy.graph.edge(i)).toBe(lazy.graph.edges[i]);
    expect(lazy.graph.idOf(lazy.graph.edge(i))).toBe(i);
  }
}

describe("evidence computed when an edge is read", () => {
  it("equals the evidence built with the graph on random clusters", () => {
    fc.assert(
      fc.property(clusterArb, (c) => compare(toSnapshot(c))),
      { numRuns: 150 },
    );
  });

  it("equals the evidence built with the graph on the demo and on generated clusters", async () => {
    compare(await loadManifests(["fixtures/demo"]));
    for (const seed of [7, 11]) {
      compare(
        generateCluster({
          seed,
          namespaces: 8,
          podsPerNamespace: 4,
          policiesPerNamespace: 2,
          roles: 150,
          bindings: 500,
        }),
      );
    }
  });
});
