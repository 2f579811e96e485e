import { refKey } from "@/lib/paths/refs";
import type { AttackEdge, AttackRef, Evidence, Technique } from "@/lib/paths/types";

// Collects the nodes and edges of the attack graph. One edge per (technique, from, to): a second reason for the
// same edge adds its evidence. "Links" are zero-hop relations that are not attacks: an identity is a member of
// its groups, and a wildcard node (`User *`: any user) stands for every node it covers.

export interface AttackGraph {
  nodes: AttackRef[];
  keys: string[];
  index: ReadonlyMap<string, number>;
  edges: AttackEdge[];
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Edge -> 1 when it holds only under an assumption (read by every search, without touching the edge). */
  edgeAssumes: Uint8Array;
  /** Node -> ids of its outgoing / incoming edges. */
  out: number[][];
  in: number[][];
  /** Node -> nodes it stands for at no cost (membership, wildcards), and the reverse. */
  links: number[][];
  linksIn: number[][];
}

export class GraphBuilder {
  private readonly nodes: AttackRef[] = [];
  private readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly edges: AttackEdge[] = [];
  private readonly edgeFrom: number[] = [];
  private readonly edgeTo: number[] = [];
  /** From node -> (to node * 64 + technique number) -> edge id: one edge per (technique, from, to). */
  private readonly edgeIndex: Map<number, number>[] = [];
  private readonly techniques = new Map<Technique, number>();
  private readonly links = new Map<number, Set<number>>();
  /** Edges whose evidence list is their own (copied from the caller's on a second reason). */
  private readonly ownEvidence = new Set<number>();

  node(ref: AttackRef): number {
    const key = refKey(ref);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(ref);
      this.keys.push(key);
      this.index.set(key, id);
    }
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
    evidence: readonly Evidence[],
    message: string,
    assumption?: string,
  ): void {
    const f = this.node(from);
    const t = this.node(to);
    if (f === t) return;
    let tech = this.techniques.get(technique);
    if (tech === undefined) {
      tech = this.techniques.size;
      if (tech >= 64) throw new Error("more than 64 attack techniques");
      this.techniques.set(technique, tech);
    }
    const key = t * 64 + tech;
    let byFrom = this.edgeIndex[f];
    if (!byFrom) {
      byFrom = new Map();
      this.edgeIndex[f] = byFrom;
    }
    const existing = byFrom.get(key);
    if (existing !== undefined) {
      const edge = this.edges[existing] as AttackEdge;
      // An edge that holds without assumption through one reason holds without it.
      if (edge.assumption !== undefined && assumption === undefined) {
        delete edge.assumption;
        edge.message = message;
      }
      if (evidence.length === 0) return;
      if (!this.ownEvidence.has(existing)) {
        edge.evidence = [...edge.evidence];
        this.ownEvidence.add(existing);
      }
      edge.evidence.push(...evidence);
      return;
    }
    byFrom.set(key, this.edges.length);
    // The caller's list is kept as it is (a holder's grants are the evidence of many edges): it is copied only
    // when a second reason adds to it. Callers never change a list once they have given it.
    this.edges.push({
      technique,
      from,
      to,
      ...(assumption !== undefined ? { assumption } : {}),
      evidence: evidence as Evidence[],
      message,
    });
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
    const out: number[][] = Array.from({ length: n }, () => []);
    const inc: number[][] = Array.from({ length: n }, () => []);
    this.edges.forEach((_, i) => {
      out[this.edgeFrom[i] as number]?.push(i);
      inc[this.edgeTo[i] as number]?.push(i);
    });
    const links: number[][] = Array.from({ length: n }, () => []);
    const linksIn: number[][] = Array.from({ length: n }, () => []);
    for (const [f, set] of this.links) {
      for (const t of set) {
        links[f]?.push(t);
        linksIn[t]?.push(f);
      }
    }
    return {
      nodes: this.nodes,
      keys: this.keys,
      index: this.index,
      edges: this.edges,
      edgeFrom: Int32Array.from(this.edgeFrom),
      edgeTo: Int32Array.from(this.edgeTo),
      edgeAssumes: Uint8Array.from(this.edges, (e) => (e.assumption !== undefined ? 1 : 0)),
      out,
      in: inc,
      links,
      linksIn,
    };
  }
}
