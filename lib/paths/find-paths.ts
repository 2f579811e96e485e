import { VigilError } from "@/lib/errors";
import type { AttackGraph } from "@/lib/paths/graph-builder";
import { groupsOf } from "@/lib/paths/build-attack-graph";
import { ALL_NODES, CLOUD_CREDENTIALS, CLUSTER_ADMIN, INTERNET, refKey } from "@/lib/paths/refs";
import type { AttackEdge, AttackPath, AttackRef, EntrySpec, TargetSpec } from "@/lib/paths/types";

// Shortest paths over the attack graph (docs/semantics.md §5): fewest hops, then fewest assumptions. A layered
// breadth-first search: every node of layer d has its final assumption count before layer d+1 is built, and the
// zero-hop links (group membership, wildcards) are closed within a layer. The same search runs backwards for
// "who can reach cluster-admin".

export interface Search {
  /** Hops from the nearest source, -1 when not reached. */
  dist: Int32Array;
  /** Fewest assumptions among the shortest paths. */
  assumptions: Int32Array;
  /** How a node was reached: an edge id (>= 0), a link from node k (-(k + 2)), or a source (-1). */
  pred: Int32Array;
}

interface SearchOptions {
  maxHops?: number;
  /** Edges to leave out (what-if: "cut this hop"). */
  skip?: (edge: number) => boolean;
  /** Search against the edges: from the targets back to whoever reaches them. */
  reverse?: boolean;
}

export function search(graph: AttackGraph, sources: readonly number[], options: SearchOptions = {}): Search {
  const n = graph.nodes.length;
  const dist = new Int32Array(n).fill(-1);
  const asm = new Int32Array(n);
  const pred = new Int32Array(n).fill(-1);
  const maxHops = options.maxHops ?? Number.MAX_SAFE_INTEGER;
  const reverse = options.reverse ?? false;
  // Forward, a run (a holder's edges to every service account of a namespace) is one slot; backward, every edge
  // is its own slot.
  const { start, edge, node, assumes } = reverse ? graph.backward : graph.forward;
  const links = reverse ? graph.linksIn : graph.links;
  const skip = options.skip;
  const hubs = graph.hubs;
  // The layer at which a hub's nodes were last offered through a run, and the fewest assumptions they were offered
  // with then: every node of the hub is then reached by that layer + 1 with at most that many, so another run to
  // it in that layer with no fewer, or in a later layer, changes nothing (unless edges are skipped).
  const hubLayer = new Int32Array(hubs.length).fill(-1);
  const hubAsm = new Int32Array(hubs.length);
  // The layer at which each node's edges were followed: a node closed twice within a layer is followed once.
  const expanded = new Int32Array(n).fill(-1);
  let frontier: number[] = [];
  for (const s of sources) {
    if (dist[s] === -1) {
      dist[s] = 0;
      frontier.push(s);
    }
  }
  for (let d = 0; frontier.length > 0; d++) {
    // Close the layer under zero-hop links; a node whose count improves is visited again.
    const layer = frontier;
    for (let i = 0; i < layer.length; i++) {
      const u = layer[i] as number;
      const linked = links[u];
      if (linked === undefined) continue;
      for (const t of linked) {
        if (dist[t] === -1 || (dist[t] === d && (asm[u] as number) < (asm[t] as number))) {
          dist[t] = d;
          asm[t] = asm[u] as number;
          pred[t] = -(u + 2);
          layer.push(t);
        }
      }
    }
    if (d >= maxHops) break;
    const next: number[] = [];
    for (const u of layer) {
      if (expanded[u] === d) continue;
      expanded[u] = d;
      const au = asm[u] as number;
      const end = start[u + 1] as number;
      for (let k = start[u] as number; k < end; k++) {
        const v = node[k] as number;
        if (v < 0) {
          const h = -v - 1;
          const seen = hubLayer[h] as number;
          if (skip === undefined && seen !== -1 && (seen < d || au >= (hubAsm[h] as number))) continue;
          hubLayer[h] = d;
          hubAsm[h] = au;
          offerRun(hubs[h] as Int32Array, edge[k] as number, d, au, dist, asm, pred, next, skip);
          continue;
        }
        const dv = dist[v] as number;
        // A node reached in an earlier layer is final: most edges end here, without reading their id.
        if (dv !== -1 && dv <= d) continue;
        const e = edge[k] as number;
        if (skip !== undefined && skip(e)) continue;
        const a = au + (assumes[k] as number);
        if (dv === -1) {
          dist[v] = d + 1;
          asm[v] = a;
          pred[v] = e;
          next.push(v);
        } else if (a < (asm[v] as number)) {
          asm[v] = a;
          pred[v] = e;
        }
      }
    }
    frontier = next;
  }
  return { dist, assumptions: asm, pred };
}

/** The edges first, first + 1, ... of a run (without assumption) from a node of layer d with `au` assumptions. */
function offerRun(
  members: Int32Array,
  first: number,
  d: number,
  au: number,
  dist: Int32Array,
  asm: Int32Array,
  pred: Int32Array,
  next: number[],
  skip: ((edge: number) => boolean) | undefined,
): void {
  for (let i = 0; i < members.length; i++) {
    const v = members[i] as number;
    const dv = dist[v] as number;
    if (dv !== -1 && dv <= d) continue;
    const e = first + i;
    if (skip !== undefined && skip(e)) continue;
    if (dv === -1) {
      dist[v] = d + 1;
      asm[v] = au;
      pred[v] = e;
      next.push(v);
    } else if (au < (asm[v] as number)) {
      asm[v] = au;
      pred[v] = e;
    }
  }
}

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
