import { refKey } from "@/lib/paths/refs";
import type { EvidencePart } from "@/lib/paths/lazy-evidence";
import { AttackGraph, type EdgeMessage, type EdgeStore } from "@/lib/paths/attack-graph";
import type { AttackRef, Technique } from "@/lib/paths/types";

export type { AttackGraph, EdgeMessage };

// Collects the nodes and edges of the attack graph. One edge per (technique, from, to): a second reason for the
// same edge adds its evidence. "Links" are zero-hop relations that are not attacks: an identity is a member of
// its groups, and a wildcard node (`User *`: any user) stands for every node it covers. An edge's evidence may be
// deferred (lib/paths/lazy-evidence.ts): the graph's edge objects are made when read, with their evidence.
// A holder's edges to every node of a list (the service accounts of a namespace) are kept as one run
// (lib/paths/attack-graph.ts) when each of them is a new edge; the edges and their ids are the same either way.

/** A hub: a list of nodes that runs end at, and where each node is in it. */
interface Hub {
  nodes: Int32Array;
  position: Map<number, number>;
  /** A node of it is in another hub too (runs are then not used for it). */
  overlaps: boolean;
  /** (from node * 64 + technique number) -> the run from that node to this hub. */
  runs: Map<number, number>;
}

const EMPTY = 0;

