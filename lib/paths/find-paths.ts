import { VigilError } from "@/lib/errors";
import type { AttackGraph } from "@/lib/paths/graph-builder";
import { search, type Search } from "@/lib/paths/search";
import { groupsOf } from "@/lib/paths/build-attack-graph";
import { ALL_NODES, CLOUD_CREDENTIALS, CLUSTER_ADMIN, INTERNET, refKey } from "@/lib/paths/refs";
import type { AttackEdge, AttackPath, AttackRef, EntrySpec, TargetSpec } from "@/lib/paths/types";

// Shortest paths over the attack graph (docs/semantics.md §5): fewest hops, then fewest assumptions. A layered
// breadth-first search: every node of layer d has its final assumption count before layer d+1 is built, and the
// zero-hop links (group membership, wildcards) are closed within a layer. The same search runs backwards for
// "who can reach cluster-admin". The search itself is in lib/paths/search.ts.

export { search };

/** The edges of the shortest path to `node` (from a source), in order; for a reverse search, from `node` on. */
export function pathTo(graph: AttackGraph, s: Search, node: number, reverse = false): AttackEdge[] {
  const hops: AttackEdge[] = [];
  let u = node;
  for (let guard = 0; (s.pred[u] as number) !== -1 && guard <= graph.nodes.length * 2; guard++) {
    const p = s.pred[u] as number;
    if (p >= 0) {
      hops.push(graph.edge(p));
      u = (reverse ? graph.edgeTo[p] : graph.edgeFrom[p]) as number;
    } else {
      u = -p - 2;
    }
  }
  return reverse ? hops : hops.reverse();
}

/** The source of the path that reached `node`. */
function sourceOf(s: Search, graph: AttackGraph, node: number): number {
  let u = node;
  for (let guard = 0; (s.pred[u] as number) !== -1 && guard <= graph.nodes.length * 2; guard++) {
    const p = s.pred[u] as number;
    u = p >= 0 ? (graph.edgeFrom[p] as number) : -p - 2;
  }
  return u;
}

function idOf(graph: AttackGraph, ref: AttackRef): number | undefined {
  return graph.index.get(refKey(ref));
}

/** Namespace -> its container nodes, in id order, by graph. */
const containerCache = new WeakMap<AttackGraph, Map<string, number[]>>();

function containersByNamespace(graph: AttackGraph): Map<string, number[]> {
  let byNs = containerCache.get(graph);
  if (!byNs) {
    byNs = new Map();
    for (let i = 0; i < graph.nodes.length; i++) {
      const r = graph.nodes[i] as AttackRef;
      if (r.kind !== "Container") continue;
      const list = byNs.get(r.namespace);
      if (list) list.push(i);
      else byNs.set(r.namespace, [i]);
    }
    containerCache.set(graph, byNs);
  }
  return byNs;
}

/** The graph nodes an entry point stands for. An identity with no edge of its own starts from its groups. */
export function entryNodes(graph: AttackGraph, entry: EntrySpec): number[] {
  if (entry.kind === "internet") {
    const id = idOf(graph, INTERNET);
    return id === undefined ? [] : [id];
  }
  if (entry.kind === "any-pod") {
    const byNs = containersByNamespace(graph);
    if (entry.namespace !== undefined) return [...(byNs.get(entry.namespace) ?? [])];
    return [...byNs.values()].flat().sort((a, b) => a - b);
  }
  if (entry.kind === "pod") {
    const out: number[] = [];
    graph.nodes.forEach((r, i) => {
      if (r.kind === "Container" && r.namespace === entry.namespace && r.pod === entry.name) out.push(i);
    });
    return out;
  }
  const id = idOf(graph, entry.ref);
  if (id !== undefined) return [id];
  return groupsOf(entry.ref)
    .map((name) => idOf(graph, { kind: "Group", name }))
    .filter((i): i is number => i !== undefined);
}

