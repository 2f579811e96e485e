import type { Pod, Protocol } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { formatIp, parseCidr, parseIp, rangeHasIp } from "@/lib/netpol/ip";
import {
  ALL_PORTS,
  EMPTY_PORTS,
  equalPorts,
  formatPorts,
  hasPort,
  portRangesOf,
  unionPorts,
  type PortSet,
} from "@/lib/netpol/port-set";
import { projectEdges, workloadId, type GraphNode } from "@/lib/netpol/project-graph";
import { aggregateEdges } from "@/lib/views/aggregate-edges";
import type {
  NetworkView,
  ViewConnection,
  ViewEdge,
  ViewNamespace,
  ViewNode,
} from "@/lib/views/network-view-types";

// The view model of the Network page's graph (docs/semantics.md §1 through the engine; its shapes are in
// network-view-types.ts, the matrix and coverage tables in network-matrix.ts). Only what the page draws leaves the server; the browser
// lays the graph out for its own width (components/network/layout-network.ts).
//
// One node per meaning: every range holding internet addresses is the one "internet" node, the cloud metadata
// addresses are the one "cloud metadata" node, other named ranges keep a node each. The connections that survive
// the filters are all listed; the drawn edges aggregate them (aggregate-edges.ts) instead of hiding any.

interface ViewFilter {
  namespace?: string;
  direction?: "both" | "ingress" | "egress";
  port?: { protocol: Protocol; port: number };
}

/** `namespace/name` of a workload node. */
function shortName(n: ViewNode | undefined): string {
  return n ? `${n.namespace ?? ""}/${n.label}` : "";
}

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

/** The node an engine node becomes: the one internet node, the one metadata node, or itself. */
function meaningOf(n: GraphNode): string {
  if (n.kind !== "external") return n.id;
  return n.metadata ? "metadata" : n.internet ? "internet" : n.id;
}

interface Acc {
  any: PortSet;
  std: PortSet;
  /** Per engine external id on the external side: the ports, for partial connections. */
  parts: Map<string, PortSet>;
}

interface ViewContext {
  /** Workload ids of NET-003 findings. */
  exposed?: ReadonlySet<string>;
  /** Workload ids a policy kind Vigil does not evaluate may select (NET-011). */
  upperBound?: ReadonlySet<string>;
}

