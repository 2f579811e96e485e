import type { AccessGap } from "@/lib/model/types";
import { ALL_PORTS, formatPorts } from "@/lib/netpol/port-set";
import { csvCell } from "@/lib/findings/export-findings";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { relevantGaps } from "@/lib/views/known-count";
import { exportGaps, type ExportGap } from "@/lib/views/export-gaps";
import type { NetworkView } from "@/lib/views/network-view-types";

// The Network page's full connection list (docs/network.md "Exports"): every connection the page lists under its
// filters (namespace, direction, port), whatever the graph aggregates, for the CSV and JSON exports. With what
// the viewer may not read recorded: a list that leaves hidden policies or workloads out says so.

export interface Connection {
  /** Workload ids (`ns/name[Kind]`), "internet", "metadata" or an external range's node id. */
  from: string;
  to: string;
  /** How a reader names each end: `ns/name (Kind)`, "internet", "cloud metadata" or the range. */
  fromLabel: string;
  toLabel: string;
  /** The ports and protocols allowed, as the page writes them. */
  ports: string;
  /** Every port of every protocol. */
  allPorts: boolean;
  /** Allowed only where the CNI's implementation-defined behaviour allows it (docs/semantics.md §1). */
  implementationDefined: boolean;
  /** Only some addresses of an external end: which, on which ports. */
  detail?: string;
}

export interface ConnectionList {
  filter: { namespace?: string; direction: "both" | "ingress" | "egress"; port?: string };
  connections: Connection[];
  /** What the viewer may not read that the list depends on: connections may be missing or wrong. */
  gaps: ExportGap[];
  complete: boolean;
}

const EVERY_PORT = formatPorts(ALL_PORTS);

export function networkConnections(
  view: Pick<NetworkView, "nodes" | "connections">,
  accessGaps: readonly AccessGap[],
  filter: ConnectionList["filter"],
): ConnectionList {
  const nodes = new Map(view.nodes.map((n) => [n.id, n]));
  const labelOf = (id: string): string => {
    const n = nodes.get(id);
    if (!n) return id;
    return n.kind === "workload" ? `${n.namespace ?? ""}/${n.label}` : n.label;
  };
  const connections = view.connections.map((c) => ({
    from: c.from,
    to: c.to,
    fromLabel: labelOf(c.from),
    toLabel: labelOf(c.to),
    ports: c.ports,
    allPorts: c.ports === EVERY_PORT,
    implementationDefined: c.implementationDefined,
    ...(c.detail !== undefined ? { detail: c.detail } : {}),
  }));
  const gaps = exportGaps(relevantGaps(accessGaps, AREA_RESOURCES.network, filter.namespace));
  return { filter, connections, gaps, complete: gaps.length === 0 };
}

const COLUMNS = ["from", "to", "ports", "allPorts", "implementationDefined", "note"] as const;

/** One row per connection; then one "(not visible)" row per gap, so that a spreadsheet shows what is missing. */
export function connectionsToCsv(list: ConnectionList): string {
  const rows = list.connections.map((c) => [
    c.fromLabel,
    c.toLabel,
    c.ports,
    c.allPorts ? "yes" : "no",
    c.implementationDefined ? "yes" : "no",
    c.detail ?? "",
  ]);
  for (const g of list.gaps) rows.push(["(not visible)", g.resource, "", "", "", `${g.where}: ${g.message}`]);
  return [COLUMNS.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}
