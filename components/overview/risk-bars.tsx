import Link from "next/link";
import { SEVERITY_COLOURS } from "@/components/ui/severity";
import type { OverviewModel } from "@/lib/views/build-overview";

/**
 * RBAC findings per rule: the rule and its title as text, then a bar and the count written out. The first
 * `limit` rules show; a link (when given) names how many more the Access page has.
 */
export function RiskBars({
  bars,
  unknown,
  limit = 8,
  more,
}: {
  bars: OverviewModel["rbac"]["bars"];
  /** Why roles or bindings the viewer may not read are missing (empty: the bars are complete). */
  unknown: readonly string[];
  limit?: number;
  more?: string;
}) {
  const shown = bars.slice(0, limit);
  if (shown.length === 0 && unknown.length > 0) {
    // Never "No risky grants." over roles and bindings the viewer may not read.
    return (
      <p
        className="rounded border-2 border-dashed border-slate-400 px-2 py-1 text-slate-700 dark:border-slate-500 dark:text-slate-200"
        data-testid="risk-bars-unknown"
        title={unknown.join("; ")}
      >
        <strong className="italic">Risky grants unknown</strong>: none among what you may read.
      </p>
    );
  }
  if (shown.length === 0) return <p className="text-slate-600 dark:text-slate-300">No risky grants.</p>;
  const max = Math.max(...shown.map((b) => b.count));
  const rest = bars.length - shown.length;
  return (
    <figure aria-label="RBAC findings per rule">
      <ul className="space-y-1">
        {shown.map((b) => (
          <li
            key={b.rule}
            className="grid grid-cols-[5rem_minmax(0,1fr)_4rem_2rem] items-center gap-2 text-sm"
          >
            <span className="font-mono">{b.rule}</span>
            <span className="truncate" title={b.title}>
              {b.title}
            </span>
            <span className="h-4 rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true">
              <span
                className="block h-full rounded"
                style={{
                  width: `${Math.max(6, (b.count / max) * 100)}%`,
                  background: SEVERITY_COLOURS[b.severity],
                }}
              />
            </span>
            <span className="text-right font-semibold tabular-nums">{b.count}</span>
          </li>
        ))}
      </ul>
      {rest > 0 && more && (
        <p className="mt-1 text-sm">
          <Link className="underline" href={more} prefetch={false}>
            {rest} more rule{rest === 1 ? "" : "s"}
          </Link>
        </p>
      )}
    </figure>
  );
}
