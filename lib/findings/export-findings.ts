import { ruleInfo } from "@/lib/findings/catalogue";
import type { Finding } from "@/lib/findings/types";
import type { AccessGap, ObjectRef } from "@/lib/model/types";

// Findings as files: CSV for spreadsheets, JSON for automation. Both carry the rule ID, severity, message and
// every object reference, what to do and where the manual says more, with nothing else (never a secret value: findings hold none).

const COLUMNS = [
  "rule",
  "title",
  "severity",
  "expectedDefault",
  "scope",
  "subject",
  "binding",
  "role",
  "object",
  "source",
  "message",
  "remediation",
  "docs",
  "reference",
] as const;

function ref(r: (ObjectRef & { field?: string }) | undefined): string {
  if (!r) return "";
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}${r.field ? ` (${r.field})` : ""}`;
}

/** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs a cell as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A gap as the exports write it (lib/views/export-gaps.ts builds them). */
export interface ExportGap {
  resource: string;
  /** A namespace, "cluster-wide" or "in any namespace". */
  where: string;
  status: AccessGap["status"];
  message: string;
}

/** The rule's section of the manual as served by the app; absolute when the export knows the app's origin. */
function docsLink(rule: string, origin: string | undefined): string {
  const path = ruleInfo(rule).docs;
  return origin ? new URL(path, origin).href : path;
}

/**
 * One row per finding; then one row per gap, rule "(not visible)" and severity "unknown", so that a file from a
 * viewer who may not read everything never reads as complete (docs/overview.md "Exports and snapshots").
 */
export function findingsToCsv(
  findings: readonly Finding[],
  origin?: string,
  gaps: readonly ExportGap[] = [],
): string {
  const rows = findings.map((f) => {
    const info = ruleInfo(f.rule);
    return [
      f.rule,
      info.title,
      f.severity,
      f.expectedDefault ? "yes" : "no",
      f.scope ?? "",
      f.subject
        ? `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ""}${f.subject.name}`
        : "",
      ref(f.binding),
      ref(f.role),
      ref(f.object),
      ref(f.source),
      f.message,
      info.remediation,
      docsLink(f.rule, origin),
      info.reference,
    ];
  });
  for (const g of gaps)
    rows.push([
      "(not visible)",
      `Not visible to you: ${g.resource}`,
      "unknown",
      "",
      g.where,
      "",
      "",
      "",
      "",
      "",
      g.message,
      "",
      "",
      "",
    ]);
  return [COLUMNS.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}

interface FindingsExport {
  generatedAt: string;
  generatedBy: string;
  cluster: string;
  snapshotTakenAt: string;
  namespace?: string;
  area: string;
  findings: (Finding & { title: string; remediation: string; docs: string; reference: string })[];
}

export function findingsToJson(
  findings: readonly Finding[],
  meta: Omit<FindingsExport, "findings">,
  origin?: string,
): FindingsExport {
  return {
    ...meta,
    findings: findings.map((f) => {
      const { title, remediation, reference } = ruleInfo(f.rule);
      return { ...f, title, remediation, docs: docsLink(f.rule, origin), reference };
    }),
  };
}
