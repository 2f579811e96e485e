import type { AttackGraph } from "@/lib/paths/graph-builder";
import { entryNodes, pathTo, search } from "@/lib/paths/find-paths";
import { CLUSTER_ADMIN, refKey } from "@/lib/paths/refs";
import type { AttackEdge, AttackRef, EntrySpec } from "@/lib/paths/types";

// The blast radius of an entry point (everything it reaches, nearest first) and the reverse question: who
// reaches a target, and how.

export interface Reached {
  ref: AttackRef;
  hops: number;
  assumptions: number;
}

export function blastRadius(graph: AttackGraph, entry: EntrySpec, maxHops?: number): Reached[] {
  const sources = entryNodes(graph, entry);
  const s = search(graph, sources, maxHops !== undefined ? { maxHops } : {});
  const out: Reached[] = [];
  graph.nodes.forEach((ref, i) => {
    const d = s.dist[i] as number;
    if (d > 0) out.push({ ref, hops: d, assumptions: s.assumptions[i] as number });
  });
  return out.sort(
    (a, b) => a.hops - b.hops || a.assumptions - b.assumptions || refKey(a.ref).localeCompare(refKey(b.ref)),
  );
}

interface Reacher extends Reached {
  /** The shortest path from this node to the target. */
  path: AttackEdge[];
}

/** Every node that reaches `target` (cluster-admin by default), with its shortest path there. */
export function whoReaches(graph: AttackGraph, target: AttackRef = CLUSTER_ADMIN): Reacher[] {
  const id = graph.index.get(refKey(target));
  if (id === undefined) return [];
  const s = search(graph, [id], { reverse: true });
  const out: Reacher[] = [];
  graph.nodes.forEach((ref, i) => {
    const d = s.dist[i] as number;
    if (i === id || d < 0) return;
    out.push({ ref, hops: d, assumptions: s.assumptions[i] as number, path: pathTo(graph, s, i, true) });
  });
  return out.sort(
    (a, b) => a.hops - b.hops || a.assumptions - b.assumptions || refKey(a.ref).localeCompare(refKey(b.ref)),
  );
}
