import type { NetworkView, ViewNode } from "@/lib/views/network-view-types";

// The Network page's connection list, a page at a time (docs/network.md "What the page sends"): the page shows
// the first rows and asks /api/network/connections for the next ones, or for the rows whose names or ports hold
// a text; the selected edge lists its connections. Each row carries its ends' names, as the lists write them, so
// the browser needs no node it does not draw. The exports still give the whole list in one file.

export interface ConnectionRow {
  id: string;
  from: string;
  to: string;
  /** The ends as the lists name them: `namespace/name` for a workload, else the node's label. */
  fromName: string;
  toName: string;
  ports: string;
  implementationDefined: boolean;
  partial: boolean;
  detail?: string;
}

export interface ConnectionPage {
  rows: ConnectionRow[];
  offset: number;
  limit: number;
  /** Every connection the filters keep. */
  total: number;
  /** Those whose names or ports hold `q` (all of them without `q`). */
  matched: number;
  q?: string;
}

/** Rows shown at a time: the page's first, and the most one request returns. */
export const CONNECTION_PAGE = 300;

/** The name of an edge end or connection end in lists: a workload as namespace/name, a box as "every workload in X". */
export function endNameOf(nodes: ReadonlyMap<string, ViewNode>, id: string): string {
  if (id.startsWith("ns:")) return `every workload in ${id.slice(3)}`;
  const n = nodes.get(id);
  if (!n) return id;
  return n.kind === "workload" ? `${n.namespace ?? ""}/${n.label}` : n.label;
}

const nodeMaps = new WeakMap<readonly ViewNode[], Map<string, ViewNode>>();

/** The nodes by id, made once per node list. */
export function nodeMap(nodes: readonly ViewNode[]): Map<string, ViewNode> {
  let map = nodeMaps.get(nodes);
  if (!map) {
    map = new Map(nodes.map((n) => [n.id, n]));
    nodeMaps.set(nodes, map);
  }
  return map;
}

function rowOf(nodes: ReadonlyMap<string, ViewNode>, c: NetworkView["connections"][number]): ConnectionRow {
  return {
    id: c.id,
    from: c.from,
    to: c.to,
    fromName: endNameOf(nodes, c.from),
    toName: endNameOf(nodes, c.to),
    ports: c.ports,
    implementationDefined: c.implementationDefined,
    partial: c.partial,
    ...(c.detail !== undefined ? { detail: c.detail } : {}),
  };
}

export function connectionPage(
  view: Pick<NetworkView, "nodes" | "connections">,
  want: { offset?: number; limit?: number; q?: string } = {},
): ConnectionPage {
  const nodes = nodeMap(view.nodes);
  const limit = Math.max(1, Math.min(want.limit ?? CONNECTION_PAGE, CONNECTION_PAGE));
  const offset = Math.max(0, want.offset ?? 0);
  const q = want.q?.trim().toLowerCase();
  const rows: ConnectionRow[] = [];
  let matched = 0;
  for (const c of view.connections) {
    // Names are made only for the rows returned, and for matching when there is a text.
    const row = q ? rowOf(nodes, c) : undefined;
    if (row && !`${row.fromName} ${row.toName} ${row.ports}`.toLowerCase().includes(q ?? "")) continue;
    if (matched >= offset && rows.length < limit) rows.push(row ?? rowOf(nodes, c));
    matched++;
  }
  return {
    rows,
    offset,
    limit,
    total: view.connections.length,
    matched,
    ...(q ? { q: want.q?.trim() } : {}),
  };
}

/** The connections a drawn edge stands for (the first CONNECTION_PAGE of them), and how many there are. */
export function edgeMembers(
  view: Pick<NetworkView, "nodes" | "edges" | "connections">,
  edgeId: string,
): { rows: ConnectionRow[]; total: number } | undefined {
  const edge = view.edges.find((e) => e.id === edgeId);
  if (!edge) return undefined;
  const wanted = new Set(edge.members.slice(0, CONNECTION_PAGE));
  const nodes = nodeMap(view.nodes);
  const rows = view.connections.filter((c) => wanted.has(c.id)).map((c) => rowOf(nodes, c));
  // In the edge's own order.
  const order = new Map(edge.members.map((m, i) => [m, i]));
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { rows, total: edge.members.length };
}
