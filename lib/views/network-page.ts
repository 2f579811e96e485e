import { z } from "zod";
import { publicMessageOf } from "@/lib/errors";
import { ruleInfo } from "@/lib/findings/catalogue";
import type { Finding } from "@/lib/findings/types";
import { parsePort, type ProtocolPort } from "@/lib/model/parse-port";
import type { Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection, type ConnectionExplanation } from "@/lib/netpol/explain-connection";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { buildNetworkView } from "@/lib/views/build-network-view";
import { buildCoverage, buildMatrix, type CoverageRow, type MatrixView } from "@/lib/views/network-matrix";
import type { NetworkView } from "@/lib/views/network-view-types";
import { packNetworkView, type PackedView } from "@/lib/views/pack-network-view";
import {
  connectionPage,
  edgeMembers,
  type ConnectionPage,
  type ConnectionRow,
} from "@/lib/views/connection-rows";
import { choice, hrefWith, text } from "@/lib/views/page-query";
import { buildPolicyTiers, type PolicyTiers } from "@/lib/views/policy-tiers";
import { bitsToList } from "@/lib/netpol/bitset";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { workloadId } from "@/lib/netpol/project-graph";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { countOf, relevantGaps, type Count } from "@/lib/views/known-count";

// The Network page (docs/semantics.md §1): the workload graph with its filters, the explanation of one
// connection, the matrix of one namespace, isolation coverage, the findings and the policies in tier order
// (docs/semantics.md §1b). All state is in the URL.

export const networkQuery = z.object({
  ns: text,
  dir: choice(["ingress", "egress"]),
  /** PROTOCOL/PORT filter of the graph, as typed. */
  port: text,
  from: text,
  to: text,
  /** PROTOCOL/PORT of the connection to explain, as typed. */
  at: text,
  edge: text,
  present: text,
  /** Meeting mode's selection: a drawn edge's id (j/k walk them). */
  finding: text,
});
type NetworkQuery = z.output<typeof networkQuery>;

/**
 * Findings shown on the page at most (the most severe first, as the engine orders them); the export has them
 * all. Each is about 1.4 kB of HTML and again of RSC payload: 199 of them were a third of the Network page of
 * the 200-namespace demo.
 */
const MAX_FINDINGS = 50;

function portOrUndefined(text: string | undefined): ProtocolPort | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePort(text);
  } catch {
    return undefined;
  }
}

export interface NetworkPage {
  query: NetworkQuery;
  direction: "both" | "ingress" | "egress";
  /** The graph's port filter; `portRejected` when the text given is not PROTOCOL/PORT (the filter is then off). */
  port: ProtocolPort | undefined;
  portRejected: boolean;
  /** The explained connection's port as the form shows it again. */
  at: string;
  /** The whole view model: it stays on the server (exports, the connection list's API, the counts). */
  view: NetworkView;
  /** What the browser gets to draw: the nodes and drawn edges, packed. */
  drawn: PackedView;
  /** The connection list's first page; the next ones come from /api/network/connections. */
  connectionsFirst: ConnectionPage;
  /** The connections the selected edge stands for, when it stands for several (the first page of them). */
  selectedMembers: { rows: ConnectionRow[]; total: number } | undefined;
  /** The drawn edge selected (by `finding` or `edge`), explained when from/to are not given. */
  selectedEdge: string | undefined;
  namespaces: string[];
  exposedCount: number;
  metadataCount: number;
  /** The same as counts: unknown, with why, where the viewer may not read what reachability depends on. */
  exposed: Count;
  metadataReach: Count;
  findingTotal: Count;
  explanation: ConnectionExplanation | undefined;
  explainError: string | undefined;
  matrix: MatrixView | undefined;
  coverage: (CoverageRow & { href: string })[];
  findings: (Pick<Finding, "rule" | "severity" | "message"> & {
    title: string;
    remediation: string;
    docs: string;
  })[];
  findingCount: number;
  /** Admin-tier cluster policies by priority, the NetworkPolicies, the Baseline tier. */
  tiers: PolicyTiers;
  /**
   * NET-011: the workloads (of the namespace shown) that a policy kind Vigil does not evaluate may select, whose
   * reachability is therefore an upper bound, and those kinds.
   */
  upperBound: { workloads: string[]; policies: string[] };
}

