import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { rankCuts } from "@/lib/paths/cut-hops";
import type { AttackGraph } from "@/lib/paths/graph-builder";
import { entryNodes, findPaths } from "@/lib/paths/find-paths";
import { refKey } from "@/lib/paths/refs";
import { clusterArb, toSnapshot } from "@/lib/paths/testing/random-cluster";
import type { EntrySpec, TargetSpec } from "@/lib/paths/types";

// "Fix this hop" against a naive reference: drop the one edge from the edge list, walk what is left from the entry
// (edges and zero-hop links alike), and see which of the paths' targets are still reached.

function naiveReaches(graph: AttackGraph, sources: number[], without: number): Set<number> {
  const seen = new Set(sources);
  const queue = [...sources];
  while (queue.length > 0) {
    const u = queue.pop() as number;
    const next = [
      ...(graph.links[u] ?? []),
      ...(graph.out[u] ?? []).filter((e) => e !== without).map((e) => graph.edgeTo[e] as number),
    ];
    for (const v of next) {
      if (!seen.has(v)) {
        seen.add(v);
        queue.push(v);
      }
    }
  }
  return seen;
}

function check(graph: AttackGraph, entry: EntrySpec, targets: TargetSpec[]) {
  const paths = targets.flatMap((t) => findPaths(graph, entry, t));
  const cuts = rankCuts(graph, entry, paths);
  const sources = entryNodes(graph, entry);
  const hopIds = new Set(paths.flatMap((p) => p.hops.map((h) => graph.edges.indexOf(h))));
  expect(new Set(cuts.map((c) => c.id))).toEqual(hopIds);
  for (const c of cuts) {
    const reached = naiveReaches(graph, sources, c.id);
    const broken = paths.flatMap((p, i) => (reached.has(graph.index.get(refKey(p.to)) as number) ? [] : [i]));
    expect(c.broken).toEqual(broken);
    expect(c.onPaths).toBe(paths.filter((p) => p.hops.includes(c.edge)).length);
  }
  for (let i = 1; i < cuts.length; i++) {
    expect((cuts[i - 1]?.breaks ?? 0) >= (cuts[i]?.breaks ?? 0)).toBe(true);
  }
  return { paths, cuts };
}

const DEFAULT: TargetSpec[] = [
  { kind: "cluster-admin" },
  { kind: "all-nodes" },
  { kind: "cloud-credentials" },
];

describe("ranking the hops to cut", () => {
  it("on the demo, puts first the hops whose cut leaves the internet short of cluster-admin", async () => {
    const { graph } = buildAttackGraph(await loadManifests(["fixtures/demo"]));
    const { paths, cuts } = check(graph, { kind: "internet" }, DEFAULT);
    const admin = paths.findIndex((p) => p.to.kind === "Target" && p.to.name === "cluster-admin");
    expect(admin).toBeGreaterThanOrEqual(0);
    const best = cuts[0];
    expect(best?.broken).toContain(admin);
    // The exposed nginx of t75 is the only way in to the create-pods grant: cutting it breaks the chain.
    const exposure = cuts.find((c) => c.edge.technique === "ATTACK-001" && c.edge.to.kind === "Container");
    expect(exposure?.broken).toContain(admin);
  });

  it("agrees with the naive reference on random clusters, from the internet and from any pod", () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { graph } = buildAttackGraph(toSnapshot(c));
        check(graph, { kind: "internet" }, DEFAULT);
        check(graph, { kind: "any-pod" }, [...DEFAULT, { kind: "secrets" }]);
      }),
      { numRuns: 150 },
    );
  });
});
