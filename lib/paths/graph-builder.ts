import { refKey } from "@/lib/paths/refs";
import { resolveEvidence, type EvidencePart } from "@/lib/paths/lazy-evidence";
import type { AttackEdge, AttackRef, Evidence, Technique } from "@/lib/paths/types";

// Collects the nodes and edges of the attack graph. One edge per (technique, from, to): a second reason for the
// same edge adds its evidence. "Links" are zero-hop relations that are not attacks: an identity is a member of
// its groups, and a wildcard node (`User *`: any user) stands for every node it covers. An edge's evidence may be
// deferred (lib/paths/lazy-evidence.ts): the graph's edge objects are made when read, with their evidence.

/**
 * An edge's message, or how to write it from the edge's ends when the edge is read: one function serves every
 * edge of a grant (a holder's edges to the accounts of a namespace), so a graph of many edges writes none.
 */
export type EdgeMessage = string | ((from: AttackRef, to: AttackRef) => string);

/** The attack graph: nodes, and edges kept as numbers and references until one is read. */
export class AttackGraph {
  /** Edge -> its edge object, made when first read (the same object on every read). */
  private readonly made: (AttackEdge | undefined)[];
  private all: AttackEdge[] | undefined;
  private readonly ids = new WeakMap<AttackEdge, number>();

  readonly nodes: AttackRef[];
  readonly keys: string[];
  readonly index: ReadonlyMap<string, number>;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Edge -> 1 when it holds only under an assumption (read by every search, without touching the edge). */
  readonly edgeAssumes: Uint8Array;
  /** The outgoing edges of every node, as the searches walk them (edge ids ascending per node). */
  readonly forward: Adjacency;
  /** The incoming edges of every node, for the searches against the edges. */
  readonly backward: Adjacency;
  /** Node -> nodes it stands for at no cost (membership, wildcards), and the reverse. */
  readonly links: number[][];
  readonly linksIn: number[][];

  constructor(
    shape: Omit<AttackGraph, "edgeCount" | "edge" | "edges" | "idOf" | "out" | "in">,
    private readonly parts: EdgeParts,
  ) {
    this.nodes = shape.nodes;
    this.keys = shape.keys;
    this.index = shape.index;
    this.edgeFrom = shape.edgeFrom;
    this.edgeTo = shape.edgeTo;
    this.edgeAssumes = shape.edgeAssumes;
    this.forward = shape.forward;
    this.backward = shape.backward;
    this.links = shape.links;
    this.linksIn = shape.linksIn;
    this.made = new Array<AttackEdge | undefined>(parts.technique.length);
  }

  /** Node -> ids of its outgoing edges (made on demand: the searches read `forward`). */
  get out(): number[][] {
    return lists(this.forward);
  }

  /** Node -> ids of its incoming edges. */
  get in(): number[][] {
    return lists(this.backward);
  }

  get edgeCount(): number {
    return this.parts.technique.length;
  }