function upperBoundOf(analysis: NetworkAnalysis, ns: string | undefined): NetworkPage["upperBound"] {
  const { snapshot, classes } = analysis;
  const workloads = new Set<string>();
  const policies: string[] = [];
  snapshot.unevaluatedPolicies.forEach((u, i) => {
    let selects = false;
    for (const c of bitsToList(analysis.unevaluatedClasses[i] ?? new Uint32Array(0))) {
      const cls = classes[c];
      if (!cls || (ns !== undefined && cls.namespace !== ns)) continue;
      selects = true;
      for (const pi of cls.pods) {
        const pod = snapshot.pods[pi];
        if (pod) workloads.add(workloadId(pod));
      }
    }
    if (selects) policies.push(`${u.kind} ${u.namespace ? `${u.namespace}/` : ""}${u.name}`);
  });
  return { workloads: [...workloads].sort(), policies };
}

export function buildNetworkPage(snapshot: Snapshot, query: NetworkQuery): NetworkPage {
  const ns = query.ns;
  const gaps = relevantGaps(snapshot.gaps, AREA_RESOURCES.network, ns);
  const direction = query.dir ?? "both";
  const port = portOrUndefined(query.port);
  const at = portOrUndefined(query.at);
  const analysis = analyzeNetwork(snapshot);
  const allFindings = findNetworkRisks(snapshot, analysis);
  const exposed = new Set(
    allFindings
      .filter((f) => f.rule === "NET-003" && f.object)
      .map((f) => `${f.object?.namespace ?? ""}/${f.object?.name ?? ""}[${f.object?.kind ?? ""}]`),
  );
  const upperBound = upperBoundOf(analysis, ns);
  const view = buildNetworkView(
    analysis,
    { ...(ns ? { namespace: ns } : {}), direction, ...(port ? { port } : {}) },
    { exposed, upperBound: new Set(upperBoundOf(analysis, undefined).workloads) },
  );
  const coverage = buildCoverage(analysis);

  // The selected edge: `finding` (meeting mode) or `edge` (a click). Without from/to, it is explained through its
  // first connection's ends.
  const selectedId = query.finding ?? query.edge;
  const selected = selectedId ? view.edges.find((e) => e.id === selectedId) : undefined;
  const first = selected ? view.connections.find((c) => c.id === selected.members[0]) : undefined;
  const sampleOf = (id: string | undefined) => view.nodes.find((n) => n.id === id)?.sample;
  const fromText = query.from ?? (first ? sampleOf(first.from) : undefined);
  const toText = query.to ?? (first ? sampleOf(first.to) : undefined);
  const atPort = at ?? (query.from ? undefined : first?.example);

  let explanation: ConnectionExplanation | undefined;
  let explainError: string | undefined;
  if (fromText && toText) {
    try {
      explanation = explainConnection(
        analysis,
        resolveEndpoint(analysis, fromText),
        resolveEndpoint(analysis, toText),
        atPort?.protocol ?? "TCP",
        atPort?.port ?? 80,
      );
    } catch (err) {
      explainError = publicMessageOf(err);
    }
  }

  const keep = {
    ns,
    present: query.present,
    dir: direction === "both" ? undefined : direction,
    port: query.port,
  };
  // Cluster-scoped findings (cluster-tier policies: NET-005, NET-010) apply in every namespace.
  const findings = allFindings.filter((f) => !ns || f.scope === ns || f.scope === "cluster");
  const exposedCount = view.nodes.filter((n) => n.kind === "workload" && n.exposed).length;
  const metadataCount = view.nodes.filter((n) => n.kind === "workload" && n.reachesMetadata).length;
  return {
    query,
    direction,
    port,
    portRejected: query.port !== undefined && port === undefined,
    at: atPort ? `${atPort.protocol}/${atPort.port}` : "TCP/80",
    selectedEdge: selected?.id,
    view,
    drawn: packNetworkView(view),
    connectionsFirst: connectionPage(view),
    selectedMembers: selected && selected.memberCount > 1 ? edgeMembers(view, selected.id) : undefined,
    namespaces: coverage.map((c) => c.namespace),
    exposedCount,
    metadataCount,
    exposed: countOf(exposedCount, gaps),
    metadataReach: countOf(metadataCount, gaps),
    findingTotal: countOf(findings.length, gaps),
    explanation,
    explainError,
    matrix: ns ? buildMatrix(analysis, ns) : undefined,
    coverage: coverage.map((c) => ({ ...c, href: hrefWith("/network", { ...keep, ns: c.namespace }) })),
    findings: findings.slice(0, MAX_FINDINGS).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      title: ruleInfo(f.rule).title,
      remediation: ruleInfo(f.rule).remediation,
      docs: ruleInfo(f.rule).docs,
    })),
    findingCount: findings.length,
    tiers: buildPolicyTiers(analysis, ns),
    upperBound,
  };
}
