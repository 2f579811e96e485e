import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { entryNodes } from "@/lib/paths/find-paths";
import type { AttackGraph } from "@/lib/paths/graph-builder";
import { search } from "@/lib/paths/search";
import { clusterArb, toSnapshot } from "@/lib/paths/testing/random-cluster";
import type { EntrySpec } from "@/lib/paths/types";

// A layer is built by following its nodes' edges (push) or by reading the incoming edges of the nodes not reached
// yet (pull). Both must give the same hops, assumptions and the same edge or link each node is reached by (which
// decides the path shown), with and without an edge left out.

function entriesOf(graph: AttackGraph, namespaces: readonly string[]): number[][] {
  const entries: EntrySpec[] = [
    { kind: "internet" },
    { kind: "any-pod" },
    ...namespaces.map((namespace): EntrySpec => ({ kind: "any-pod", namespace })),
  ];
  return entries.map((e) => entryNodes(graph, e));
}

function compare(graph: AttackGraph, sources: number[]) {
  const push = search(graph, sources, { pull: false });
  expect(search(graph, sources, { pull: true })).toEqual(push);
  expect(search(graph, sources)).toEqual(push);
  const hop = push.pred.find((p) => p >= 0);
  if (hop !== undefined) {
    const skip = (e: number) => e === hop;
    expect(search(graph, sources, { pull: true, skip })).toEqual(
      search(graph, sources, { pull: false, skip }),
    );
  }
  expect(search(graph, sources, { pull: true, maxHops: 2 })).toEqual(
    search(graph, sources, { pull: false, maxHops: 2 }),
  );
}

describe("pulling a layer", () => {
  it("reaches each node as pushing does, on random clusters", () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { graph, context } = buildAttackGraph(toSnapshot(c));
        for (const sources of entriesOf(graph, context.namespaces)) compare(graph, sources);
        // From every single node too (identities, Secrets, nodes: entries of the page).
        for (let s = 0; s < graph.nodes.length; s++) compare(graph, [s]);
      }),
      { numRuns: 120 },
    );
  });

  it("reaches each node as pushing does, on the demo and a generated cluster", async () => {
    const snapshots = [
      await loadManifests(["fixtures/demo"]),
      generateCluster({
        seed: 5,
        namespaces: 12,
        podsPerNamespace: 10,
        policiesPerNamespace: 3,
        roles: 200,
        bindings: 600,
      }),
    ];
    for (const snapshot of snapshots) {
      const { graph, context } = buildAttackGraph(snapshot);
      for (const sources of entriesOf(graph, context.namespaces)) compare(graph, sources);
    }
  });
});
