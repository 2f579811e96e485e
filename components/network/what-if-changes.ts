import type { DrawnEdge, DrawnView } from "@/lib/views/network-view-types";
import { aggregateEdges } from "@/lib/views/aggregate-edges";
import { endNameOf, nodeMap } from "@/lib/views/connection-rows";
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
export function endName(view: Pick<DrawnView, "nodes">, id: string): string {
  return endNameOf(nodeMap(view.nodes), id);
}

/** At most this many gained edges are drawn; the lists under the editor have them all. */
const MAX_EXTRA = 60;
const SHORT = 28;
/** A workload's id, `namespace/name[Kind]`: its namespace. */
const WORKLOAD_ID = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/[^/]+\[[A-Za-z]+\]$/;

function portsText(ports: WhatIfAnswer["gained"][number]["ports"]): string {
  return ports
    .map(
      (p) =>
        `${p.protocol} ${p.from === p.to ? p.from : p.from === 1 && p.to === 65535 ? "all" : `${p.from}-${p.to}`}`,
    )
    .join(", ");
}

export function whatIfChanges(
  view: DrawnView,
  answer: Pick<WhatIfAnswer, "gained" | "lost">,
): { marks: Map<string, ChangeMark>; extra: DrawnEdge[] } {
  const meaning = new Map<string, string>();
  for (const n of view.nodes) for (const x of n.externalIds ?? []) meaning.set(x, n.id);
  const idOf = (c: { from: string; to: string }) =>
    `${meaning.get(c.from) ?? c.from}>${meaning.get(c.to) ?? c.to}`;
  const marks = new Map<string, ChangeMark>();

  // A lost connection is marked on the one drawn edge that stands for it: the edge whose ends are its ends, its
  // namespace's box or a group holding its source (the browser has the edges' counts, not their connections).
  const lost = new Map<string, { from: string; to: string; texts: Set<string> }>();
  for (const c of answer.lost) {
    const id = idOf(c);
    const [from = "", to = ""] = id.split(">");
    const entry = lost.get(id) ?? { from, to, texts: new Set<string>() };
    entry.texts.add(portsText(c.ports));
    lost.set(id, entry);
  }
  const edgeAt = new Map(view.edges.map((e) => [`${e.from}>${e.to}`, e]));
  const groupsOf = new Map<string, string[]>();
  for (const n of view.nodes) {
    if (n.kind !== "group") continue;
    for (const m of n.members ?? []) groupsOf.set(m, [...(groupsOf.get(m) ?? []), n.id]);
  }
  const nsOfNode = new Map(view.nodes.map((n) => [n.id, n.namespace]));
  const nsOf = (id: string) => nsOfNode.get(id) ?? WORKLOAD_ID.exec(id)?.[1];
  const hits = new Map<string, { edge: DrawnEdge; count: number; texts: Set<string> }>();
  for (const c of lost.values()) {
    const fromNs = nsOf(c.from);
    const toNs = nsOf(c.to);
    const froms = [c.from, ...(fromNs ? [`ns:${fromNs}`] : []), ...(groupsOf.get(c.from) ?? [])];
    const tos = [c.to, ...(toNs ? [`ns:${toNs}`] : [])];
    const edge = froms.flatMap((f) => tos.map((t) => edgeAt.get(`${f}>${t}`))).find((e) => e !== undefined);
    if (!edge) continue;
    const hit = hits.get(edge.id) ?? { edge, count: 0, texts: new Set<string>() };
    hit.count++;
    for (const t of c.texts) hit.texts.add(t);
    hits.set(edge.id, hit);
  }
  for (const { edge: e, count, texts } of hits.values()) {
    const only = texts.size === 1 ? [...texts][0] : undefined;
    const what = only !== undefined && only.length <= SHORT ? only : "some ports";
    const part = count < e.memberCount ? ` (${count} of ${e.memberCount})` : "";
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
  const extra: DrawnEdge[] = [];
  for (const e of folded.edges.slice(0, MAX_EXTRA)) {
    const id = `what-if:gained:${e.id}`;
    extra.push({
      id,
      from: e.from,
      to: e.to,
      ports: e.ports,
      memberCount: e.members.length,
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
