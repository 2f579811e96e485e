import { SeverityBadge } from "@/components/ui/severity";
import { ruleInfo } from "@/lib/findings/catalogue";
import type { RiskMark } from "@/lib/views/build-access-view";

/** The risks of a row: severity word and shape plus the rule ID (a link to its section of the manual, what to do in
 * its tooltip), never colour alone. */
export function RiskBadges({ risks }: { risks: readonly RiskMark[] }) {
  if (risks.length === 0) return <span className="text-slate-500 dark:text-slate-400">none</span>;
  const seen = new Set<string>();
  const unique = risks.filter((r) => (seen.has(r.rule) ? false : (seen.add(r.rule), true)));
  return (
    <ul className="flex flex-wrap gap-1">
      {unique.map((r) => (
        <li key={r.rule} title={`${r.rule}: ${r.title}. What to do: ${ruleInfo(r.rule).remediation}`}>
          <span className="inline-flex items-center gap-1">
            <SeverityBadge severity={r.severity} />
            <a className="font-mono text-xs underline" href={ruleInfo(r.rule).docs}>
              {r.rule}
            </a>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function DefaultLabel() {
  return (
    <span className="rounded border border-slate-300 bg-slate-100 px-1.5 text-xs dark:border-slate-600 dark:bg-slate-800">
      expected default
    </span>
  );
}
