import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { search } from "@/lib/paths/find-paths";
import { GraphBuilder, type AttackGraph } from "@/lib/paths/graph-builder";
import { refKey, refLabel } from "@/lib/paths/refs";
import type { AttackRef, Evidence, Technique } from "@/lib/paths/types";

// A holder's edges to every node of a list are kept as one run (lib/paths/attack-graph.ts) when each of them is
// new. Against the same edges given one by one: the same edges (ids, ends, evidence, messages, assumptions), the
// same adjacency, and the same searches (hops, assumptions and the edge each node is reached by) forward, with an
// edge left out, and backward. Random sequences mix runs with single edges to the same nodes before and after
// (a second reason adds evidence to a run's edge), loops (a holder in its own list), lists that share nodes, and
// lists given twice.

const sa = (namespace: string, name: string): AttackRef => ({ kind: "ServiceAccount", namespace, name });
const NODES: AttackRef[] = [
  sa("a", "x"),
  sa("a", "y"),
  sa("a", "z"),
  sa("b", "x"),
  sa("b", "y"),
  { kind: "User", name: "u" },
  { kind: "User", name: "v" },
  { kind: "Group", name: "g" },
];
// Fixed list objects: the builder knows a list by its identity.
const LISTS: AttackRef[][] = [
  [NODES[0], NODES[1], NODES[2]] as AttackRef[],
  [NODES[3], NODES[4]] as AttackRef[],
  [NODES[2], NODES[3]] as AttackRef[],
  [NODES[5], NODES[0]] as AttackRef[],
  [NODES[4]] as AttackRef[],
];
const TECHNIQUES: Technique[] = ["ATTACK-011", "ATTACK-017", "ATTACK-016"];

type Op =
  | { kind: "edge"; tech: number; from: number; to: number; assumes: boolean; evidence: boolean }
  | { kind: "edgesTo"; tech: number; from: number; list: number; evidence: boolean }
  | { kind: "link"; from: number; to: number };

const node = fc.nat({ max: NODES.length - 1 });
const tech = fc.nat({ max: TECHNIQUES.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("edge" as const),
    tech,
    from: node,
    to: node,
    assumes: fc.boolean(),
    evidence: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("edgesTo" as const),
    tech,
    from: node,
    list: fc.nat({ max: LISTS.length - 1 }),
    evidence: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("link" as const), from: node, to: node }),
);

function fact(i: number): Evidence[] {
  return [{ type: "field", object: { kind: "Pod", name: `p${i}` }, field: "spec", value: String(i) }];
}

function build(ops: Op[], oneByOne: boolean): AttackGraph {
  const g = new GraphBuilder();
  const message = (from: AttackRef, to: AttackRef) => `${refLabel(from)} -> ${refLabel(to)}`;
  ops.forEach((op, i) => {
    if (op.kind === "link") {
      g.link(NODES[op.from] as AttackRef, NODES[op.to] as AttackRef);
      return;
    }
    const technique = TECHNIQUES[op.tech] as Technique;
    const evidence = op.evidence ? fact(i) : [];
    const from = NODES[op.from] as AttackRef;
    if (op.kind === "edge") {
      const assumption = op.assumes ? `assumption ${i}` : undefined;
      g.edge(
        technique,
        from,
        NODES[op.to] as AttackRef,
        evidence,
        op.assumes ? `m${i}` : message,
        assumption,
      );
    } else if (oneByOne) {
      for (const to of LISTS[op.list] as AttackRef[]) g.edge(technique, from, to, evidence, message);
    } else {
      g.edgesTo(technique, from, LISTS[op.list] as AttackRef[], evidence, message);
    }
  });
  return g.build();
}

describe("runs of edges", () => {
  it("are the same edges, adjacency and searches as the edges given one by one", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const runs = build(ops, false);
        const single = build(ops, true);
        expect(runs.keys).toEqual(single.keys);
        expect(runs.edgeCount).toBe(single.edgeCount);
        expect(JSON.stringify(runs.edges)).toBe(JSON.stringify(single.edges));
        expect(Array.from(runs.edgeFrom)).toEqual(Array.from(single.edgeFrom));
        expect(Array.from(runs.edgeTo)).toEqual(Array.from(single.edgeTo));
        expect(runs.out).toEqual(single.out);
        expect(runs.in).toEqual(single.in);
        for (let s = 0; s < runs.nodes.length; s++) {
          const sources = s + 1 < runs.nodes.length ? [s, s + 1] : [s];
          expect(search(runs, sources)).toEqual(search(single, sources));
          expect(search(runs, [s], { reverse: true })).toEqual(search(single, [s], { reverse: true }));
          for (let cut = 0; cut < runs.edgeCount; cut += 3) {
            const skip = (e: number) => e === cut;
            expect(search(runs, sources, { skip })).toEqual(search(single, sources, { skip }));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("offers a run again in the same layer from a node reached with fewer assumptions", () => {
    const ops: Op[] = [
      { kind: "edge", tech: 2, from: 7, to: 5, assumes: true, evidence: false },
      { kind: "edge", tech: 2, from: 7, to: 6, assumes: false, evidence: false },
      { kind: "edgesTo", tech: 0, from: 5, list: 0, evidence: true },
      { kind: "edgesTo", tech: 0, from: 6, list: 0, evidence: true },
    ];
    const runs = build(ops, false);
    const id = (ref: AttackRef) => runs.index.get(refKey(ref)) as number;
    const s = search(runs, [id(NODES[7] as AttackRef)]);
    expect(s).toEqual(search(build(ops, true), [id(NODES[7] as AttackRef)]));
    // Each account is reached in 2 hops without assumption, through the second holder's run.
    for (const account of (LISTS[0] as AttackRef[]).map(id)) {
      expect([s.dist[account], s.assumptions[account]]).toEqual([2, 0]);
      expect(runs.edge(s.pred[account] as number).from).toEqual(NODES[6]);
    }
  });

  it("keeps a holder's edges to a list as one slot of its adjacency", () => {
    const g = new GraphBuilder();
    g.edgesTo("ATTACK-011", NODES[5] as AttackRef, LISTS[0] as AttackRef[], [], "m");
    g.edgesTo("ATTACK-017", NODES[5] as AttackRef, LISTS[0] as AttackRef[], [], "m");
    const graph = g.build();
    expect(graph.edgeCount).toBe(6);
    expect(graph.forward.edge.length).toBe(2);
    expect(graph.out[0]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
