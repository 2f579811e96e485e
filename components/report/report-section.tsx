import { ExpectedDefaultMark, SeverityBadge } from "@/components/ui/severity";
import { ruleInfo } from "@/lib/findings/catalogue";
import { findingId } from "@/lib/findings/finding-namespace";
import { SEVERITIES, type Finding } from "@/lib/findings/types";
import type { AccessGap } from "@/lib/model/types";
import { countText, gapSummary, severityCounts } from "@/lib/views/known-count";

function refText(f: Finding): string {
  const refs = [
    f.subject && `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ""}${f.subject.name}`,
    f.binding && `${f.binding.kind} ${f.binding.namespace ? `${f.binding.namespace}/` : ""}${f.binding.name}`,
    f.role && `${f.role.kind} ${f.role.namespace ? `${f.role.namespace}/` : ""}${f.role.name}`,
    f.object && `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ""}${f.object.name}`,
    f.source &&
      `${f.source.kind} ${f.source.namespace ? `${f.source.namespace}/` : ""}${f.source.name}${f.source.field ? ` (${f.source.field})` : ""}`,
  ].filter(Boolean);
  return refs.join(" · ");
}

/** One area of the review report: counts by severity, then each rule's findings with its remediation. */
export function ReportSection({
  title,
  findings,
  id,
  children,
  gaps = [],
}: {
  title: string;
  findings: readonly Finding[];
  id: string;
  /** What the author may not read that this area's findings come from (lib/views/area-findings.ts areaGaps). */
  gaps?: readonly AccessGap[];
  /** What the findings are read against, shown before them (the network section's policy tiers). */
  children?: React.ReactNode;
}) {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const counts = severityCounts(findings, gaps);
  return (
    <section id={id} className="report-section mt-8">
      <h2 className="border-b-2 border-slate-900 pb-1 text-2xl font-bold dark:border-slate-100">{title}</h2>
      <p className="mt-2 text-sm" data-testid="report-counts">
        {gaps.length > 0
          ? `${findings.length} findings among what the author may read`
          : `${findings.length} findings`}
        : {SEVERITIES.map((s) => `${countText(counts.bySeverity[s])} ${s}`).join(", ")}; expected defaults
        (counted apart): {countText(counts.expectedDefaults)}.
      </p>
      {gaps.length > 0 && (
        <p className="mt-1 text-sm" data-testid="report-unknown">
          <strong>Counts unknown:</strong> {gapSummary(gaps).join("; ")}.
        </p>
      )}
      {children}
      {findings.length === 0 && (
        <p className="mt-2">
          {gaps.length > 0 ? "No findings among what the author may read." : "No findings."}
        </p>
      )}
      {[...byRule.entries()].map(([rule, list]) => (
        <div key={rule} className="report-rule mt-4 break-inside-avoid-page">
          <RuleHeading rule={rule} count={list.length} />
          <table className="mt-2 w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-slate-400 text-left">
                <th scope="col" className="w-28 py-1 pr-2">
                  Severity
                </th>
                <th scope="col" className="py-1 pr-2">
                  Finding
                </th>
                <th scope="col" className="py-1">
                  Objects
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((f, i) => (
                <tr
                  key={i}
                  data-finding-id={findingId(f)}
                  className="break-inside-avoid border-b border-slate-200 align-top dark:border-slate-700"
                >
                  <td className="py-1 pr-2">
                    {f.expectedDefault ? (
                      <ExpectedDefaultMark severity={f.severity} />
                    ) : (
                      <SeverityBadge severity={f.severity} />
                    )}
                  </td>
                  <td className="py-1 pr-2">{f.message}</td>
                  <td className="py-1 text-xs">{refText(f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

/** A rule's heading in a report section: its ID, title and count, what to do, and its section of the manual. */
export function RuleHeading({ rule, count }: { rule: string; count: number }) {
  const info = ruleInfo(rule);
  return (
    <>
      <h3 className="text-lg font-semibold">
        <span className="font-mono">{rule}</span> {info.title} ({count})
      </h3>
      <p className="text-sm">
        <strong>Remediation:</strong> {info.remediation}{" "}
        <a className="text-sky-800 underline dark:text-sky-300" href={info.docs}>
          {rule} in the manual
        </a>
      </p>
    </>
  );
}
