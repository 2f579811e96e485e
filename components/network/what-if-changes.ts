import type { NetworkView, ViewEdge } from "@/lib/views/build-network-view";
import { aggregateEdges } from "@/lib/views/aggregate-edges";
import type { WhatIfAnswer } from "@/lib/views/what-if-answer";

// What-if answers on the graph (docs/network.md "Reading the graph"): a drawn edge some of whose connections lose
// ports is marked LOST (with "n of m" when only some of them do); gained connections are aggregated like the graph
// (one edge to a namespace box when every workload of it gains alike) and drawn as edges of their own, GAINED.
// Labels stay short: the changed ports when they are few, else "some ports"; the lists under the editor say all.

interface ChangeMark {
  kind: "gained" | "lost";
  /** The edge's label: GAINED or LOST and what changed. */
  text: string;
}

/** The name of an edge end in lists: a workload as namespace/name, a box as "every workload in X". */
export function endName(view: Pick<NetworkView, "nodes">, id: string): string {
  if (id.startsWith("ns:")) return `every workload in ${id.slice(3)}`;
  const n = view.nodes.find((x) => x.id === id);
  if (!n) return id;
  return n.kind === "workload" ? `${n.namespace ?? ""}/${n.label}` : n.label;
}

/** At most this many gained edges are drawn; the lists under the editor have them all. */
const MAX_EXTRA = 60;
const SHORT = 28;

function portsText(ports: WhatIfAnswer["gained"][number]["ports"]): string {
  return ports
    .map(
      (p) =>
        `${p.protocol} ${p.from === p.to ? p.from : p.from === 1 && p.to === 65535 ? "all" : `${p.from}-${p.to}`}`,
    )
    .join(", ");
}

export function whatIfChanges(
  view: NetworkView,
  answer: Pick<WhatIfAnswer, "gained" | "lost">,
): { marks: Map<string, ChangeMark>; extra: ViewEdge[] } {
  const meaning = new Map<string, string>();
  for (const n of view.nodes) for (const x of n.externalIds ?? []) meaning.set(x, n.id);
  const idOf = (c: { from: string; to: string }) =>
    `${meaning.get(c.from) ?? c.from}>${meaning.get(c.to) ?? c.to}`;
  const marks = new Map<string, ChangeMark>();

  const lost = new Map<string, Set<string>>();
  for (const c of answer.lost) {
    const id = idOf(c);
    lost.set(id, (lost.get(id) ?? new Set()).add(portsText(c.ports)));
  }
  for (const e of view.edges) {
    const hit = e.members.filter((m) => lost.has(m));
    if (hit.length === 0) continue;
    const texts = new Set(hit.flatMap((m) => [...(lost.get(m) ?? [])]));
    const only = texts.size === 1 ? [...texts][0] : undefined;
    const what = only !== undefined && only.length <= SHORT ? only : "some ports";
    const part = hit.length < e.members.length ? ` (${hit.length} of ${e.members.length})` : "";
    marks.set(e.id, { kind: "lost", text: `LOST ${what}${part}` });
  }

  const ids = new Set(view.nodes.map((n) => n.id));
  const workloads = new Map(
    view.nodes.filter((n) => n.kind === "workload").map((n) => [n.id, n.namespace ?? ""]),
  );
  const gained = answer.gained
    .map((c) => {
      const [from = "", to = ""] = idOf(c).split(">");
      return { id: `${from}>${to}`, from, to, ports: portsText(c.ports) };
    })
    .filter((c) => ids.has(c.from) && ids.has(c.to));
  const folded = aggregateEdges({ connections: gained, workloads, singlePod: new Set(), maxGroups: 0 });
  const extra: ViewEdge[] = [];
  for (const e of folded.edges.slice(0, MAX_EXTRA)) {
    const id = `what-if:gained:${e.id}`;
    extra.push({
      id,
      from: e.from,
      to: e.to,
      ports: e.ports,
      members: [],
      example: { protocol: "TCP", port: 80 },
      implementationDefined: false,
      internet: e.from === "internet" || e.to === "internet",
      exposed: false,
      metadata: e.to === "metadata",
    });
    marks.set(id, { kind: "gained", text: `GAINED ${e.ports.length <= SHORT ? e.ports : "some ports"}` });
  }
  return { marks, extra };
}
