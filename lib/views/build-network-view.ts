import type { Pod, Protocol, Snapshot } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { formatIp, parseCidr, parseIp, rangeHasIp } from "@/lib/netpol/ip";
import { isEmptySelector } from "@/lib/model/match-selector";
import {
  ALL_PORTS,
  equalPorts,
  formatPorts,
  hasPort,
  portRangesOf,
  type PortSet,
} from "@/lib/netpol/port-set";
import { projectEdges, workloadId } from "@/lib/netpol/project-graph";

// The view models of the Network page (docs/semantics.md §1 through the engine): the workload graph with a
// precomputed layout (namespaces as groups, external ranges in a column), the matrix of one namespace, and the
// isolation coverage per namespace. Only what the page draws leaves the server.
//
// Edges between two unrestricted ends (a source with no egress isolation to a destination with no ingress
// isolation, on every port) are not drawn: they would connect everything to everything. Those nodes carry
// "open" badges instead and the view counts the hidden edges.

export interface ViewNode {
  id: string;
  label: string;
  kind: "workload" | "external";
  namespace?: string;
  x: number;
  y: number;
  representative: boolean;
  /** Reachable from an internet address. */
  exposed: boolean;
  /** May reach a cloud metadata address. */
  reachesMetadata: boolean;
  /** Not isolated for ingress / egress (rule 1). */
  openIngress: boolean;
  openEgress: boolean;
  metadata: boolean;
  internet: boolean;
  /** An endpoint `vigil netpol can` understands, standing for this node in explanations. */
  sample: string;
}

export interface ViewEdge {
  id: string;
  from: string;
  to: string;
  ports: string;
  /** A port the edge allows, to explain it. */
  example: { protocol: Protocol; port: number };
  implementationDefined: boolean;
}

