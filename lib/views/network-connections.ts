import type { AccessGap, Protocol } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { ALL_PORTS, equalPorts, formatPorts, hasPort } from "@/lib/netpol/port-set";
import { projectEdges } from "@/lib/netpol/project-graph";
import { csvCell } from "@/lib/findings/export-findings";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { relevantGaps } from "@/lib/views/known-count";
import { exportGaps, type ExportGap } from "@/lib/views/export-gaps";

// The Network page's full connection list (docs/network.md "Exports"): every workload-level connection the
// page's filters keep (namespace, direction, port), including those between two unrestricted ends that the
// graph draws as badges, for the CSV and JSON exports. With what the viewer may not read recorded: a list
// that leaves hidden policies or workloads out says so.

interface ConnectionFilter {
  namespace?: string;
  direction?: "both" | "ingress" | "egress";
  port?: { protocol: Protocol; port: number };
}

export interface Connection {
  /** Workload ids (`ns/name[Kind]`) or an external range's id. */
  from: string;
  to: string;
  /** How a reader names each end: the workload id, "internet (…)" or "cloud metadata (…)". */
  fromLabel: string;
  toLabel: string;
  /** The ports and protocols allowed, as the page writes them ("TCP 443", "all ports"). */
  ports: string;
  /** Every port of every protocol. */
  allPorts: boolean;
  /** Allowed only where the CNI's implementation-defined behaviour allows it (docs/semantics.md §1). */
  implementationDefined: boolean;
}

export interface ConnectionList {
  filter: { namespace?: string; direction: "both" | "ingress" | "egress"; port?: string };
  connections: Connection[];
  /** What the viewer may not read that the list depends on: connections may be missing or wrong. */
  gaps: ExportGap[];
  complete: boolean;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function networkConnections(
  analysis: NetworkAnalysis,
  accessGaps: readonly AccessGap[],
  filter: ConnectionFilter = {},
): ConnectionList {
  const projected = projectEdges(analysis, "workload");
  const direction = filter.direction ?? "both";
  const labelOf = (id: string): string => {
    const n = projected.nodes.get(id);
    if (!n || n.kind !== "external") return id;
    const range = n.label ?? id;
    return n.metadata ? `cloud metadata (${range})` : n.internet ? `internet (${range})` : range;
  };
  const connections: Connection[] = [];
  for (const [from, row] of projected.edges) {
    const a = projected.nodes.get(from);
    for (const [to, acc] of row) {
      const b = projected.nodes.get(to);
      if (!a || !b) continue;
      // The same filters as the graph (lib/views/build-network-view.ts), without hiding any edge.
      if (filter.namespace) {
        const into = b.namespace === filter.namespace;
        const outOf = a.namespace === filter.namespace;
        if (direction === "ingress" ? !into : direction === "egress" ? !outOf : !into && !outOf) continue;
      } else if (direction === "ingress" && a.kind !== "external") continue;
      else if (direction === "egress" && b.kind !== "external") continue;
      if (filter.port && !hasPort(acc.any, filter.port.protocol, filter.port.port)) continue;
      connections.push({
        from,
        to,
        fromLabel: labelOf(from),
        toLabel: labelOf(to),
        ports: formatPorts(acc.any),
        allPorts: equalPorts(acc.any, ALL_PORTS),
        implementationDefined: !equalPorts(acc.any, acc.std),
      });
    }
  }
  connections.sort((x, y) => compare(x.from, y.from) || compare(x.to, y.to));
  const gaps = exportGaps(relevantGaps(accessGaps, AREA_RESOURCES.network, filter.namespace));
  return {
    filter: {
      ...(filter.namespace ? { namespace: filter.namespace } : {}),
      direction,
      ...(filter.port ? { port: `${filter.port.protocol}/${filter.port.port}` } : {}),
    },
    connections,
    gaps,
    complete: gaps.length === 0,
  };
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
    "",
  ]);
  for (const g of list.gaps) rows.push(["(not visible)", g.resource, "", "", "", `${g.where}: ${g.message}`]);
  return [COLUMNS.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}
