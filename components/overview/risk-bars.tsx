import { SEVERITY_COLOURS } from "@/components/ui/severity";
import type { OverviewModel } from "@/lib/overview/build-overview";

/** RBAC findings per rule, as horizontal bars with their counts written out. */
export function RiskBars({ bars }: { bars: OverviewModel["rbac"]["bars"] }) {
  const shown = bars.slice(0, 8);
  if (shown.length === 0) return <p className="text-slate-600 dark:text-slate-300">No risky grants.</p>;
  const max = Math.max(...shown.map((b) => b.count));
  return (
    <figure aria-label="RBAC findings per rule">
      <ul className="space-y-1">
        {shown.map((b) => (
          <li key={b.rule} className="grid grid-cols-[5.5rem_1fr_2.5rem] items-center gap-2 text-sm">
            <span className="font-mono">{b.rule}</span>
            <span className="relative h-5 rounded bg-slate-100 dark:bg-slate-800" title={b.title}>
              <span
                className="absolute inset-y-0 left-0 rounded"
                style={{
                  width: `${Math.max(4, (b.count / max) * 100)}%`,
                  background: SEVERITY_COLOURS[b.severity],
                }}
              />
              <span className="relative truncate px-2 text-xs leading-5 font-medium mix-blend-normal">
                {b.title}
              </span>
            </span>
            <span className="text-right font-semibold tabular-nums">{b.count}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
