import Link from "next/link";
import { AccessContact } from "@/components/ui/count-figure";
import { FindingFix } from "@/components/ui/finding-fix";
import { ExpectedDefaultMark, SeverityBadge } from "@/components/ui/severity";
import type { FindingView } from "@/lib/views/finding-view";

/**
 * Findings as a list a presenter can walk with the keyboard (meeting mode: `data-finding-id`), each with what to do
 * and its rule's docs link (outside the finding's own link: a link may not hold another). With `limit`, only the
 * first ones show and a link says how many more the area's page holds: a panel keeps its height whatever the
 * cluster, so the overview stays on one screen.
 *
 * `unknown` says why findings may be missing (what the viewer may not read, one sentence each): an empty list is
 * then "unknown", never "No findings." (docs/overview.md "Unknown figures"). Server component: the contact
 * line comes from the environment.
 */
export function FindingList({
  findings,
  unknown,
  href,
  selected,
  limit,
  total,
  more,
  compact = false,
}: {
  findings: readonly FindingView[];
  /** Why findings the viewer may not read are missing (empty: the list is complete). */
  unknown: readonly string[];
  href: (f: FindingView) => string;
  selected?: string;
  /** How many to show (all when absent). */
  limit?: number;
  /** How many findings the area has in all (for "N more"); the length of `findings` when absent. */
  total?: number;
  /** Where the rest are listed. */
  more?: string;
  /** One line of message instead of two (the overview's panels). */
  compact?: boolean;
}) {
  if (findings.length === 0 && unknown.length > 0) {
    // Compact (an overview panel, whose note above gives the reasons): one line, the reasons on hover.
    return (
      <p
        className="rounded border-2 border-dashed border-slate-400 px-2 py-1 text-slate-700 dark:border-slate-500 dark:text-slate-200"
        data-testid="findings-unknown"
        title={compact ? unknown.join("; ") : undefined}
      >
        <strong className="italic">Findings unknown</strong>: none among what you may read
        {compact ? "." : <>, and you may not read everything they come from: {unknown.join("; ")}.</>}
        {!compact && <AccessContact />}
      </p>
    );
  }
  if (findings.length === 0) return <p className="text-slate-600 dark:text-slate-300">No findings.</p>;
  const shown = limit === undefined ? findings : findings.slice(0, limit);
  const rest = (total ?? findings.length) - shown.length;
  return (
    <>
      <ol className="space-y-2">
        {shown.map((f) => (
          <li
            key={f.id}
            className={`rounded border ${compact ? "px-2 py-1" : "p-2"} ${selected === f.id ? "border-blue-600 ring-2 ring-blue-600" : "border-slate-200 dark:border-slate-700"}`}
          >
            <Link
              href={href(f)}
              // Each target is a whole dynamic page; fetching fifteen of them ahead costs the server more than it saves.
              prefetch={false}
              data-finding-id={f.id}
              aria-current={selected === f.id ? "true" : undefined}
              className="block rounded hover:bg-slate-50 dark:hover:bg-slate-800"
            >
              <div className="flex flex-wrap items-center gap-x-2">
                {/* An expected default carries its own mark instead of a severity: counted apart everywhere. */}
                {f.expectedDefault ? (
                  <ExpectedDefaultMark severity={f.severity} />
                ) : (
                  <SeverityBadge severity={f.severity} />
                )}
                <span className="font-mono text-xs">{f.rule}</span>
                <span className="font-semibold">{f.title}</span>
              </div>
              {/* Clamped, so that four panels fit one screen; the whole message is on the area's page and in the title. */}
              <p
                className={`${compact ? "line-clamp-1" : "mt-1 line-clamp-2"} text-sm text-slate-700 dark:text-slate-300`}
                title={f.message}
              >
                {f.message}
              </p>
            </Link>
            {/* Clamped to three lines only in an overview panel: the area's page, where the finding links, says it whole. */}
            <FindingFix rule={f.rule} remediation={f.remediation} docs={f.docs} clamp={compact} />
          </li>
        ))}
      </ol>
      {rest > 0 && more && (
        <p className="mt-1 text-sm">
          <Link className="underline" href={more} prefetch={false}>
            {rest} more finding{rest === 1 ? "" : "s"}
          </Link>
        </p>
      )}
    </>
  );
}