export class GraphBuilder {
  private readonly nodes: AttackRef[] = [];
  private readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  /** Reference objects seen -> node id (references are never changed once made). */
  private readonly byObject = new Map<AttackRef, number>();
  private readonly store: EdgeStore = {
    technique: [],
    from: [],
    to: [],
    assumption: [],
    evidence: [],
    message: [],
    run: { start: [], hub: [], technique: [], from: [], evidence: [], message: [] },
    runEvidence: new Map(),
    hubRefs: [],
  };
  /** The plain edges' ends, technique numbers and ids (edge ids count the runs' edges too). */
  private readonly plainFrom: number[] = [];
  private readonly plainTo: number[] = [];
  private readonly plainTech: number[] = [];
  private readonly plainId: number[] = [];
  private readonly runFrom: number[] = [];
  private edgeCount = 0;
  /** Open addressing over (from, to, technique): plain index + 1, or EMPTY. */
  private table = new Int32Array(1 << 12);
  /** Node -> bits of the technique numbers of its plain edges (31 and above share the top bit). */
  private readonly techBits: number[] = [];
  private readonly hubs: Hub[] = [];
  private readonly hubByList = new Map<readonly AttackRef[], number>();
  /** Node -> the hubs it is in. */
  private readonly nodeHubs = new Map<number, number[]>();
  private readonly techniques = new Map<Technique, number>();
  private readonly links = new Map<number, Set<number>>();
  /** Plain edges whose evidence list is their own (copied from the caller's on a second reason). */
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
      this.techBits.push(0);
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
    const tech = this.techniqueNumber(technique);
    this.add(technique, tech, f, from, to, this.node(to), evidence, message, assumption);
  }

  /** edge() to each of `tos` in order, with the same evidence and message (a run when each edge is new). */
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
    const h = this.hubOf(tos);
    const hub = this.hubs[h] as Hub;
    if (this.mayRun(f, tech, hub)) {
      const run = this.store.run;
      hub.runs.set(f * 64 + tech, run.start.length);
      run.start.push(this.edgeCount);
      run.hub.push(h);
      run.technique.push(technique);
      run.from.push(from);
      run.evidence.push(evidence);
      run.message.push(message);
      this.runFrom.push(f);
      this.edgeCount += tos.length;
      return;
    }
    for (let i = 0; i < tos.length; i++) {
      const to = tos[i] as AttackRef;
      this.add(technique, tech, f, from, to, hub.nodes[i] as number, evidence, message, undefined);
    }
  }

  /** The hub of a list of references (the same list object gives the same hub), its nodes made in order. */
  private hubOf(tos: readonly AttackRef[]): number {
    const known = this.hubByList.get(tos);
    if (known !== undefined) return known;
    const h = this.hubs.length;
    const nodes = Int32Array.from(tos, (to) => this.node(to));
    const hub: Hub = { nodes, position: new Map(), overlaps: false, runs: new Map() };
    nodes.forEach((n, i) => {
      if (hub.position.has(n)) hub.overlaps = true;
      else hub.position.set(n, i);
      const others = this.nodeHubs.get(n);
      if (others) {
        hub.overlaps = true;
        for (const o of others) (this.hubs[o] as Hub).overlaps = true;
        others.push(h);
      } else {
        this.nodeHubs.set(n, [h]);
      }
    });
    this.hubs.push(hub);
    this.hubByList.set(tos, h);
    this.store.hubRefs.push(tos);
    return h;
  }

  /** Whether every edge from `f` to the nodes of `hub` would be new (and none a loop). */
  private mayRun(f: number, tech: number, hub: Hub): boolean {
    if (hub.overlaps || hub.position.has(f) || hub.runs.has(f * 64 + tech)) return false;
    if (((this.techBits[f] as number) & techBit(tech)) === 0) return true;
    for (const t of hub.nodes) if (this.find(f, t, tech) !== -1) return false;
    return true;
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

  /** The plain edge (from, to, technique), or -1. */
  private find(f: number, t: number, tech: number): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let i = slotOf(f, t, tech) & mask; ; i = (i + 1) & mask) {
      const v = table[i] as number;
      if (v === EMPTY) return -1;
      const p = v - 1;
      if (this.plainFrom[p] === f && this.plainTo[p] === t && this.plainTech[p] === tech) return p;
    }
  }

  private remember(p: number): void {
    if ((p + 1) * 2 > this.table.length) {
      const old = this.table;
      this.table = new Int32Array(old.length * 2);
      for (const v of old) if (v !== EMPTY) this.place(v - 1);
    }
    this.place(p);
  }

  private place(p: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let i =
      slotOf(this.plainFrom[p] as number, this.plainTo[p] as number, this.plainTech[p] as number) & mask;
    while (table[i] !== EMPTY) i = (i + 1) & mask;
    table[i] = p + 1;
  }

  /** The edge of a run from `f` to `t` of technique `tech`, or -1. */
  private inRun(f: number, t: number, tech: number): number {
    const hubs = this.nodeHubs.get(t);
    if (!hubs) return -1;
    for (const h of hubs) {
      const hub = this.hubs[h] as Hub;
      const r = hub.runs.get(f * 64 + tech);
      if (r !== undefined) return (this.store.run.start[r] as number) + (hub.position.get(t) as number);
    }
    return -1;
  }

  private add(
    technique: Technique,
    tech: number,
    f: number,
    from: AttackRef,
    to: AttackRef,
    t: number,
    evidence: readonly EvidencePart[],
    message: EdgeMessage,
    assumption: string | undefined,
  ): void {
    if (f === t) return;
    const s = this.store;
    const existing = this.find(f, t, tech);
    if (existing === -1) {
      const id = this.inRun(f, t, tech);
      if (id !== -1) {
        // A run's edge holds without assumption; a second reason adds its evidence.
        if (evidence.length === 0) return;
        let list = s.runEvidence.get(id);
        if (!list) {
          const r = this.runIndex(id);
          list = [...(s.run.evidence[r] as readonly EvidencePart[])];
          s.runEvidence.set(id, list);
        }
        list.push(...evidence);
        return;
      }
    } else {
      // An edge that holds without assumption through one reason holds without it.
      if (s.assumption[existing] !== undefined && assumption === undefined) {
        s.assumption[existing] = undefined;
        s.message[existing] = message;
      }
      if (evidence.length === 0) return;
      let list = s.evidence[existing] as EvidencePart[];
      if (!this.ownEvidence.has(existing)) {
        list = [...list];
        s.evidence[existing] = list;
        this.ownEvidence.add(existing);
      }
      list.push(...evidence);
      return;
    }
    // The caller's list is kept as it is (a holder's grants are the evidence of many edges): it is copied only
    // when a second reason adds to it. Callers never change a list once they have given it.
    const p = s.technique.length;
    s.technique.push(technique);
    s.from.push(from);
    s.to.push(to);
    s.assumption.push(assumption);
    s.evidence.push(evidence);
    s.message.push(message);
    this.plainFrom.push(f);
    this.plainTo.push(t);
    this.plainTech.push(tech);
    this.plainId.push(this.edgeCount++);
    this.techBits[f] = (this.techBits[f] as number) | techBit(tech);
    this.remember(p);
  }

  /** The run of a run's edge id. */
  private runIndex(id: number): number {
    const starts = this.store.run.start;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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
    const count = this.edgeCount;
    const s = this.store;
    const edgeFrom = new Int32Array(count);
    const edgeTo = new Int32Array(count);
    const edgeAssumes = new Uint8Array(count);
    const place = new Int32Array(count);
    this.plainId.forEach((id, p) => {
      edgeFrom[id] = this.plainFrom[p] as number;
      edgeTo[id] = this.plainTo[p] as number;
      edgeAssumes[id] = s.assumption[p] !== undefined ? 1 : 0;
      place[id] = p;
    });
    const hubs = this.hubs.map((h) => h.nodes);
    s.run.start.forEach((first, r) => {
      const members = hubs[s.run.hub[r] as number] as Int32Array;
      edgeFrom.fill(this.runFrom[r] as number, first, first + members.length);
      edgeTo.set(members, first);
      place.fill(-(r + 1), first, first + members.length);
    });
    const links: number[][] = Array.from({ length: n }, () => []);
    const linksIn: number[][] = Array.from({ length: n }, () => []);
    for (const [f, set] of this.links) {
      for (const t of set) {
        links[f]?.push(t);
        linksIn[t]?.push(f);
      }
    }
    const graph = { nodes: this.nodes, keys: this.keys, index: this.index, edgeFrom, edgeTo, edgeAssumes };
    return new AttackGraph(
      { ...graph, forward: this.forward(n, edgeAssumes), hubs, links, linksIn, place },
      this.store,
    );
  }

  /** Each node's outgoing plain edges and runs, in id order: a run is one slot (its first id, -(hub + 1)). */
  private forward(n: number, edgeAssumes: Uint8Array): AttackGraph["forward"] {
    const run = this.store.run;
    const plains = this.plainId.length;
    const runs = run.start.length;
    const count = plains + runs;
    const start = new Int32Array(n + 1);
    for (const f of this.plainFrom) start[f + 1] = (start[f + 1] as number) + 1;
    for (const f of this.runFrom) start[f + 1] = (start[f + 1] as number) + 1;
    for (let u = 0; u < n; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
    const fill = start.slice(0, n);
    const edge = new Int32Array(count);
    const node = new Int32Array(count);
    const assumes = new Uint8Array(count);
    // Plain edges and runs merged by id (each list is in id order).
    for (let p = 0, r = 0; p < plains || r < runs;) {
      const plainFirst = r >= runs || (p < plains && (this.plainId[p] as number) < (run.start[r] as number));
      const u = plainFirst ? (this.plainFrom[p] as number) : (this.runFrom[r] as number);
      const slot = fill[u] as number;
      fill[u] = slot + 1;
      if (plainFirst) {
        const id = this.plainId[p] as number;
        edge[slot] = id;
        node[slot] = this.plainTo[p] as number;
        assumes[slot] = edgeAssumes[id] as number;
        p++;
      } else {
        edge[slot] = run.start[r] as number;
        node[slot] = -((run.hub[r] as number) + 1);
        r++;
      }
    }
    return { start, edge, node, assumes };
  }
}

function techBit(tech: number): number {
  return 1 << Math.min(tech, 31);
}

/** A hash of (from, to, technique) for the edge table. */
function slotOf(f: number, t: number, tech: number): number {
  let h = Math.imul(f, 0x9e3779b1) ^ Math.imul(t * 64 + tech, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
