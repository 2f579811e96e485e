import type { CertificatesView, CertificateRow } from "@/lib/views/build-certificate-view";
import type { CertStatus } from "@/lib/certs/types";

// The expiry timeline: one lane per kind of source, days left on the x axis from 30 days ago to 120 days
// ahead, "now", 14, 28 and 90 days marked, everything expired earlier piled on the left edge and everything
// later on the right. Each certificate is a shape AND a colour (never colour alone) and a link to its page,
// reachable with the keyboard. Drawn on the server: no script needed to read it on a projector.

const MIN = -30;
const MAX = 120;
const WIDTH = 1200;
const LABEL = 230;
const LANE = 64;
const TOP = 36;
const MARKS = [0, 14, 28, 90];

const COLOURS: Record<CertStatus, string> = {
  expired: "#a6361c",
  critical: "#d55e00",
  warning: "#e69f00",
  ok: "#009e73",
  "not-yet-valid": "#cc79a7",
};
const SHAPES: Record<CertStatus, string> = {
  expired: "✕",
  critical: "◕",
  warning: "◑",
  ok: "✓",
  "not-yet-valid": "◷",
};
const LEGEND: [CertStatus, string][] = [
  ["expired", "expired"],
  ["critical", "renew now (< 14 days)"],
  ["warning", "renew soon (< 28 days)"],
  ["ok", "valid"],
  ["not-yet-valid", "not yet valid"],
];

function x(days: number): number {
  const clamped = Math.min(MAX, Math.max(MIN, days));
  return LABEL + 20 + ((clamped - MIN) / (MAX - MIN)) * (WIDTH - LABEL - 50);
}

function describe(r: CertificateRow): string {
  const when =
    r.status === "expired"
      ? `expired ${Math.abs(r.daysLeft)} days ago`
      : r.status === "not-yet-valid"
        ? "not yet valid"
        : `${r.daysLeft} days left`;
  const where = r.copies
    ? `${r.sourceName} in ${r.copies.length} namespaces`
    : `${r.namespace ? `${r.namespace}/` : ""}${r.sourceName}`;
  return `${r.subject || "(no subject)"} in ${r.sourceKind} ${where}: ${when}`;
}

export function ExpiryTimeline({ view, hrefOf }: { view: CertificatesView; hrefOf: (id: string) => string }) {
  const height = TOP + view.groups.length * LANE + 40;
  const expired = view.byStatus.expired;
  const soon = view.byStatus.critical + view.byStatus.warning;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="h-auto w-full"
        role="group"
        aria-label={`Expiry timeline of ${view.sources} certificates: ${expired} expired, ${soon} expiring within 28 days`}
      >
        <rect
          x={x(MIN)}
          y={TOP - 8}
          width={x(0) - x(MIN)}
          height={view.groups.length * LANE}
          className="fill-red-50 dark:fill-red-950"
        />
        <rect
          x={x(0)}
          y={TOP - 8}
          width={x(14) - x(0)}
          height={view.groups.length * LANE}
          className="fill-orange-50 dark:fill-orange-950"
        />
        <rect
          x={x(14)}
          y={TOP - 8}
          width={x(28) - x(14)}
          height={view.groups.length * LANE}
          className="fill-amber-50 dark:fill-amber-950/60"
        />
        <text x={x(MIN)} y={20} className="fill-slate-700 text-[0.9375rem] dark:fill-slate-300">
          ◀ expired earlier
        </text>
        <text
          x={x(MAX)}
          y={20}
          textAnchor="end"
          className="fill-slate-700 text-[0.9375rem] dark:fill-slate-300"
        >
          later ▶
        </text>
        {MARKS.map((m) => (
          <g key={m}>
            <line
              x1={x(m)}
              x2={x(m)}
              y1={TOP - 8}
              y2={TOP + view.groups.length * LANE}
              className={m === 0 ? "stroke-slate-900 dark:stroke-slate-100" : "stroke-slate-500"}
              strokeWidth={m === 0 ? 2 : 1}
              strokeDasharray={m === 0 ? undefined : "6 4"}
            />
            <text
              x={x(m)}
              y={TOP + view.groups.length * LANE + 24}
              textAnchor="middle"
              className="fill-slate-800 text-[1rem] font-semibold dark:fill-slate-200"
            >
              {m === 0 ? "now" : `${m} days`}
            </text>
          </g>
        ))}
        {view.groups.map((g, lane) => {
          const y = TOP + lane * LANE + LANE / 2;
          return (
            <g key={g.id}>
              <line
                x1={LABEL}
                x2={WIDTH - 20}
                y1={TOP - 8 + (lane + 1) * LANE}
                y2={TOP - 8 + (lane + 1) * LANE}
                className="stroke-slate-200 dark:stroke-slate-700"
              />
              <text
                x={8}
                y={y}
                dominantBaseline="middle"
                className="fill-slate-900 text-[1.0625rem] font-semibold dark:fill-slate-100"
              >
                {g.label} ({g.rows.length})
              </text>
              {g.rows.map((r, i) => (
                <a
                  key={r.id}
                  href={hrefOf(r.id)}
                  aria-label={describe(r)}
                  className="focus:outline-none [&:focus>text]:stroke-sky-500 [&:focus>text]:stroke-2"
                >
                  <title>{describe(r)}</title>
                  <text
                    x={x(r.status === "not-yet-valid" ? MAX : r.daysLeft)}
                    y={y + ((i % 3) - 1) * 16}
                    textAnchor="middle"
                    dominantBaseline="middle"
                    fill={COLOURS[r.status]}
                    className="text-[1.375rem]"
                  >
                    {SHAPES[r.status]}
                  </text>
                </a>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-base text-slate-700 dark:text-slate-300">
        {LEGEND.map(([status, label]) => (
          <span key={status} className="inline-flex items-center gap-1">
            <span aria-hidden="true" style={{ color: COLOURS[status] }} className="text-xl">
              {SHAPES[status]}
            </span>
            {label}
          </span>
        ))}
        <span>
          Not-yet-valid certificates are drawn at the right edge. Each mark links to its certificate.
        </span>
      </figcaption>
    </figure>
  );
}
