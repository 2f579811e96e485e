import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregateEdges, type Connection } from "@/lib/views/aggregate-edges";

// The drawn edges stand for exactly the connections given: expanding every edge (a group to its members, a box to
// its namespace's workloads) gives back each connection once, with its own ports, and nothing else, except a
// single-pod workload to itself (always allowed, rule 20).

function expand(
  edge: { from: string; to: string; ports: string },
  groups: Map<string, string[]>,
  byNs: Map<string, string[]>,
): string[] {
  const side = (id: string) =>
    id.startsWith("ns:")
      ? (byNs.get(id.slice(3)) ?? [])
      : id.startsWith("group:")
        ? (groups.get(id) ?? [])
        : [id];
  return side(edge.from).flatMap((f) => side(edge.to).map((t) => `${f}>${t}|${edge.ports}`));
}

const arbitraryCluster = fc
  .record({
    workloads: fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d"), fc.boolean()), {
      minLength: 1,
      maxLength: 9,
    }),
    externals: fc.constantFrom<string[]>(["internet"], ["internet", "metadata"], []),
    density: fc.double({ min: 0, max: 1, noNaN: true }),
    seed: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 200, maxLength: 200 }),
  })
  .map(({ workloads, externals, density, seed }) => {
    const ws = workloads.map(([ns, single], i) => ({ id: `${ns}/w${i}`, ns, single }));
    const ids = [...ws.map((w) => w.id), ...externals];
    const connections: Connection[] = [];
    let k = 0;
    for (const from of ids) {
      for (const to of ids) {
        const r = seed[k++ % seed.length] ?? 0;
        if (from === to && ws.find((w) => w.id === from)?.single) continue;
        if (externals.includes(from) && externals.includes(to)) continue;
        if (r / 100 >= density) continue;
        connections.push({ id: `${from}>${to}`, from, to, ports: r % 3 === 0 ? "TCP 53" : "all ports" });
      }
    }
    return { ws, connections };
  });

describe("aggregateEdges", () => {
  it("stands for exactly the connections given, each once, on its own ports", () => {
    fc.assert(
      fc.property(arbitraryCluster, ({ ws, connections }) => {
        const workloads = new Map(ws.map((w) => [w.id, w.ns]));
        const singlePod = new Set(ws.filter((w) => w.single).map((w) => w.id));
        const { edges, groups } = aggregateEdges({ connections, workloads, singlePod });
        const byNs = new Map<string, string[]>();
        for (const w of ws) byNs.set(w.ns, [...(byNs.get(w.ns) ?? []), w.id]);
        const groupMembers = new Map(groups.map((g) => [g.id, g.members]));
        const want = new Set(connections.map((c) => `${c.from}>${c.to}|${c.ports}`));
        const got: string[] = [];
        for (const e of edges) {
          // A single-pod workload to itself may be claimed: it is always allowed.
          got.push(
            ...expand(e, groupMembers, byNs).filter((x) => want.has(x) || !isSelfOfSingle(x, singlePod)),
          );
        }
        expect(got.sort()).toEqual([...want].sort());
        // Members name the connections of each edge.
        expect(edges.flatMap((e) => e.members).sort()).toEqual(connections.map((c) => c.id).sort());
      }),
      { numRuns: 300 },
    );
  });

  it("draws one edge from a group for a source set that reaches several destinations alike", () => {
    const ws = ["a/1", "a/2", "b/3", "c/4"];
    const workloads = new Map(ws.map((w) => [w, w.split("/")[0] ?? ""]));
    const connections: Connection[] = [];
    for (const from of ["a/1", "b/3", "c/4"])
      for (const to of ["internet", "metadata", "a/2"])
        connections.push({ id: `${from}>${to}`, from, to, ports: "all ports" });
    const { edges, groups } = aggregateEdges({ connections, workloads, singlePod: new Set(ws) });
    expect(groups).toEqual([{ id: "group:0", members: ["a/1", "b/3", "c/4"] }]);
    expect(edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual([
      "group:0>a/2",
      "group:0>internet",
      "group:0>metadata",
    ]);
  });

  it("ends an edge at a namespace box when it reaches every workload of it, unless told to keep them apart", () => {
    const workloads = new Map([
      ["t/1", "t"],
      ["t/2", "t"],
    ]);
    const connections: Connection[] = ["t/1", "t/2"].map((to) => ({
      id: `internet>${to}`,
      from: "internet",
      to,
      ports: "all ports",
    }));
    const folded = aggregateEdges({ connections, workloads, singlePod: new Set() });
    expect(folded.edges.map((e) => `${e.from}>${e.to}`)).toEqual(["internet>ns:t"]);
    const apart = aggregateEdges({
      connections,
      workloads,
      singlePod: new Set(),
      keepApart: (_, to) => to === "t/1",
    });
    expect(apart.edges.map((e) => `${e.from}>${e.to}`)).toEqual(["internet>t/1", "internet>t/2"]);
  });
});

function isSelfOfSingle(x: string, single: Set<string>): boolean {
  const [pair = ""] = x.split("|");
  const [from, to] = pair.split(">");
  return from === to && single.has(from ?? "");
}
