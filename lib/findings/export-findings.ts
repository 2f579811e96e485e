import { ruleInfo } from "@/lib/findings/catalogue";
import type { Finding } from "@/lib/findings/types";
import type { ObjectRef } from "@/lib/model/types";

// Findings as files: CSV for spreadsheets, JSON for automation. Both carry the rule ID, severity, message and
// every object reference, with nothing else (never a secret value: findings hold none).

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
  "docs",
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

export function findingsToCsv(findings: readonly Finding[]): string {
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
      info.docs,
    ];
  });
  return [COLUMNS.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}

interface FindingsExport {
  generatedAt: string;
  generatedBy: string;
  cluster: string;
  snapshotTakenAt: string;
  namespace?: string;
  area: string;
  findings: (Finding & { title: string; docs: string })[];
}

export function findingsToJson(
  findings: readonly Finding[],
  meta: Omit<FindingsExport, "findings">,
): FindingsExport {
  return {
    ...meta,
    findings: findings.map((f) => ({ ...f, title: ruleInfo(f.rule).title, docs: ruleInfo(f.rule).docs })),
  };
}
