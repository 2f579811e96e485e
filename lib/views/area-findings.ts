import { z } from "zod";
import { filterByNamespace } from "@/lib/findings/finding-namespace";
import { compareFindings, type Finding } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";
import { analysePaths } from "@/lib/paths/analyse-paths";
import { text } from "@/lib/views/page-query";
import type { AccessGap } from "@/lib/model/types";
import { AREA_RESOURCES, PATH_RESOURCES } from "@/lib/views/area-resources";
import { relevantGaps } from "@/lib/views/known-count";

export const AREAS = ["all", "rbac", "network", "certificates", "workloads", "paths"] as const;
type Area = (typeof AREAS)[number];

/** The review report's query. */
export const reportQuery = z.object({ ns: text });

/** The findings of one area (or all), narrowed to a namespace: what each page shows and exports. */
export function areaFindings(snapshot: Snapshot, area: Area, now: Date, namespace?: string): Finding[] {
  const out: Finding[] = [];
  // Loops, not push(...list): a list of 200,000 findings would overflow the call stack.
  if (area === "all" || area === "rbac") for (const f of findRbacRisks(snapshot)) out.push(f);
  if (area === "all" || area === "network") for (const f of findNetworkRisks(snapshot)) out.push(f);
  if (area === "all" || area === "certificates") {
    const scan = scanCertificates(snapshot, { now });
    out.push(...scan.certificates.flatMap((c) => c.findings), ...scan.findings);
  }
  if (area === "all" || area === "workloads") {
    const internetExposed = findNetworkRisks(snapshot).filter((f) => f.rule === "NET-003");
    out.push(...findWorkloadRisks(snapshot, { internetExposed }));
  }
  if (area === "all" || area === "paths") {
    // The chain is in the message; the path object (every hop's evidence) is for /paths and its export.
    for (const f of analysePaths(snapshot).findings) {
      const { rule, severity, message, scope } = f;
      out.push({ rule, severity, message, ...(scope !== undefined ? { scope } : {}) });
    }
  }
  return filterByNamespace(out, namespace).sort(compareFindings);
}

/** What the viewer may not read that an area's findings (or all of them) are computed from. */
export function areaGaps(gaps: readonly AccessGap[], area: Area, namespace?: string): AccessGap[] {
  const resources: readonly string[] =
    area === "all"
      ? [...Object.values(AREA_RESOURCES).flat(), ...PATH_RESOURCES]
      : area === "paths"
        ? PATH_RESOURCES
        : AREA_RESOURCES[area];
  return relevantGaps(gaps, resources, namespace);
}
