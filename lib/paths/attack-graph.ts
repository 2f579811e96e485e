import { resolveEvidence, type EvidencePart } from "@/lib/paths/lazy-evidence";
import type { AttackEdge, AttackRef, Evidence, Technique } from "@/lib/paths/types";

// The attack graph as the builder (lib/paths/graph-builder.ts) leaves it. Every edge has an id, and an edge
// object made when it is first read. Most edges are kept one by one; a holder's edges of one grant to every
// service account of a namespace (ATTACK-011, ATTACK-017: holders x accounts edges on a large cluster) are kept
// as a run: consecutive ids from one node, with one technique, evidence and message, to each member of a shared
// list of nodes (a hub). The edges, their ids and their order are exactly those kept one by one; only the
// searches see runs (one slot of a node's adjacency for the whole run; lib/paths/find-paths.ts).

/**
 * An edge's message, or how to write it from the edge's ends when the edge is read: one function serves every
 * edge of a grant (a holder's edges to the accounts of a namespace), so a graph of many edges writes none.
 */
export type EdgeMessage = string | ((from: AttackRef, to: AttackRef) => string);

/**
 * Adjacency in flat arrays: the edges of node u are slots start[u] .. start[u + 1] - 1, each with the edge's id,
 * the node at its other end and whether it holds only under an assumption (a search reads no edge object). In
 * `forward`, a slot whose node is negative is a run: edges edge, edge + 1, ... to each node of hub -(node + 1).
 */
export interface Adjacency {
  start: Int32Array;
  edge: Int32Array;
  node: Int32Array;
  assumes: Uint8Array;
}

/** The edges kept one by one ("plain"), by their own index, and the runs. */
export interface EdgeStore {
  technique: Technique[];
  from: AttackRef[];
  to: AttackRef[];
  assumption: (string | undefined)[];
  evidence: (readonly EvidencePart[])[];
  message: EdgeMessage[];
  run: {
    /** The id of the run's first edge (ascending). */
    start: number[];
    hub: number[];
    technique: Technique[];
    from: AttackRef[];
    evidence: (readonly EvidencePart[])[];
    message: EdgeMessage[];
  };
  /** Edge of a run -> its evidence when a second reason added to it. */
  runEvidence: Map<number, EvidencePart[]>;
  /** Hub -> the references of its nodes, in order. */
  hubRefs: (readonly AttackRef[])[];
}

/** What the builder hands over. */
export interface GraphShape {
  nodes: AttackRef[];
  keys: string[];
  index: ReadonlyMap<string, number>;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeAssumes: Uint8Array;
  forward: Adjacency;
  hubs: Int32Array[];
  links: number[][];
  linksIn: number[][];
  /** Edge id -> its plain index (>= 0), or -(run + 1). */
  place: Int32Array;
}

/** The attack graph: nodes, and edges kept as numbers and references until one is read. */
export class AttackGraph {
  /** Edge -> its edge object, made when first read (the same object on every read). */
  private readonly made: (AttackEdge | undefined)[];
  private all: AttackEdge[] | undefined;
  private readonly ids = new WeakMap<AttackEdge, number>();
  private readonly place: Int32Array;
  private edgeLists: Adjacency | undefined;
  private reverse: Adjacency | undefined;

  readonly nodes: AttackRef[];
  readonly keys: string[];
  readonly index: ReadonlyMap<string, number>;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Edge -> 1 when it holds only under an assumption (read by every search, without touching the edge). */
  readonly edgeAssumes: Uint8Array;
  /** The outgoing edges of every node as the forward searches walk them (runs as one slot), ids ascending. */
  readonly forward: Adjacency;
  /** Hub -> its nodes, in order (the ends of a run's edges). */
  readonly hubs: Int32Array[];
  /** Node -> nodes it stands for at no cost (membership, wildcards), and the reverse. */
  readonly links: number[][];
  readonly linksIn: number[][];

  constructor(
    shape: GraphShape,
    private readonly store: EdgeStore,
  ) {
    this.nodes = shape.nodes;
    this.keys = shape.keys;
    this.index = shape.index;
    this.edgeFrom = shape.edgeFrom;
    this.edgeTo = shape.edgeTo;
    this.edgeAssumes = shape.edgeAssumes;
    this.forward = shape.forward;
    this.hubs = shape.hubs;
    this.links = shape.links;
    this.linksIn = shape.linksIn;
    this.place = shape.place;
    this.made = new Array<AttackEdge | undefined>(shape.edgeFrom.length);
  }

