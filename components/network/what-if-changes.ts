import type { NetworkView, ViewEdge } from "@/lib/views/build-network-view";
import type { WhatIfAnswer } from "@/lib/views/what-if-answer";

// What-if answers on the graph: a drawn edge that is exactly one lost connection is marked LOST; every other
// changed connection whose two ends are on the picture is added as an edge of its own, marked GAINED or LOST.

/** The name of an edge end in lists: a workload as namespace/name, a box as "namespace X (every workload)". */
export function endName(view: Pick<NetworkView, "nodes">, id: string): string {
  if (id.startsWith("ns:")) return `every workload in ${id.slice(3)}`;
  const n = view.nodes.find((x) => x.id === id);
  if (!n) return id;
  return n.kind === "workload" ? `${n.namespace ?? ""}/${n.label}` : n.label;
}

/** At most this many changed connections are drawn; the lists under the editor have them all. */
const MAX_EXTRA = 300;

export function whatIfChanges(
  view: NetworkView,
  answer: Pick<WhatIfAnswer, "gained" | "lost">,
): { marks: Map<string, "gained" | "lost">; extra: ViewEdge[] } {
  const meaning = new Map<string, string>();
  for (const n of view.nodes) for (const x of n.externalIds ?? []) meaning.set(x, n.id);
  const ids = new Set(view.nodes.map((n) => n.id));
  const single = new Map(view.edges.filter((e) => e.members.length === 1).map((e) => [e.members[0], e.id]));
  const marks = new Map<string, "gained" | "lost">();
  const extra = new Map<string, ViewEdge>();
  for (const [list, kind] of [
    [answer.lost, "lost"],
    [answer.gained, "gained"],
  ] as const) {
    for (const c of list) {
      const from = meaning.get(c.from) ?? c.from;
      const to = meaning.get(c.to) ?? c.to;
      const id = `${from}>${to}`;
      const drawn = kind === "lost" ? single.get(id) : undefined;
      if (drawn) {
        marks.set(drawn, kind);
        continue;
      }
      if (!ids.has(from) || !ids.has(to) || extra.size >= MAX_EXTRA) continue;
      const edgeId = `what-if:${kind}:${id}`;
      const ports = c.ports
        .map(
          (p) =>
            `${p.protocol} ${p.from === p.to ? p.from : p.from === 1 && p.to === 65535 ? "all" : `${p.from}-${p.to}`}`,
        )
        .join(", ");
      const first = c.ports[0];
      extra.set(edgeId, {
        id: edgeId,
        from,
        to,
        ports,
        members: [],
        example: {
          protocol: first?.protocol === "UDP" || first?.protocol === "SCTP" ? first.protocol : "TCP",
          port: first?.from ?? 80,
        },
        implementationDefined: false,
        internet: from === "internet" || to === "internet",
        exposed: false,
        metadata: to === "metadata",
      });
      marks.set(edgeId, kind);
    }
  }
  return { marks, extra: [...extra.values()] };
}