  /** Edge `id` with its evidence (computed on the first read). */
  edge(id: number): AttackEdge {
    const known = this.made[id];
    if (known) return known;
    const p = this.parts;
    const assumption = p.assumption[id];
    const edge = {
      technique: p.technique[id] as Technique,
      from: p.from[id] as AttackRef,
      to: p.to[id] as AttackRef,
      ...(assumption !== undefined ? { assumption } : {}),
    } as AttackEdge;
    // The evidence is an enumerable property computed on its first read (JSON, a page, a test), then kept; a
    // search that only counts paths never computes it. It keeps its place before the message.
    const parts = p.evidence[id] as readonly EvidencePart[];
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
    const message = p.message[id] as EdgeMessage;
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

/**
 * Adjacency in flat arrays: the edges of node u are slots start[u] .. start[u + 1] - 1, each with the edge's id,
 * the node at its other end and whether it holds only under an assumption (a search reads no edge object).
 */
export interface Adjacency {
  start: Int32Array;
  edge: Int32Array;
  node: Int32Array;
  assumes: Uint8Array;
}

function lists(a: Adjacency): number[][] {
  const n = a.start.length - 1;
  return Array.from({ length: n }, (_, u) => Array.from(a.edge.subarray(a.start[u], a.start[u + 1])));
}

/** Adjacency of `n` nodes over edges e (from key[e] to other[e]), slots in edge id order per node. */
function adjacency(n: number, key: Int32Array, other: Int32Array, assumes: Uint8Array): Adjacency {
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

/** The edges as parallel lists, by edge id. */
interface EdgeParts {
  technique: Technique[];
  from: AttackRef[];
  to: AttackRef[];
  assumption: (string | undefined)[];
  evidence: (readonly EvidencePart[])[];
  message: EdgeMessage[];
}

export class GraphBuilder {
  private readonly nodes: AttackRef[] = [];
  private readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  /** Reference objects seen -> node id (references are never changed once made). */
  private readonly byObject = new Map<AttackRef, number>();
  private readonly parts: EdgeParts = {
    technique: [],
    from: [],
    to: [],
    assumption: [],
    evidence: [],
    message: [],
  };
  private readonly edgeFrom: number[] = [];
  private readonly edgeTo: number[] = [];
  /** From node -> (to node * 64 + technique number) -> edge id: one edge per (technique, from, to). */
  private readonly edgeIndex: (Map<number, number> | undefined)[] = [];
  private readonly techniques = new Map<Technique, number>();
  private readonly links = new Map<number, Set<number>>();
  /** Edges whose evidence list is their own (copied from the caller's on a second reason). */
  private readonly ownEvidence = new Set<number>();

  node(ref: AttackRef): number {
    // A reference object given again (a holder's, a namespace's accounts) is found without its key.
    let id = this.byObject.get(ref);
    if (id !== undefined) return id;
    const key = refKey(ref);
    id = this.index.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(ref);
      this.keys.push(key);
      // Kept as long as the node list (a list filled out of order would turn into a slow dictionary).
      this.edgeIndex.push(undefined);
      this.index.set(key, id);
    }
    this.byObject.set(ref, id);
    return id;
  }

  has(ref: AttackRef): boolean {
    return this.index.has(refKey(ref));
  }

  allNodes(): readonly AttackRef[] {
    return this.nodes;
  }

  edge(
    technique: Technique,
    from: AttackRef,
    to: AttackRef,
    evidence: readonly EvidencePart[],
    message: EdgeMessage,
    assumption?: string,
  ): void {
    const f = this.node(from);
    this.add(
      technique,
      this.techniqueNumber(technique),
      f,
      this.edgesFrom(f),
      from,
      to,
      evidence,
      message,
      assumption,
    );
  }

  /** edge() to each of `tos` in order, with the same evidence and message (the node `from` looked up once). */
  edgesTo(
    technique: Technique,
    from: AttackRef,
    tos: readonly AttackRef[],
    evidence: readonly EvidencePart[],
    message: EdgeMessage,
  ): void {
    if (tos.length === 0) return;
    const f = this.node(from);
    const tech = this.techniqueNumber(technique);
    const byFrom = this.edgesFrom(f);
    for (const to of tos) this.add(technique, tech, f, byFrom, from, to, evidence, message, undefined);
  }

  private techniqueNumber(technique: Technique): number {
    let tech = this.techniques.get(technique);
    if (tech === undefined) {
      tech = this.techniques.size;
      if (tech >= 64) throw new Error("more than 64 attack techniques");
      this.techniques.set(technique, tech);
    }
    return tech;
  }

  private edgesFrom(f: number): Map<number, number> {
    let byFrom = this.edgeIndex[f];
    if (!byFrom) {
      byFrom = new Map();
      this.edgeIndex[f] = byFrom;
    }
    return byFrom;
  }

  private add(
    technique: Technique,
    tech: number,
    f: number,
    byFrom: Map<number, number>,
    from: AttackRef,
    to: AttackRef,
    evidence: readonly EvidencePart[],
    message: EdgeMessage,
    assumption: string | undefined,
  ): void {
    const t = this.node(to);
    if (f === t) return;
    const key = t * 64 + tech;
    const p = this.parts;
    const existing = byFrom.get(key);
    if (existing !== undefined) {
      // An edge that holds without assumption through one reason holds without it.
      if (p.assumption[existing] !== undefined && assumption === undefined) {
        p.assumption[existing] = undefined;
        p.message[existing] = message;
      }
      if (evidence.length === 0) return;
      let list = p.evidence[existing] as EvidencePart[];
      if (!this.ownEvidence.has(existing)) {
        list = [...list];
        p.evidence[existing] = list;
        this.ownEvidence.add(existing);
      }
      list.push(...evidence);
      return;
    }
    byFrom.set(key, p.technique.length);
    // The caller's list is kept as it is (a holder's grants are the evidence of many edges): it is copied only
    // when a second reason adds to it. Callers never change a list once they have given it.
    p.technique.push(technique);
    p.from.push(from);
    p.to.push(to);
    p.assumption.push(assumption);
    p.evidence.push(evidence);
    p.message.push(message);
    this.edgeFrom.push(f);
    this.edgeTo.push(t);
  }

  link(from: AttackRef, to: AttackRef): void {
    const f = this.node(from);
    const t = this.node(to);
    if (f === t) return;
    let set = this.links.get(f);
    if (!set) {
      set = new Set();
      this.links.set(f, set);
    }
    set.add(t);
  }

  build(): AttackGraph {
    const n = this.nodes.length;
    const edgeFrom = Int32Array.from(this.edgeFrom);
    const edgeTo = Int32Array.from(this.edgeTo);
    const edgeAssumes = Uint8Array.from(this.parts.assumption, (a) => (a !== undefined ? 1 : 0));
    const links: number[][] = Array.from({ length: n }, () => []);
    const linksIn: number[][] = Array.from({ length: n }, () => []);
    for (const [f, set] of this.links) {
      for (const t of set) {
        links[f]?.push(t);
        linksIn[t]?.push(f);
      }
    }
    return new AttackGraph(
      {
        nodes: this.nodes,
        keys: this.keys,
        index: this.index,
        edgeFrom,
        edgeTo,
        edgeAssumes,
        forward: adjacency(n, edgeFrom, edgeTo, edgeAssumes),
        backward: adjacency(n, edgeTo, edgeFrom, edgeAssumes),
        links,
        linksIn,
      },
      this.parts,
    );
  }
}
