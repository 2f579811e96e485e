import type { Finding } from "@/lib/findings/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { buildNetworkView } from "@/lib/views/build-network-view";

// The overview's small network picture (docs/overview.md), by the Network graph's rules (docs/network.md "Reading
// the graph"): one internet node, one cloud metadata node, one row per namespace; an arrow from the internet into
// each namespace that internet addresses may reach (marked when a Service or Ingress exposes a workload there,
// NET-003), an arrow from each namespace some workload of which may reach cloud metadata (NET-004), and the words
// "open to every pod" for a namespace every pod may reach on every port. Namespace-to-namespace edges are on the
// Network page.

export interface MiniGraph {
  namespaces: {
    name: string;
    /** Internet addresses may reach a workload of it; "exposed": a Service or Ingress exposes one (NET-003). */
    internet: "none" | "reached" | "exposed";
    metadata: boolean;
    openToPods: boolean;
  }[];
}

export function buildMiniGraph(
  analysis: NetworkAnalysis,
  findings: readonly Finding[],
  namespace?: string,
): MiniGraph {
  const exposed = new Set(
    findings
      .filter((f) => f.rule === "NET-003" && f.object)
      .map((f) => `${f.object?.namespace ?? ""}/${f.object?.name ?? ""}[${f.object?.kind ?? ""}]`),
  );
  const view = buildNetworkView(analysis, {}, { exposed });
  const nsOf = new Map(view.nodes.map((n) => [n.id, n.namespace]));
  const reached = new Set<string>();
  const toMetadata = new Set<string>();
  for (const c of view.connections) {
    const to = nsOf.get(c.to);
    const from = nsOf.get(c.from);
    if (c.from === "internet" && to !== undefined) reached.add(to);
    if (c.to === "metadata" && from !== undefined) toMetadata.add(from);
  }
  const exposedNs = new Set([...exposed].map((w) => w.split("/")[0] ?? ""));
  return {
    namespaces: view.namespaces
      .filter((n) => namespace === undefined || n.namespace === namespace)
      .map((n) => ({
        name: n.namespace,
        internet: exposedNs.has(n.namespace) ? "exposed" : reached.has(n.namespace) ? "reached" : "none",
        metadata: toMetadata.has(n.namespace),
        openToPods: n.openToPods,
      })),
  };
}
