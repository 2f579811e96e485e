import type { AttackGraph } from "@/lib/paths/graph-builder";
import { entryNodes, search } from "@/lib/paths/find-paths";
import { refKey } from "@/lib/paths/refs";
import type { AttackEdge, AttackPath, EntrySpec } from "@/lib/paths/types";

// "Fix this hop" (docs/semantics.md §5): for each hop of the paths shown, how many of those paths cutting it
// breaks, that is, how many of their targets the entry point no longer reaches at all (by any route) once that
// one edge is gone. A hop on every path may break none when another route remains.

interface HopCut {
  /** The edge's id in the graph. */
  id: number;
  edge: AttackEdge;
  /** How many of the given paths go through it. */
  onPaths: number;
  /** How many of the given paths' targets are out of reach once it is cut. */
  breaks: number;
  /** Indexes (into the given paths) of the paths it breaks. */
  broken: number[];
}

interface CutOptions {
  maxHops?: number;
  /** Judge at most this many hops (those on the most paths); the default 60 keeps a page fast. */
  limit?: number;
}

export function rankCuts(
  graph: AttackGraph,
  entry: EntrySpec,
  paths: readonly AttackPath[],
  options: CutOptions = {},
): HopCut[] {
  const on = new Map<number, number>();
  paths.forEach((p) => {
    for (const id of new Set(p.hops.map((h) => graph.idOf(h)))) {
      if (id !== undefined) on.set(id, (on.get(id) ?? 0) + 1);
    }
  });
  const targets = paths.map((p) => graph.index.get(refKey(p.to)));
  const sources = entryNodes(graph, entry);
  const candidates = [...on.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, options.limit ?? 60);
  const out: HopCut[] = candidates.map(([id, onPaths]) => {
    const s = search(graph, sources, {
      skip: (e) => e === id,
      ...(options.maxHops !== undefined ? { maxHops: options.maxHops } : {}),
    });
    const broken: number[] = [];
    targets.forEach((t, i) => {
      if (t === undefined || (s.dist[t] as number) <= 0) broken.push(i);
    });
    return { id, edge: graph.edge(id), onPaths, breaks: broken.length, broken };
  });
  return out.sort((a, b) => b.breaks - a.breaks || b.onPaths - a.onPaths || a.id - b.id);
}