interface ViewGroup {
  namespace: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NetworkView {
  nodes: ViewNode[];
  edges: ViewEdge[];
  groups: ViewGroup[];
  width: number;
  height: number;
  /** Edges between two unrestricted ends, not drawn. */
  hiddenOpenEdges: number;
}

interface ViewFilter {
  namespace?: string;
  direction?: "both" | "ingress" | "egress";
  port?: { protocol: Protocol; port: number };
}

export const NODE_W = 200;
export const NODE_H = 44;
const GAP_X = 80;
const GAP_Y = 26;
const PAD = 24;
const HEADER = 30;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An address inside an external node, for explanations: 8.8.8.8 for the internet, else its first address. */
export function sampleAddress(id: string): string {
  const cidrs = id
    .split(",")
    .map((c) => parseCidr(c))
    .filter((c) => c !== undefined);
  for (const probe of ["8.8.8.8", "2001:4860:4860::8888"]) {
    const ip = parseIp(probe);
    if (ip && cidrs.some((c) => rangeHasIp(c, ip))) return probe;
  }
  const first = cidrs[0];
  if (!first) return id;
  const value = first.end > first.start ? first.start + 1n : first.start;
  return formatIp(first.family, value);
}

function firstPort(ports: PortSet): { protocol: Protocol; port: number } {
  const r = portRangesOf(ports)[0];
  return r
    ? { protocol: r.protocol, port: r.protocol === "TCP" && r.from <= 80 && 80 <= r.to ? 80 : r.from }
    : { protocol: "TCP", port: 80 };
}

export function buildNetworkView(analysis: NetworkAnalysis, filter: ViewFilter = {}): NetworkView {
  const { snapshot } = analysis;
  const projected = projectEdges(analysis, "workload");
  const samplePod = new Map<string, Pod>();
  for (const p of snapshot.pods) if (!samplePod.has(workloadId(p))) samplePod.set(workloadId(p), p);

  // Node facts from every edge, before any filter: exposure and metadata reach are properties of the cluster.
  const exposed = new Set<string>();
  const reachesMetadata = new Set<string>();
  for (const [from, row] of projected.edges) {
    const src = projected.nodes.get(from);
    for (const to of row.keys()) {
      const dst = projected.nodes.get(to);
      if (src?.kind === "external" && src.internet) exposed.add(to);
      if (dst?.kind === "external" && dst.metadata) reachesMetadata.add(from);
    }
  }

  const nodes = new Map<string, ViewNode>();
  for (const n of projected.nodes.values()) {
    const pod = samplePod.get(n.id);
    nodes.set(n.id, {
      id: n.id,
      label:
        n.kind === "external"
          ? n.metadata
            ? `cloud metadata ${n.label ?? n.id}`
            : n.internet
              ? `internet: ${n.label ?? n.id}`
              : (n.label ?? n.id)
          : n.name,
      kind: n.kind === "external" ? "external" : "workload",
      ...(n.namespace ? { namespace: n.namespace } : {}),
      x: 0,
      y: 0,
      representative: n.representative ?? false,
      exposed: exposed.has(n.id),
      reachesMetadata: reachesMetadata.has(n.id),
      openIngress: n.kind !== "external" && !(n.isolation?.ingress ?? false),
      openEgress: n.kind !== "external" && !(n.isolation?.egress ?? false),
      metadata: n.metadata ?? false,
      internet: n.internet ?? false,
      sample:
        n.kind === "external"
          ? (n.sample ?? sampleAddress(n.id))
          : pod
            ? `${pod.namespace}/${pod.name}`
            : n.id,
    });
  }

  let hidden = 0;
  const edges: ViewEdge[] = [];
  for (const [from, row] of projected.edges) {
    for (const [to, acc] of row) {
      const a = nodes.get(from);
      const b = nodes.get(to);
      if (!a || !b) continue;
      const openEnds = (a.kind === "external" || a.openEgress) && (b.kind === "external" || b.openIngress);
      if (openEnds && equalPorts(acc.any, ALL_PORTS)) {
        hidden++;
        continue;
      }
      if (filter.namespace) {
        const dir = filter.direction ?? "both";
        const into = b.namespace === filter.namespace;
        const outOf = a.namespace === filter.namespace;
        if (dir === "ingress" ? !into : dir === "egress" ? !outOf : !into && !outOf) continue;
      } else if (filter.direction === "ingress" && a.kind !== "external") {
        // Without a namespace, "ingress" keeps what enters the cluster, "egress" what leaves it.
        continue;
      } else if (filter.direction === "egress" && b.kind !== "external") continue;
      if (filter.port && !hasPort(acc.any, filter.port.protocol, filter.port.port)) continue;
      edges.push({
        id: `${from}>${to}`,
        from,
        to,
        ports: formatPorts(acc.any),
        example: filter.port ?? firstPort(acc.any),
        implementationDefined: !equalPorts(acc.any, acc.std),
      });
    }
  }
  edges.sort((x, y) => compare(x.from, y.from) || compare(x.to, y.to));

  // Which nodes to show: with a namespace, its workloads and the ends of the kept edges; else every workload
  // and the external nodes some edge touches (or that hold the internet / metadata).
  const shown = new Set<string>();
  for (const e of edges) {
    shown.add(e.from);
    shown.add(e.to);
  }
  for (const n of nodes.values()) {
    if (n.kind === "workload" && (!filter.namespace || n.namespace === filter.namespace)) shown.add(n.id);
    if (n.kind === "external" && !filter.namespace && (n.metadata || n.internet)) shown.add(n.id);
  }
  const visible = [...nodes.values()].filter((n) => shown.has(n.id));

  // Layout: external nodes in a column on the left, namespaces as boxes in a grid of rows to the right.
  const externals = visible.filter((n) => n.kind === "external").sort((a, b) => compare(a.id, b.id));
  externals.forEach((n, i) => {
    n.x = PAD;
    n.y = PAD + HEADER + i * (NODE_H + GAP_Y);
  });
  const byNs = new Map<string, ViewNode[]>();
  for (const n of visible) {
    if (n.kind !== "workload" || !n.namespace) continue;
    const list = byNs.get(n.namespace) ?? [];
    list.push(n);
    byNs.set(n.namespace, list);
  }
  const namespaces = [...byNs.keys()].sort(compare);
  const perRow = Math.max(1, Math.ceil(Math.sqrt(namespaces.length)));
  const left = PAD + (externals.length > 0 ? NODE_W + 3 * GAP_X : 0);
  const groups: ViewGroup[] = [];
  let y = PAD;
  let width = left;
  for (let r = 0; r < namespaces.length; r += perRow) {
    let x = left;
    let rowHeight = 0;
    for (const ns of namespaces.slice(r, r + perRow)) {
      const members = (byNs.get(ns) ?? []).sort((a, b) => compare(a.id, b.id));
      const cols = Math.max(1, Math.ceil(Math.sqrt(members.length)));
      const rows = Math.ceil(members.length / cols);
      const w = cols * NODE_W + (cols + 1) * GAP_X;
      const h = HEADER + rows * NODE_H + (rows + 1) * GAP_Y;
      members.forEach((n, i) => {
        n.x = x + GAP_X + (i % cols) * (NODE_W + GAP_X);
        n.y = y + HEADER + GAP_Y + Math.floor(i / cols) * (NODE_H + GAP_Y);
      });
      groups.push({ namespace: ns, x, y, width: w, height: h });
      x += w + GAP_X;
      rowHeight = Math.max(rowHeight, h);
    }
    width = Math.max(width, x);
    y += rowHeight + GAP_Y;
  }
  const height = Math.max(y, PAD + HEADER + externals.length * (NODE_H + GAP_Y)) + PAD;
  return {
    nodes: visible.sort((a, b) => compare(a.id, b.id)),
    edges,
    groups,
    width: width + PAD,
    height,
    hiddenOpenEdges: hidden,
  };
}

export interface MatrixView {
  namespace: string;
  sources: { id: string; label: string }[];
  destinations: { id: string; label: string }[];
  /** cells[i][j]: the ports sources[i] may open towards destinations[j], or undefined for none. */
  cells: (string | undefined)[][];
}

/** Sources x destinations for one namespace: its workloads, and the internet as a source. */
export function buildMatrix(analysis: NetworkAnalysis, namespace: string): MatrixView {
  const projected = projectEdges(analysis, "workload");
  const workloads = [...projected.nodes.values()]
    .filter((n) => n.kind === "workload" && n.namespace === namespace)
    .sort((a, b) => compare(a.id, b.id));
  const internet = [...projected.nodes.values()].filter(
    (n) => n.kind === "external" && n.internet && !n.metadata,
  );
  const sources = [
    ...workloads.map((n) => ({ id: n.id, label: n.name })),
    ...internet.map((n) => ({ id: n.id, label: `internet (${n.label ?? n.id})` })),
  ];
  const destinations = workloads.map((n) => ({ id: n.id, label: n.name }));
  const cells = sources.map((s) =>
    destinations.map((d) => {
      const acc = projected.edges.get(s.id)?.get(d.id);
      return acc ? formatPorts(acc.any) : undefined;
    }),
  );
  return { namespace, sources, destinations, cells };
}

export interface CoverageRow {
  namespace: string;
  pods: number;
  ingressIsolated: number;
  egressIsolated: number;
  defaultDenyIngress: boolean;
  defaultDenyEgress: boolean;
  policies: number;
}

/** Per namespace: how many pods each direction isolates, and whether a default-deny policy exists. */
export function buildCoverage(
  analysis: NetworkAnalysis,
  snapshot: Snapshot = analysis.snapshot,
): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  const row = (ns: string) => {
    let r = rows.get(ns);
    if (!r) {
      r = {
        namespace: ns,
        pods: 0,
        ingressIsolated: 0,
        egressIsolated: 0,
        defaultDenyIngress: false,
        defaultDenyEgress: false,
        policies: 0,
      };
      rows.set(ns, r);
    }
    return r;
  };
  for (const ns of snapshot.namespaces) row(ns.name);
  for (const c of analysis.classes) {
    const r = row(c.namespace);
    r.pods += c.pods.length;
    if (analysis.isolated(c.id, "ingress")) r.ingressIsolated += c.pods.length;
    if (analysis.isolated(c.id, "egress")) r.egressIsolated += c.pods.length;
  }
  for (const p of analysis.policies) {
    const r = row(p.namespace);
    r.policies++;
    if (isEmptySelector(p.podSelector) && p.types.has("Ingress")) r.defaultDenyIngress = true;
    if (isEmptySelector(p.podSelector) && p.types.has("Egress")) r.defaultDenyEgress = true;
  }
  return [...rows.values()].sort((a, b) => compare(a.namespace, b.namespace));
}
