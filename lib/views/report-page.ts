import type { Finding } from "@/lib/findings/types";
import { filterByNamespace } from "@/lib/findings/finding-namespace";
import type { AccessGap, Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { analysePaths } from "@/lib/paths/analyse-paths";
import type { PathFinding } from "@/lib/paths/path-findings";
import { areaFindings, areaGaps } from "@/lib/views/area-findings";
import { buildOverview, type OverviewModel } from "@/lib/views/build-overview";
import { buildPolicyTiers, type PolicyTiers } from "@/lib/views/policy-tiers";

// The review report (docs/overview.md "The report"): every area's findings and gaps for one scope, the
// overview's pictures and the policies in tier order, judged at one time.

type ReportArea = "rbac" | "network" | "certificates" | "workloads";

export interface ReportPage {
  findings: Record<ReportArea, Finding[]>;
  /** The attack paths keep their chains: the report draws them. */
  paths: PathFinding[];
  gaps: Record<ReportArea | "paths", AccessGap[]>;
  overview: OverviewModel;
  policyTiers: PolicyTiers;
}

export function buildReportPage(snapshot: Snapshot, ns: string | undefined, now: Date): ReportPage {
  const areas = ["rbac", "network", "certificates", "workloads"] as const;
  const findings = Object.fromEntries(areas.map((a) => [a, areaFindings(snapshot, a, now, ns)])) as Record<
    ReportArea,
    Finding[]
  >;
  const gaps = Object.fromEntries(
    [...areas, "paths" as const].map((a) => [a, areaGaps(snapshot.gaps, a, ns)]),
  ) as ReportPage["gaps"];
  return {
    findings,
    paths: filterByNamespace(analysePaths(snapshot).findings, ns),
    gaps,
    overview: buildOverview(snapshot, now, ns),
    policyTiers: buildPolicyTiers(analyzeNetwork(snapshot), ns),
  };
}
