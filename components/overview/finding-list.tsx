import Link from "next/link";
import { FindingFix } from "@/components/ui/finding-fix";
import { ExpectedDefaultMark, SeverityBadge } from "@/components/ui/severity";
import type { FindingView } from "@/lib/views/finding-view";

/**
 * Findings as a list a presenter can walk with the keyboard (meeting mode: `data-finding-id`), each with what to do
 * and its rule's docs link (outside the finding's own link: a link may not hold another).
 */
export function FindingList({
  findings,
  href,
  selected,
}: {
  findings: readonly FindingView[];
  href: (f: FindingView) => string;
  selected?: string;
}) {
  if (findings.length === 0) return <p className="text-slate-600 dark:text-slate-300">No findings.</p>;
  return (
    <ol className="space-y-2">
      {findings.map((f) => (
        <li
          key={f.id}
          className={`rounded border p-2 ${selected === f.id ? "border-blue-600 ring-2 ring-blue-600" : "border-slate-200 dark:border-slate-700"}`}
        >
          <Link
            href={href(f)}
            // Each target is a whole dynamic page; fetching fifteen of them ahead costs the server more than it saves.
            prefetch={false}
            data-finding-id={f.id}
            aria-current={selected === f.id ? "true" : undefined}
            className="block rounded hover:bg-slate-50 dark:hover:bg-slate-800"
          >
            <div className="flex flex-wrap items-center gap-2">
              {/* An expected default carries its own mark instead of a severity: counted apart everywhere. */}
              {f.expectedDefault ? (
                <ExpectedDefaultMark severity={f.severity} />
              ) : (
                <SeverityBadge severity={f.severity} />
              )}
              <span className="font-mono text-xs">{f.rule}</span>
              <span className="font-semibold">{f.title}</span>
            </div>
            {/* Two lines at most, so that four panels fit one screen; the whole message is on the area's page. */}
            <p className="mt-1 line-clamp-2 text-sm text-slate-700 dark:text-slate-300" title={f.message}>
              {f.message}
            </p>
          </Link>
          <FindingFix rule={f.rule} remediation={f.remediation} docs={f.docs} clamp />
        </li>
      ))}
    </ol>
  );
}