/** Whether node `ref` (whose key is `key`) is (one of) the target. */
function targetMatcher(target: TargetSpec): (ref: AttackRef, key: string) => boolean {
  switch (target.kind) {
    case "cluster-admin": {
      const admin = refKey(CLUSTER_ADMIN);
      return (_, k) => k === admin;
    }
    case "cloud-credentials": {
      const cloud = refKey(CLOUD_CREDENTIALS);
      return (_, k) => k === cloud;
    }
    case "all-nodes": {
      const all = refKey(ALL_NODES);
      return (r, k) => r.kind === "Node" || k === all;
    }
    case "secrets":
      return (r) =>
        r.kind === "Secret" && (target.namespace === undefined || r.namespace === target.namespace);
    case "namespace-admin":
      return (r) =>
        r.kind === "Target" &&
        r.name === "namespace-admin" &&
        (target.namespace === undefined || r.namespace === target.namespace);
    case "pod":
      return (r) => r.kind === "Container" && r.namespace === target.namespace && r.pod === target.name;
    case "ref": {
      const key = refKey(target.ref);
      return (_, k) => k === key;
    }
  }
}

/** The nodes of a target, by graph and target (a few targets are asked of many entries). */
const targetCache = new WeakMap<AttackGraph, Map<string, number[]>>();

function targetNodes(graph: AttackGraph, target: TargetSpec): number[] {
  let byTarget = targetCache.get(graph);
  if (!byTarget) {
    byTarget = new Map();
    targetCache.set(graph, byTarget);
  }
  const key = JSON.stringify(target);
  let ids = byTarget.get(key);
  if (!ids) {
    const matches = targetMatcher(target);
    ids = [];
    for (let i = 0; i < graph.nodes.length; i++) {
      if (matches(graph.nodes[i] as AttackRef, graph.keys[i] as string)) ids.push(i);
    }
    byTarget.set(key, ids);
  }
  return ids;
}

/** The searches of one graph without skipped edges, by entry and hop limit: the few most recent are kept. */
const searches = new WeakMap<AttackGraph, Map<string, Search>>();
const KEPT_SEARCHES = 8;

/** search() from an entry's nodes, shared by the questions asked of one entry (each target, the findings). */
function searchFrom(graph: AttackGraph, entry: EntrySpec, maxHops: number | undefined): Search {
  let kept = searches.get(graph);
  if (!kept) {
    kept = new Map();
    searches.set(graph, kept);
  }
  const key = `${maxHops ?? ""}|${JSON.stringify(entry)}`;
  let s = kept.get(key);
  if (s) {
    kept.delete(key);
  } else {
    s = search(graph, entryNodes(graph, entry), maxHops !== undefined ? { maxHops } : {});
    if (kept.size >= KEPT_SEARCHES) kept.delete(kept.keys().next().value as string);
  }
  kept.set(key, s);
  return s;
}

interface FindOptions {
  maxHops?: number;
  skip?: (edge: number) => boolean;
}

/** One shortest path from the entry to every target node it reaches, nearest first. */
export function findPaths(
  graph: AttackGraph,
  entry: EntrySpec,
  target: TargetSpec,
  options: FindOptions = {},
): AttackPath[] {
  if (options.maxHops !== undefined && (!Number.isInteger(options.maxHops) || options.maxHops < 1)) {
    throw new VigilError(
      "bad-input",
      `max hops must be a whole number of at least 1, not "${options.maxHops}"`,
    );
  }
  const s = options.skip
    ? search(graph, entryNodes(graph, entry), options)
    : searchFrom(graph, entry, options.maxHops);
  const found: { node: number; d: number; a: number }[] = [];
  for (const i of targetNodes(graph, target)) {
    const d = s.dist[i] as number;
    if (d > 0) found.push({ node: i, d, a: s.assumptions[i] as number });
  }
  found.sort(
    (x, y) =>
      x.d - y.d || x.a - y.a || (graph.keys[x.node] as string).localeCompare(graph.keys[y.node] as string),
  );
  return found.map(({ node }) => {
    const hops = pathTo(graph, s, node);
    return {
      from: graph.nodes[sourceOf(s, graph, node)] as AttackRef,
      to: graph.nodes[node] as AttackRef,
      hops,
    };
  });
}

export function assumptionsOf(path: AttackPath): number {
  return path.hops.filter((h) => h.assumption !== undefined).length;
}