export function buildNetworkView(
  analysis: NetworkAnalysis,
  filter: ViewFilter = {},
  context: ViewContext = {},
): NetworkView {
  const { snapshot } = analysis;
  const projected = projectEdges(analysis, "workload");
  const samplePod = new Map<string, Pod>();
  const podCount = new Map<string, number>();
  for (const p of snapshot.pods) {
    const w = workloadId(p);
    if (!samplePod.has(w)) samplePod.set(w, p);
    podCount.set(w, (podCount.get(w) ?? 0) + (p.representative ? 2 : 1));
  }

  // External nodes merged per meaning.
  const externalsOf = new Map<string, GraphNode[]>();
  for (const n of projected.nodes.values()) {
    if (n.kind !== "external") continue;
    const m = meaningOf(n);
    externalsOf.set(m, [...(externalsOf.get(m) ?? []), n]);
  }

  // Connections between meaning nodes, with the ports per merged range kept for partial ones.
  const acc = new Map<string, Map<string, Acc>>();
  for (const [from, row] of projected.edges) {
    const a = projected.nodes.get(from);
    if (!a) continue;
    for (const [to, e] of row) {
      const b = projected.nodes.get(to);
      if (!b) continue;
      const f = meaningOf(a);
      const t = meaningOf(b);
      const line = acc.get(f) ?? new Map<string, Acc>();
      acc.set(f, line);
      const prev = line.get(t) ?? { any: EMPTY_PORTS, std: EMPTY_PORTS, parts: new Map<string, PortSet>() };
      const ext = a.kind === "external" ? a.id : b.kind === "external" ? b.id : undefined;
      if (ext) prev.parts.set(ext, e.any);
      line.set(t, { any: unionPorts(prev.any, e.any), std: unionPorts(prev.std, e.std), parts: prev.parts });
    }
  }

  const exposed = context.exposed ?? new Set<string>();
  const upper = context.upperBound ?? new Set<string>();
  const reachesMetadata = new Set([...acc].filter(([, line]) => line.has("metadata")).map(([f]) => f));
  const nodes = new Map<string, ViewNode>();
  for (const n of projected.nodes.values()) {
    if (n.kind === "external") continue;
    const pod = samplePod.get(n.id);
    nodes.set(n.id, {
      id: n.id,
      label: n.name,
      kind: "workload",
      ...(n.namespace ? { namespace: n.namespace } : {}),
      representative: n.representative ?? false,
      exposed: exposed.has(n.id),
      reachesMetadata: reachesMetadata.has(n.id),
      upperBound: upper.has(n.id),
      sample: pod ? `${pod.namespace}/${pod.name}` : n.id,
    });
  }
  for (const [m, list] of externalsOf) {
    const sorted = [...list].sort((x, y) => compare(x.id, y.id));
    const samples = sorted.map((x) => x.sample ?? sampleAddress(x.id));
    nodes.set(m, {
      id: m,
      label: m === "internet" ? "internet" : m === "metadata" ? "cloud metadata" : (sorted[0]?.label ?? m),
      kind: m === "internet" ? "internet" : m === "metadata" ? "metadata" : "range",
      detail: sorted.map((x) => x.label ?? x.id).join("; "),
      externalIds: sorted.map((x) => x.id),
      representative: false,
      exposed: false,
      reachesMetadata: false,
      upperBound: false,
      sample: samples.find((s) => s === "8.8.8.8") ?? samples[0] ?? m,
    });
  }

  // The connections that pass the filters: every one, whatever its ends.
  const connections: ViewConnection[] = [];
  const labelOf = (id: string) => projected.nodes.get(id)?.label ?? id;
  for (const [from, line] of acc) {
    for (const [to, c] of line) {
      const a = nodes.get(from);
      const b = nodes.get(to);
      if (!a || !b) continue;
      if (filter.namespace) {
        const dir = filter.direction ?? "both";
        const into = b.namespace === filter.namespace;
        const outOf = a.namespace === filter.namespace;
        if (dir === "ingress" ? !into : dir === "egress" ? !outOf : !into && !outOf) continue;
      } else if (filter.direction === "ingress" && a.kind === "workload") {
        // Without a namespace, "ingress" keeps what enters the cluster, "egress" what leaves it.
        continue;
      } else if (filter.direction === "egress" && b.kind === "workload") continue;
      if (filter.port && !hasPort(c.any, filter.port.protocol, filter.port.port)) continue;
      const ext = a.kind === "workload" ? b : a;
      const whole = (ext.externalIds ?? []).every((x) => c.parts.has(x));
      const parts = [...c.parts.values()];
      const partial = ext.kind !== "workload" && (!whole || parts.some((p) => !equalPorts(p, c.any)));
      connections.push({
        id: `${from}>${to}`,
        from,
        to,
        ports: formatPorts(c.any),
        example: filter.port ?? firstPort(c.any),
        implementationDefined: !equalPorts(c.any, c.std),
        partial,
        ...(partial
          ? {
              detail: [...c.parts]
                .map(([x, p]) => `${labelOf(x)}: ${formatPorts(p)}`)
                .sort()
                .join("; "),
            }
          : {}),
      });
    }
  }
  connections.sort((x, y) => compare(x.from, y.from) || compare(x.to, y.to));

  // Which namespaces are wide open, from the connections themselves (tiers included), before any filter.
  const workloads = new Map([...nodes.values()].filter((n) => n.kind === "workload").map((n) => [n.id, n]));
  // Sources no NetworkPolicy isolates for egress; whether they really reach is read from the connections.
  const openEgress = [...workloads.keys()].filter(
    (id) => !(projected.nodes.get(id)?.isolation?.egress ?? false),
  );
  const allPortsFrom = (s: string, t: string) => {
    const c = acc.get(s)?.get(t);
    return s === t || (c !== undefined && equalPorts(c.any, ALL_PORTS));
  };
  const byNs = new Map<string, string[]>();
  for (const w of workloads.values())
    if (w.namespace) byNs.set(w.namespace, [...(byNs.get(w.namespace) ?? []), w.id]);
  const namespaces: ViewNamespace[] = [...byNs]
    .map(([namespace, members]) => ({
      namespace,
      openToPods: openEgress.length > 0 && members.every((t) => openEgress.every((s) => allPortsFrom(s, t))),
      openToInternet: members.every((t) => allPortsFrom("internet", t)),
    }))
    .sort((x, y) => compare(x.namespace, y.namespace));

  // Cloud metadata addresses start nothing worth drawing; their connections stay in the list.
  const drawable = connections.filter((c) => c.from !== "metadata");
  const singlePod = new Set([...podCount].filter(([, n]) => n === 1).map(([w]) => w));
  const aggregated = aggregateEdges({
    connections: drawable,
    workloads: new Map([...workloads.values()].map((w) => [w.id, w.namespace ?? ""])),
    singlePod,
    keepApart: (from, to) => from === "internet" && exposed.has(to),
  });
  const byId = new Map(connections.map((c) => [c.id, c]));
  const groupNodes: ViewNode[] = aggregated.groups
    .filter((g) => g.id.startsWith("group:"))
    .map((g) => {
      const missing = [...workloads.keys()].filter((w) => !g.members.includes(w)).sort();
      const label =
        missing.length === 0
          ? "any workload"
          : missing.length <= 2
            ? `any workload except ${missing.map((m) => shortName(workloads.get(m))).join(" and ")}`
            : `${g.members.length} workloads`;
      return {
        id: g.id,
        label,
        kind: "group",
        detail:
          missing.length > 2 ? g.members.join(", ") : `${g.members.length} of ${workloads.size} workloads`,
        members: g.members,
        representative: false,
        exposed: false,
        reachesMetadata: false,
        upperBound: g.members.some((m) => upper.has(m)),
        sample: workloads.get(g.members[0] ?? "")?.sample ?? "",
      };
    });
  const edges: ViewEdge[] = aggregated.edges.map((e) => {
    const members = e.members.map((m) => byId.get(m)).filter((c) => c !== undefined);
    const first = members[0];
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      ports: e.ports,
      members: e.members,
      memberCount: e.members.length,
      ...(first && (first.from !== e.from || first.to !== e.to)
        ? { via: { from: first.from, to: first.to } }
        : {}),
      example: first?.example ?? { protocol: "TCP", port: 80 },
      implementationDefined: members.some((c) => c.implementationDefined),
      internet: e.from === "internet" || e.to === "internet",
      exposed: e.from === "internet" && members.some((c) => exposed.has(c.to)),
      metadata: e.to === "metadata",
    };
  });

  // Nodes shown: the ends of the drawn edges (a namespace box shows its workloads), the workloads of the namespace
  // filtered on, and without a filter every workload and the internet and metadata nodes.
  const shown = new Set<string>();
  for (const e of edges) {
    for (const end of [e.from, e.to]) {
      if (end.startsWith("ns:")) for (const w of byNs.get(end.slice(3)) ?? []) shown.add(w);
      else shown.add(end);
    }
  }
  for (const n of nodes.values()) {
    if (n.kind === "workload" && (!filter.namespace || n.namespace === filter.namespace)) shown.add(n.id);
    if ((n.kind === "internet" || n.kind === "metadata") && !filter.namespace) shown.add(n.id);
  }
  return {
    nodes: [
      ...groupNodes.filter((g) => shown.has(g.id)),
      ...[...nodes.values()].filter((n) => shown.has(n.id)).sort((x, y) => compare(x.id, y.id)),
    ],
    namespaces: namespaces.filter((n) => [...shown].some((id) => nodes.get(id)?.namespace === n.namespace)),
    edges,
    connections,
    connectionCount: connections.length,
    fromMetadata: connections.length - drawable.length,
  };
}
