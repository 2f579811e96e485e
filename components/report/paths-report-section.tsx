import { SeverityBadge } from "@/components/ui/severity";
import { RuleHeading } from "@/components/report/report-section";
import { findingId } from "@/lib/findings/finding-namespace";
import { SEVERITIES } from "@/lib/findings/types";
import type { AccessGap } from "@/lib/model/types";
import { countText, gapSummary, severityCounts } from "@/lib/views/known-count";
import type { PathFinding } from "@/lib/paths/path-findings";
import { hopView, nodeView } from "@/lib/views/path-hop-view";

/** The review report's attack paths: every PATH finding with its chain, hop by hop, with the evidence. */
export function PathsReportSection({
  title,
  findings,
  id,
  gaps = [],
}: {
  title: string;
  findings: readonly PathFinding[];
  id: string;
  /** What the author may not read that a path could run through: the counts are then unknown. */
  gaps?: readonly AccessGap[];
}) {
  const byRule = new Map<string, PathFinding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const counts = severityCounts(findings, gaps);
  return (
    <section id={id} className="report-section mt-8">
      <h2 className="border-b-2 border-slate-900 pb-1 text-2xl font-bold dark:border-slate-100">{title}</h2>
      <p className="mt-2 text-sm">
        {findings.length} findings:{" "}
        {SEVERITIES.map((s) => `${countText(counts.bySeverity[s])} ${s}`).join(", ")}. Each is the shortest
        chain (fewest hops, then fewest assumptions) through what the author may see.
      </p>
      {gaps.length > 0 && (
        <p className="mt-1 text-sm" data-testid="report-unknown">
          <strong>Counts unknown:</strong> a path may run through what the author may not read (
          {gapSummary(gaps).join("; ")}).
        </p>
      )}
      {findings.length === 0 && (
        <p className="mt-2">
          {gaps.length > 0 ? "No findings among what the author may read." : "No findings."}
        </p>
      )}
      {[...byRule.entries()].map(([rule, list]) => (
        <div key={rule} className="report-rule mt-4">
          <RuleHeading rule={rule} count={list.length} />
          {list.map((f, i) => {
            const start = nodeView(f.path.from);
            const n = f.path.hops.length;
            return (
              <div
                key={i}
                className="mt-3 break-inside-avoid-page"
                data-testid="report-path"
                data-finding-id={findingId(f)}
              >
                <p className="flex flex-wrap items-start gap-2 font-medium">
                  <SeverityBadge severity={f.severity} />
                  <span>
                    From {start.label}: {n} hop{n === 1 ? "" : "s"}
                  </span>
                </p>
                <ol className="mt-1 ml-6 list-decimal text-sm">
                  {f.path.hops.map((edge, j) => {
                    const h = hopView(edge);
                    return (
                      <li key={j} className="mt-1">
                        <span className="font-mono">{h.technique}</span> {h.title} →{" "}
                        <strong>{h.to.label}</strong>
                        {h.assumption && <em> (assumes {h.assumption})</em>}
                        <div className="text-xs text-slate-700 dark:text-slate-300">
                          {h.evidence.map((e) => e.text).join(" · ")}
                        </div>
                      </li>
                    );
                  })}
                </ol>
              </div>
            );
          })}
        </div>
      ))}
    </section>
  );
}
