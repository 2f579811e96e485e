import { SeverityBadge } from "@/components/ui/severity";
import { ruleInfo } from "@/lib/findings/catalogue";
import { findingId } from "@/lib/findings/finding-namespace";
import { SEVERITIES } from "@/lib/findings/types";
import type { PathFinding } from "@/lib/paths/path-findings";
import { hopView, nodeView } from "@/lib/views/path-hop-view";

/** The review report's attack paths: every PATH finding with its chain, hop by hop, with the evidence. */
export function PathsReportSection({
  title,
  findings,
  id,
}: {
  title: string;
  findings: readonly PathFinding[];
  id: string;
}) {
  const byRule = new Map<string, PathFinding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const);
  return (
    <section id={id} className="report-section mt-8">
      <h2 className="border-b-2 border-slate-900 pb-1 text-2xl font-bold dark:border-slate-100">{title}</h2>
      <p className="mt-2 text-sm">
        {findings.length} findings: {counts.map(([s, n]) => `${n} ${s}`).join(", ")}. Each is the shortest
        chain (fewest hops, then fewest assumptions) through what the author may see.
      </p>
      {findings.length === 0 && <p className="mt-2">No findings.</p>}
      {[...byRule.entries()].map(([rule, list]) => (
        <div key={rule} className="report-rule mt-4">
          <h3 className="text-lg font-semibold">
            <span className="font-mono">{rule}</span> {ruleInfo(rule).title} ({list.length})
          </h3>
          <p className="text-sm">
            <strong>Remediation:</strong> {ruleInfo(rule).remediation}{" "}
            <a className="text-sky-800 underline dark:text-sky-300" href={ruleInfo(rule).docs}>
              {rule} in the manual
            </a>
          </p>
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
