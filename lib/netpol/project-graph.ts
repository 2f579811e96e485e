import type { Pod } from "@/lib/model/types";
import type { Allowed, NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { familyBits, formatIp, parseIp, rangeHasIp, rangeToCidrs, type IpRange } from "@/lib/netpol/ip";
import {
  ALL_PORTS,
  EMPTY_PORTS,
  equalPorts,
  isEmptyPorts,
  portRangesOf,
  unionPorts,
  type PortRange,
  type PortSet,
} from "@/lib/netpol/port-set";
import { sameNodeHostTraffic } from "@/lib/netpol/resolve-endpoint";

// Projects class-to-class reachability (docs/semantics.md §1) to pods, workloads or namespaces, with external address
// ranges as nodes (docs/cli.md `vigil netpol graph`). An edge holds every (protocol, port) that some pod of `from` may
// start towards some pod (or address) of `to`. A pod to itself is always allowed (rule 20) and not drawn; a
// representative pod to itself stands for one replica to another and is drawn when the policies allow it.
// External ranges that every node treats alike are merged into one node; the cloud metadata addresses stay
// nodes of their own.

export type GraphLevel = "pod" | "workload" | "namespace";

export interface GraphNode {
  id: string;
  kind: "pod" | "workload" | "namespace" | "external";
  namespace?: string;
  name: string;
  /** Pods and workloads known only from a pod template (manifests-only input). */
  representative?: boolean;
  /**
   * External nodes: a short human label ("0.0.0.0/0 except 10.0.0.0/8"). The id is the exact CIDR list when
   * that is short (at most EXACT_ID_CIDRS CIDRs), else `ext:` and a digest of the ranges, so that an ipBlock
   * with hundreds of excepts (tens of thousands of CIDRs) never becomes an id repeated on every edge.
   */
  label?: string;
  /** External nodes: one address inside, for explanations (8.8.8.8 when the node holds it). */
  sample?: string;
  /** External nodes with a digest id, in the CLI graph only: the exact CIDR list, once. */
  cidrs?: string[];
  /** External nodes: a cloud metadata address, or ranges holding public (internet) addresses. */
  metadata?: boolean;
  internet?: boolean;
  /** Pods, workloads: isolated for each direction (some pod of it, for a workload). */
  isolation?: { ingress: boolean; egress: boolean };
}

export interface GraphEdge {
  from: string;
  to: string;
  ports: PortRange[];
  implementationDefined: boolean;
}

interface NetworkGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function workloadId(pod: Pod): string {
  return `${pod.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
}

function nodeIdOf(pod: Pod, level: GraphLevel): string {
  if (level === "pod") return `${pod.namespace}/${pod.name}`;
  if (level === "workload") return workloadId(pod);
  return pod.namespace;
}

interface Acc {
  std: PortSet;
  any: PortSet;
}

/** The raw projection: accumulated port sets per (from, to) node pair, before formatting. */
interface ProjectedEdges {
  nodes: Map<string, GraphNode>;
  edges: Map<string, Map<string, Acc>>;
  /** The address ranges of each external node, by id. */
  externalRanges: Map<string, IpRange[]>;
}

function addEdge(edges: Map<string, Map<string, Acc>>, from: string, to: string, allowed: Allowed): void {
  if (isEmptyPorts(allowed.any)) return;
  let row = edges.get(from);
  if (!row) {
    row = new Map();
    edges.set(from, row);
  }
  const prev = row.get(to);
  row.set(
    to,
    prev ? { std: unionPorts(prev.std, allowed.std), any: unionPorts(prev.any, allowed.any) } : allowed,
  );
}

export function projectEdges(analysis: NetworkAnalysis, level: GraphLevel): ProjectedEdges {
  const { snapshot, classes, atoms } = analysis;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, Map<string, Acc>>();
  const externalRanges = new Map<string, IpRange[]>();

  // Nodes for every pod / workload / namespace, and the per-class groups of pods by node.
  const groups = classes.map(() => new Map<string, { count: number; representative: boolean }>());
  snapshot.pods.forEach((pod, i) => {
    const id = nodeIdOf(pod, level);
    const cls = classes[analysis.podClass[i] as number];
    if (!cls) return;
    const isolation = {
      ingress: cls.ingressPolicies.length > 0 && !pod.hostNetwork,
      egress: cls.egressPolicies.length > 0 && !pod.hostNetwork,
    };
    const existing = nodes.get(id);
    if (!existing) {
      nodes.set(id, {
        id,
        kind: level,
        ...(level !== "namespace" ? { namespace: pod.namespace } : {}),
        name: level === "pod" ? pod.name : level === "workload" ? pod.workload.name : pod.namespace,
        ...(level !== "namespace" ? { representative: pod.representative } : {}),
        isolation,
      });
    } else if (existing.isolation) {
      existing.isolation = {
        ingress: existing.isolation.ingress || isolation.ingress,
        egress: existing.isolation.egress || isolation.egress,
      };
    }
    const g = groups[cls.id] as Map<string, { count: number; representative: boolean }>;
    const entry = g.get(id) ?? { count: 0, representative: false };
    entry.count++;
    entry.representative ||= pod.representative;
    g.set(id, entry);
  });
  // A namespace with no pods is still a node of the namespace graph.
  if (level === "namespace") {
    for (const ns of snapshot.namespaces) {
      if (!nodes.has(ns.name))
        nodes.set(ns.name, {
          id: ns.name,
          kind: "namespace",
          name: ns.name,
          isolation: { ingress: false, egress: false },
        });
    }
  }

  // Visit only pairs that can be non-empty (analysis.candidateSources), each evaluated exactly.
  const K = classes.length;
  for (let d = 0; d < K; d++) {
    const gd = groups[d] as Map<string, { count: number; representative: boolean }>;
    for (const s of analysis.candidateSources(d)) {
      const allowed = analysis.classToClass(s, d);
      if (isEmptyPorts(allowed.any)) continue;
      const gs = groups[s] as Map<string, { count: number; representative: boolean }>;
      for (const [u, ue] of gs) {
        for (const v of gd.keys()) {
          // Only a pod paired with itself: rule 20, always allowed and not drawn.
          if (s === d && u === v && ue.count === 1 && !ue.representative) continue;
          addEdge(edges, u, v, allowed);
        }
      }
    }
  }

  // Rule 20: a hostNetwork pod and the pods of its own node reach each other on every port.
  const byNode = new Map<string, number[]>();
  snapshot.pods.forEach((p, i) => {
    if (p.nodeName === undefined) return;
    const list = byNode.get(p.nodeName) ?? [];
    list.push(i);
    byNode.set(p.nodeName, list);
  });
  for (const list of byNode.values()) {
    if (!list.some((i) => snapshot.pods[i]?.hostNetwork)) continue;
    for (const i of list) {
      for (const j of list) {
        const a = snapshot.pods[i] as Pod;
        const b = snapshot.pods[j] as Pod;
        if (i === j || !sameNodeHostTraffic(a, b)) continue;
        addEdge(edges, nodeIdOf(a, level), nodeIdOf(b, level), { std: EMPTY_PORTS, any: ALL_PORTS });
      }
    }
  }

  // External ranges: project each atom, then merge atoms whose projected edges are identical.
  const atomEdges = atoms.map(() => ({ out: new Map<string, Acc>(), in: new Map<string, Acc>() }));
  for (let s = 0; s < K; s++) {
    const ids = [...(groups[s] as Map<string, unknown>).keys()];
    for (const atom of atoms) {
      const e = atomEdges[atom.id] as { out: Map<string, Acc>; in: Map<string, Acc> };
      const toAtom = analysis.classToAtom(s, atom.id);
      if (!isEmptyPorts(toAtom.any)) for (const id of ids) mergeInto(e.in, id, toAtom);
      const fromAtom = analysis.atomToClass(atom.id, s);
      if (!isEmptyPorts(fromAtom.any)) for (const id of ids) mergeInto(e.out, id, fromAtom);
    }
  }
  const bySignature = new Map<string, number[]>();
  for (const atom of atoms) {
    const e = atomEdges[atom.id] as { out: Map<string, Acc>; in: Map<string, Acc> };
    if (e.in.size === 0 && e.out.size === 0 && !atom.metadata && !atom.public) continue;
    const sig = atom.metadata
      ? `metadata:${atom.id}`
      : `${atom.public ? "public" : "private"}|${signatureOf(e.in)}|${signatureOf(e.out)}`;
    const list = bySignature.get(sig) ?? [];
    list.push(atom.id);
    bySignature.set(sig, list);
  }
  for (const ids of bySignature.values()) {
    const group = ids.map((i) => atoms[i]).filter((a) => a !== undefined);
    const ranges = group.map((a) => a.range);
    const id = externalId(ranges);
    externalRanges.set(id, ranges);
    nodes.set(id, {
      id,
      kind: "external",
      name: id,
      label: externalLabel(ranges),
      sample: sampleAddressOf(ranges),
      metadata: group.some((a) => a.metadata),
      internet: group.some((a) => a.public),
    });
    const first = atomEdges[ids[0] as number] as { out: Map<string, Acc>; in: Map<string, Acc> };
    for (const [podNode, acc] of first.in) addEdge(edges, podNode, id, acc);
    for (const [podNode, acc] of first.out) addEdge(edges, id, podNode, acc);
  }
  return { nodes, edges, externalRanges };
}

/** At most this many CIDRs make an external node's id; longer lists get a digest id. */
const EXACT_ID_CIDRS = 8;
/** At most this many CIDRs are written out in a label; beyond, the label counts them. */
const LABEL_CIDRS = 8;

/** How many CIDRs cover the ranges, counting no further than `cap` (the exact list can be huge). */
function countCidrs(ranges: readonly IpRange[], cap: number): number {
  let count = 0;
  for (const range of ranges) {
    const bits = BigInt(familyBits(range.family));
    let start = range.start;
    while (start <= range.end) {
      let size = 0n;
      while (size < bits) {
        const mask = (1n << (size + 1n)) - 1n;
        if ((start & mask) !== 0n || start + mask > range.end) break;
        size++;
      }
      if (++count > cap) return count;
      start += 1n << size;
    }
  }
  return count;
}

function sortRanges(ranges: readonly IpRange[]): IpRange[] {
  return [...ranges].sort((a, b) =>
    a.family !== b.family ? a.family - b.family : a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
}

/** FNV-1a, 64 bits: a stable digest of the ranges (not a security boundary, only a short name). */
function digest(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

/** The exact CIDR list when short, else `ext:` and a digest of the sorted ranges: stable across runs. */
function externalId(ranges: readonly IpRange[]): string {
  const sorted = sortRanges(ranges);
  if (countCidrs(sorted, EXACT_ID_CIDRS) <= EXACT_ID_CIDRS) {
    return sorted.flatMap((r) => rangeToCidrs(r)).join(",");
  }
  return `ext:${digest(sorted.map((r) => `${r.family}:${r.start.toString(16)}-${r.end.toString(16)}`).join(","))}`;
}

function sampleAddressOf(ranges: readonly IpRange[]): string | undefined {
  for (const probe of ["8.8.8.8", "2001:4860:4860::8888"]) {
    const ip = parseIp(probe);
    if (ip && ranges.some((r) => rangeHasIp(r, ip))) return probe;
  }
  const first = sortRanges(ranges)[0];
  if (!first) return undefined;
  return formatIp(first.family, first.end > first.start ? first.start + 1n : first.start);
}

function listCidrs(ranges: readonly IpRange[]): string {
  const count = countCidrs(ranges, LABEL_CIDRS);
  if (count <= LABEL_CIDRS) return ranges.flatMap((r) => rangeToCidrs(r)).join(", ");
  const first = ranges[0] ? (rangeToCidrs(ranges[0])[0] ?? "") : "";
  return `${first} and ${ranges.length > 1 ? `${ranges.length - 1} more ranges` : "more"}`;
}

/** "0.0.0.0/0 except 169.254.169.254/32" when that is shorter than the exact list of CIDRs. */
function externalLabel(ranges: IpRange[]): string {
  const parts: string[] = [];
  for (const family of [4, 6] as const) {
    const mine = sortRanges(ranges.filter((r) => r.family === family));
    if (mine.length === 0) continue;
    const max = (1n << BigInt(familyBits(family))) - 1n;
    const holes: IpRange[] = [];
    let next = 0n;
    for (const r of mine) {
      if (r.start > next) holes.push({ family, start: next, end: r.start - 1n });
      next = r.end + 1n;
    }
    if (next <= max) holes.push({ family, start: next, end: max });
    const holeCount = countCidrs(holes, LABEL_CIDRS * 64);
    const all = family === 4 ? "0.0.0.0/0" : "::/0";
    if (countCidrs(mine, holeCount + 1) <= holeCount + 1) parts.push(listCidrs(mine));
    else if (holeCount <= LABEL_CIDRS) parts.push(`${all} except ${listCidrs(holes)}`);
    else parts.push(`${all} except ${holes.length} ranges`);
  }
  return parts.join(" and ");
}

function mergeInto(map: Map<string, Acc>, key: string, a: Allowed): void {
  const prev = map.get(key);
  map.set(key, prev ? { std: unionPorts(prev.std, a.std), any: unionPorts(prev.any, a.any) } : a);
}

function portsKey(p: PortSet): string {
  return `${p.TCP.join(".")}|${p.UDP.join(".")}|${p.SCTP.join(".")}`;
}

function signatureOf(map: Map<string, Acc>): string {
  return [...map.entries()]
    .map(([k, v]) => `${k}=${portsKey(v.any)}/${portsKey(v.std)}`)
    .sort()
    .join(";");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The graph of docs/cli.md: nodes, and edges with port ranges and the implementation-defined flag. */
export function projectGraph(analysis: NetworkAnalysis, level: GraphLevel): NetworkGraph {
  const { nodes, edges, externalRanges } = projectEdges(analysis, level);
  for (const [id, ranges] of externalRanges) {
    const node = nodes.get(id);
    if (node && id.startsWith("ext:")) node.cidrs = sortRanges(ranges).flatMap((r) => rangeToCidrs(r));
  }
  const out: GraphEdge[] = [];
  for (const [from, row] of edges) {
    for (const [to, acc] of row) {
      out.push({
        from,
        to,
        ports: portRangesOf(acc.any),
        implementationDefined: !equalPorts(acc.any, acc.std),
      });
    }
  }
  out.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  return { nodes: [...nodes.values()].sort((a, b) => compare(a.id, b.id)), edges: out };
}
