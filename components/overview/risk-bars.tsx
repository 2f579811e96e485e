import { SEVERITY_COLOURS } from "@/components/ui/severity";
import type { OverviewModel } from "@/lib/views/build-overview";

/** RBAC findings per rule: the rule and its title as text, then a bar and the count written out. */
export function RiskBars({ bars }: { bars: OverviewModel["rbac"]["bars"] }) {
  const shown = bars.slice(0, 8);
  if (shown.length === 0) return <p className="text-slate-600 dark:text-slate-300">No risky grants.</p>;
  const max = Math.max(...shown.map((b) => b.count));
  return (
    <figure aria-label="RBAC findings per rule">
      <ul className="space-y-1">
        {shown.map((b) => (
          <li key={b.rule} className="grid grid-cols-[5rem_1fr_6rem_2rem] items-center gap-2 text-sm">
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
    </figure>
  );
}
