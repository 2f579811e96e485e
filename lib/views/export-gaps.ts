import type { AccessGap } from "@/lib/model/types";
import type { ExportGap } from "@/lib/findings/export-findings";

// What the viewer may not read, as every export records it (docs/overview.md "Exports"): a file never reads as
// complete when it is not. JSON carries the list; CSV files add one "(not visible)" row per gap.

export type { ExportGap };

export function exportGaps(gaps: readonly AccessGap[]): ExportGap[] {
  return gaps.map((g) => ({
    resource: g.resource,
    where: g.namespace ?? (g.message.endsWith("in any namespace") ? "in any namespace" : "cluster-wide"),
    status: g.status,
    message: g.message,
  }));
}