  /** The incoming edges of every node, one slot per edge (for the searches against the edges; made once). */
  get backward(): Adjacency {
    this.reverse ??= adjacency(this.nodes.length, this.edgeTo, this.edgeFrom, this.edgeAssumes);
    return this.reverse;
  }

  /** Node -> ids of its outgoing edges. */
  get out(): number[][] {
    this.edgeLists ??= adjacency(this.nodes.length, this.edgeFrom, this.edgeTo, this.edgeAssumes);
    return lists(this.edgeLists);
  }

  /** Node -> ids of its incoming edges. */
  get in(): number[][] {
    return lists(this.backward);
  }

  get edgeCount(): number {
    return this.edgeFrom.length;
  }

  /** Edge `id` with its evidence (computed on the first read). */
  edge(id: number): AttackEdge {
    const known = this.made[id];
    if (known) return known;
    const s = this.store;
    const p = this.place[id] as number;
    let edge: AttackEdge;
    let parts: readonly EvidencePart[];
    let message: EdgeMessage;
    if (p >= 0) {
      const assumption = s.assumption[p];
      edge = {
        technique: s.technique[p] as Technique,
        from: s.from[p] as AttackRef,
        to: s.to[p] as AttackRef,
        ...(assumption !== undefined ? { assumption } : {}),
      } as AttackEdge;
      parts = s.evidence[p] as readonly EvidencePart[];
      message = s.message[p] as EdgeMessage;
    } else {
      const r = -p - 1;
      const run = s.run;
      const hubRefs = s.hubRefs[run.hub[r] as number] as readonly AttackRef[];
      edge = {
        technique: run.technique[r] as Technique,
        from: run.from[r] as AttackRef,
        to: hubRefs[id - (run.start[r] as number)] as AttackRef,
      } as AttackEdge;
      parts = s.runEvidence.get(id) ?? (run.evidence[r] as readonly EvidencePart[]);
      message = run.message[r] as EdgeMessage;
    }
    // The evidence is an enumerable property computed on its first read (JSON, a page, a test), then kept; a
    // search that only counts paths never computes it. It keeps its place before the message.
    Object.defineProperty(edge, "evidence", {
      enumerable: true,
      configurable: true,
      get(): Evidence[] {
        const evidence = resolveEvidence(parts);
        Object.defineProperty(edge, "evidence", {
          value: evidence,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return evidence;
      },
    });
    edge.message = typeof message === "string" ? message : message(edge.from, edge.to);
    this.made[id] = edge;
    this.ids.set(edge, id);
    return edge;
  }

  /** The id of an edge object this graph gave out (a hop of a path). */
  idOf(edge: AttackEdge): number | undefined {
    return this.ids.get(edge);
  }

  /** Every edge, by id (each one's evidence computed: for exports and tests, not for searches). */
  get edges(): readonly AttackEdge[] {
    this.all ??= Array.from({ length: this.edgeCount }, (_, i) => this.edge(i));
    return this.all;
  }
}

function lists(a: Adjacency): number[][] {
  const n = a.start.length - 1;
  return Array.from({ length: n }, (_, u) => Array.from(a.edge.subarray(a.start[u], a.start[u + 1])));
}

/** Adjacency of `n` nodes over edges e (from key[e] to other[e]), slots in edge id order per node. */
export function adjacency(n: number, key: Int32Array, other: Int32Array, assumes: Uint8Array): Adjacency {
  const count = key.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) {
    const u = (key[e] as number) + 1;
    start[u] = (start[u] as number) + 1;
  }
  for (let u = 0; u < n; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const fill = start.slice(0, n);
  const edge = new Int32Array(count);
  const node = new Int32Array(count);
  const asm = new Uint8Array(count);
  for (let e = 0; e < count; e++) {
    const u = key[e] as number;
    const slot = fill[u] as number;
    fill[u] = slot + 1;
    edge[slot] = e;
    node[slot] = other[e] as number;
    asm[slot] = assumes[e] as number;
  }
  return { start, edge, node, assumes: asm };
}
