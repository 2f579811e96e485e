import { filterByNamespace } from "@/lib/findings/finding-namespace";
import { compareFindings, SEVERITIES, type Finding, type Severity } from "@/lib/findings/types";
import { ruleInfo } from "@/lib/findings/catalogue";
import { z } from "zod";
import type { AccessGap, Snapshot } from "@/lib/model/types";
import { flag, text } from "@/lib/views/page-query";
import { findingView, type FindingView } from "@/lib/views/finding-view";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { buildMiniGraph, type MiniGraph } from "@/lib/views/build-mini-graph";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import type { CertStatus } from "@/lib/certs/types";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";
import { workloadsOverview, type WorkloadsOverview } from "@/lib/views/workloads-overview";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { countOf, relevantGaps, severityCounts, type Count } from "@/lib/views/known-count";

// The overview's view model: the four areas side by side, computed once from one snapshot with the pure
// engines. Only what the page draws goes to the browser. Pure: `now` is a parameter. Every figure is a Count:
// unknown, with the reason, when the viewer may not read what it counts (lib/views/known-count.ts).

export const overviewQuery = z.object({ ns: text, finding: text, present: flag("1") });

export interface OverviewModel {
  namespace?: string;
  rbac: {
    /** Findings per severity, expected defaults left out (they are counted in `expectedDefaults`). */
    bySeverity: Record<Severity, Count>;
    /** Findings about grants Kubernetes itself ships (system:masters and the like): counted apart. */
    expectedDefaults: Count;
    /** Distinct bindings with at least one finding that is not an expected default. */
    riskyBindings: Count;
    /** What the viewer may not read that these figures count: they read unknown. */
    gaps: AccessGap[];
    /** Findings per rule, most severe first: the risk bars. */
    bars: { rule: string; title: string; severity: Severity; count: number }[];
    top: FindingView[];
  };
  network: {
    namespaces: Count;
    withoutDefaultDenyIngress: Count;
    withoutDefaultDenyEgress: Count;
    exposedToInternet: Count;
    metadataReachable: Count;
    gaps: AccessGap[];
    top: FindingView[];
    /** The internet, cloud metadata and the namespaces, for the mini graph. */
    mini: MiniGraph;
  };
  certificates: {
    total: Count;
    byStatus: Record<CertStatus, Count>;
    gaps: AccessGap[];
    top: FindingView[];
    /** Every certificate on the expiry timeline. */
    timeline: { id: string; label: string; daysLeft: number; status: CertStatus }[];
  };
  /** Pod Security per namespace, drifted workloads, the top POD/EXP findings, and what the viewer may not list. */
  workloads: WorkloadsOverview & { findings: number; top: FindingView[] };
  /** Every finding of every area (after the namespace filter), for the exports. */
  findings: Finding[];
}

/** Top findings per panel: three, so that the four panels fit one 1920x1080 screen. */
const TOP = 3;

/** The findings that matter first: real problems before expected defaults, then by severity. */
function topFindings(findings: readonly Finding[]): FindingView[] {
  return [...findings]
    .sort(
      (a, b) =>
        Number(a.expectedDefault ?? false) - Number(b.expectedDefault ?? false) || compareFindings(a, b),
    )
    .slice(0, TOP)
    .map(findingView);
}

// The mini graph depends on the snapshot and the namespace only, not on the minute the overview is cached
// for: drawn once per snapshot and namespace (it builds the whole network view to draw a line per namespace).
const miniGraphs = new WeakMap<Snapshot, Map<string, MiniGraph>>();

function miniGraphOf(
  snapshot: Snapshot,
  analysis: ReturnType<typeof analyzeNetwork>,
  netFindings: readonly Finding[],
  namespace: string | undefined,
): MiniGraph {
  let byNamespace = miniGraphs.get(snapshot);
  if (!byNamespace) {
    byNamespace = new Map();
    miniGraphs.set(snapshot, byNamespace);
  }
  let mini = byNamespace.get(namespace ?? "");
  if (!mini) {
    mini = buildMiniGraph(analysis, netFindings, namespace);
    byNamespace.set(namespace ?? "", mini);
  }
  return mini;
}

