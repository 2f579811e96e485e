import { STATUS_WORDS } from "@/components/ui/severity";
import type { OverviewModel } from "@/lib/views/build-overview";

const COLOURS = {
  expired: "#a6361c",
  critical: "#d55e00",
  warning: "#e69f00",
  ok: "#009e73",
  "not-yet-valid": "#cc79a7",
} as const;
// The certificate status shapes of components/ui/severity.tsx: clock faces, never a severity's ▲ or ■.
const SHAPES = { expired: "✕", critical: "◕", warning: "◑", ok: "✓", "not-yet-valid": "◷" } as const;

/** Certificates on a line from 30 days ago to 120 days ahead; the 14- and 28-day thresholds marked. */
export function ExpiryStrip({ timeline }: { timeline: OverviewModel["certificates"]["timeline"] }) {
  const min = -30;
  const max = 120;
  const width = 480;
  const x = (d: number) => 20 + ((Math.min(max, Math.max(min, d)) - min) / (max - min)) * (width - 40);
  const marks = [0, 14, 28, 90];
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} 90`}
        className="h-auto w-full"
        role="img"
        aria-label={`Expiry of ${timeline.length} certificates: ${timeline.filter((t) => t.daysLeft < 0).length} expired, ${timeline.filter((t) => t.daysLeft >= 0 && t.daysLeft < 28).length} within 28 days`}
      >
        <line x1={20} x2={width - 20} y1={50} y2={50} className="stroke-slate-400" />
        {marks.map((m) => (
          <g key={m}>
            <line
              x1={x(m)}
              x2={x(m)}
              y1={18}
              y2={62}
              className="stroke-slate-400"
              strokeDasharray={m === 0 ? undefined : "3 3"}
            />
            <text
              x={x(m)}
              y={78}
              textAnchor="middle"
              className="fill-slate-700 text-[0.6875rem] dark:fill-slate-300"
            >
              {m === 0 ? "now" : `${m} d`}
            </text>
          </g>
        ))}
        {timeline.map((t, i) => (
          <text
            key={t.id}
            x={x(t.daysLeft)}
            y={46 - (i % 3) * 10}
            textAnchor="middle"
            fill={COLOURS[t.status]}
            className="text-[0.75rem]"
          >
            <title>{`${t.label}: ${t.daysLeft} days left (${STATUS_WORDS[t.status]})`}</title>
            {SHAPES[t.status]}
          </text>
        ))}
      </svg>
      <figcaption className="text-xs text-slate-600 dark:text-slate-300">
        ✕ expired · ◕ renew now (under 14 days) · ◑ renew soon (under 28 days) · ✓ valid · ◷ not yet valid;
        beyond 120 days at the right edge
      </figcaption>
    </figure>
  );
}
