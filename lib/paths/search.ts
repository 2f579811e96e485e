import type { AttackGraph } from "@/lib/paths/graph-builder";

// The layered breadth-first search of the attack graph (docs/semantics.md §5): fewest hops, then fewest
// assumptions. Every node of layer d has its final assumption count before layer d+1 is built, and the zero-hop
// links (group membership, wildcards) are closed within a layer. A node of layer d+1 is reached by the first edge,
// in the order the layer's nodes and then their edges come, among those with the fewest assumptions; layer d+1
// lists its nodes in the order an edge first reached them.
//
// A layer is built by following the edges of its nodes ("push"), or, when the nodes not yet reached have fewer
// incoming edges than the layer has outgoing ones (most of a large graph is reached within three hops), by
// looking at the incoming edges of each node not yet reached ("pull"): the same edge wins by the same order, so
// both give the same answer (lib/paths/search.test.ts compares them).

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
  /** Build layers by pulling always, or never; by default, whichever reads fewer edges (forward only). */
  pull?: boolean;
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
    if (!reverse && options.pull !== false && (options.pull || pullIsCheaper(graph, layer, dist))) {
      frontier = pull(graph, layer, d, dist, asm, pred, skip);
      continue;
    }
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

/** Whether the nodes not reached yet have fewer incoming edges than the layer's nodes have outgoing slots. */
function pullIsCheaper(graph: AttackGraph, layer: readonly number[], dist: Int32Array): boolean {
  const out = graph.forward.start;
  let push = 0;
  for (const u of layer) push += (out[u + 1] as number) - (out[u] as number);
  if (push < dist.length) return false;
  const into = graph.backward.start;
  let pulled = dist.length;
  for (let v = 0; v < dist.length && pulled < push; v++) {
    if (dist[v] === -1) pulled += (into[v + 1] as number) - (into[v] as number);
  }
  return pulled < push;
}

/**
 * Layer d + 1 built from the incoming edges of each node not reached yet: an edge from a node of layer d with the
 * fewest assumptions, then the earliest in the layer, then the lowest id (a node's edges are followed in id order),
 * is the one a push would keep; the new layer is in the order a push would first reach its nodes.
 */
function pull(
  graph: AttackGraph,
  layer: readonly number[],
  d: number,
  dist: Int32Array,
  asm: Int32Array,
  pred: Int32Array,
  skip: ((edge: number) => boolean) | undefined,
): number[] {
  const n = dist.length;
  const { start, edge, node, assumes } = graph.backward;
  // Where each node of the layer is first (a node listed twice is followed at its first place).
  const place = new Int32Array(n).fill(-1);
  for (let i = 0; i < layer.length; i++) {
    const u = layer[i] as number;
    if (place[u] === -1) place[u] = i;
  }
  const reached: number[] = [];
  const order: number[] = [];
  const edges = graph.edgeCount;
  for (let v = 0; v < n; v++) {
    if (dist[v] !== -1) continue;
    let bestA = -1;
    let bestPlace = 0;
    let bestEdge = -1;
    let first = -1;
    const end = start[v + 1] as number;
    for (let k = start[v] as number; k < end; k++) {
      const u = node[k] as number;
      if (dist[u] !== d) continue;
      const e = edge[k] as number;
      if (skip !== undefined && skip(e)) continue;
      const a = (asm[u] as number) + (assumes[k] as number);
      const p = place[u] as number;
      const at = p * edges + e;
      if (first === -1 || at < first) first = at;
      if (
        bestEdge === -1 ||
        a < bestA ||
        (a === bestA && (p < bestPlace || (p === bestPlace && e < bestEdge)))
      ) {
        bestA = a;
        bestPlace = p;
        bestEdge = e;
      }
    }
    if (bestEdge === -1) continue;
    dist[v] = d + 1;
    asm[v] = bestA;
    pred[v] = bestEdge;
    reached.push(v);
    order.push(first);
  }
  const byOrder = reached.map((_, i) => i).sort((x, y) => (order[x] as number) - (order[y] as number));
  return byOrder.map((i) => reached[i] as number);
}