export function buildOverview(snapshot: Snapshot, now: Date, namespace?: string): OverviewModel {
  const rbacFindings = filterByNamespace(findRbacRisks(snapshot), namespace);
  const analysis = analyzeNetwork(snapshot);
  const allNetFindings = findNetworkRisks(snapshot, analysis);
  const netFindings = filterByNamespace(allNetFindings, namespace);
  const scan = scanCertificates(snapshot, { now });
  const certs = namespace
    ? scan.certificates.filter((c) => c.source.namespace === undefined || c.source.namespace === namespace)
    : scan.certificates;
  const certFindings = filterByNamespace([...certs.flatMap((c) => c.findings), ...scan.findings], namespace);
  const pss = evaluateWorkloads(snapshot);
  const internetExposed = allNetFindings.filter((f) => f.rule === "NET-003");
  const workloadFindings = filterByNamespace(
    findWorkloadRisks(snapshot, { pss, internetExposed }),
    namespace,
  );

  const rbacGaps = relevantGaps(snapshot.gaps, AREA_RESOURCES.rbac, namespace);
  const netGaps = relevantGaps(snapshot.gaps, AREA_RESOURCES.network, namespace);
  const certGaps = relevantGaps(snapshot.gaps, AREA_RESOURCES.certificates, namespace);
  const bars = new Map<string, { rule: string; title: string; severity: Severity; count: number }>();
  const risky = new Set<string>();
  for (const f of rbacFindings) {
    const bar = bars.get(f.rule) ?? {
      rule: f.rule,
      title: ruleInfo(f.rule).title,
      severity: f.severity,
      count: 0,
    };
    bar.count++;
    if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(bar.severity)) bar.severity = f.severity;
    bars.set(f.rule, bar);
    if (!f.expectedDefault && f.binding)
      risky.add(`${f.binding.kind}/${f.binding.namespace ?? ""}/${f.binding.name}`);
  }

  const shownNamespaces = namespace
    ? snapshot.namespaces.filter((n) => n.name === namespace)
    : snapshot.namespaces;
  const countRule = (rule: string) => countOf(netFindings.filter((f) => f.rule === rule).length, netGaps);

  const byStatus: Record<CertStatus, number> = {
    expired: 0,
    critical: 0,
    warning: 0,
    ok: 0,
    "not-yet-valid": 0,
  };
  for (const c of certs) byStatus[c.status]++;
  const certCounts = Object.fromEntries(
    Object.entries(byStatus).map(([s, n]) => [s, countOf(n, certGaps)]),
  ) as Record<CertStatus, Count>;

  return {
    ...(namespace ? { namespace } : {}),
    rbac: {
      ...severityCounts(rbacFindings, rbacGaps),
      riskyBindings: countOf(risky.size, rbacGaps),
      gaps: rbacGaps,
      bars: [...bars.values()].sort(
        (a, b) =>
          SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
          b.count - a.count ||
          a.rule.localeCompare(b.rule),
      ),
      top: topFindings(rbacFindings),
    },
    network: {
      namespaces: countOf(shownNamespaces.length, relevantGaps(snapshot.gaps, [], namespace)),
      withoutDefaultDenyIngress: countRule("NET-001"),
      withoutDefaultDenyEgress: countRule("NET-002"),
      exposedToInternet: countRule("NET-003"),
      metadataReachable: countRule("NET-004"),
      gaps: netGaps,
      top: topFindings(netFindings),
      mini: miniGraphOf(snapshot, analysis, netFindings, namespace),
    },
    certificates: {
      total: countOf(certs.length, certGaps),
      byStatus: certCounts,
      gaps: certGaps,
      top: topFindings(certFindings),
      timeline: certs.map((c) => ({
        id: c.id,
        label: c.subject || c.purpose,
        daysLeft: c.daysLeft,
        status: c.status,
      })),
    },
    workloads: {
      ...workloadsOverview(pss, snapshot.gaps, namespace),
      findings: workloadFindings.length,
      top: topFindings(workloadFindings),
    },
    findings: [...rbacFindings, ...netFindings, ...certFindings, ...workloadFindings].sort(compareFindings),
  };
}
