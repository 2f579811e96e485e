import type { Snapshot } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { isEmptySelector } from "@/lib/model/match-selector";
import { formatPorts } from "@/lib/netpol/port-set";
import { projectEdges } from "@/lib/netpol/project-graph";

// The Network page's tables (docs/semantics.md §1 through the engine): the matrix of one namespace, and the
// isolation coverage per namespace.

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
