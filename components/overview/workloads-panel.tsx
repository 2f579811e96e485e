import Link from "next/link";
import { FindingList } from "@/components/overview/finding-list";
import { LevelBadge } from "@/components/workloads/workload-table";
import type { OverviewModel } from "@/lib/views/build-overview";
import { POD_RESOURCES } from "@/lib/views/area-resources";
import { PSS_LEVELS, type PssLevel } from "@/lib/workloads/pss-types";

// The overview's workloads panel: the figures, Pod Security per namespace, the drifted workloads and the top
// POD/EXP findings. Where the viewer may not list what a figure counts, it reads "unknown" (or "at least N"),
// and the panel says which resources and why: a hidden workload is never counted as a compliant one.

type Model = OverviewModel["workloads"];

/** A count the viewer may not fully know: "unknown" when none were seen, "≥ N" when some were. */
function Count({ value, known }: { value: number; known: boolean }) {
  if (known) return <>{value}</>;
  return value === 0 ? (
    <abbr title="unknown: you may not list all the workloads this counts" className="no-underline">
      unknown
    </abbr>
  ) : (
    <abbr
      title={`at least ${value}: you may not list all the workloads this counts`}
      className="no-underline"
    >
      ≥ {value}
    </abbr>
  );
}

function Figure({
  label,
  value,
  known,
  bad,
}: {
  label: string;
  value: number;
  known: boolean;
  bad: boolean;
}) {
  const colour = !known
    ? "text-slate-700 dark:text-slate-200"
    : bad
      ? "text-[#a6361c] dark:text-[#ff8a65]"
      : "text-[#007a5a] dark:text-[#4dd0a8]";
  return (
    <div className="rounded border border-slate-200 px-2 py-1 dark:border-slate-700">
      <div className={`font-bold tabular-nums ${known ? "text-2xl" : "text-xl"} ${colour}`}>
        <Count value={value} known={known} />
      </div>
      <div className="text-sm leading-tight text-slate-600 dark:text-slate-300">{label}</div>
    </div>
  );
}

function LevelCells({ counts, known }: { counts: Record<PssLevel, number>; known: boolean }) {
  return (
    <>
      {PSS_LEVELS.map((l) => (
        <td key={l} className="py-0.5 pr-1 text-right tabular-nums">
          <Count value={counts[l]} known={known} />
        </td>
      ))}
    </>
  );
}

export function WorkloadsPanel({
  w,
  href,
  selected,
  limit,
  rows: shownRows = 6,
}: {
  w: Model;
  /** A link to the Workloads page with the overview's filters, plus these. */
  href: (extra?: Record<string, string>) => string;
  selected?: string;
  /** How many top findings to show; the rest are a link away. */
  limit?: number;
  /** How many namespaces the table shows; the rest are a link away. */
  rows?: number;
}) {
  const known = !w.unknown.some((u) => (POD_RESOURCES as readonly string[]).includes(u.resource));
  // Over every namespace, those the viewer may not see are not counted either: the totals are then no more than
  // lower bounds (lib/views/known-count.ts), though each namespace's own row is complete.
  const totalsKnown = known && !w.unknown.some((u) => u.resource === "namespaces");
  const rows = w.namespaces.slice(0, shownRows);
  return (
    <>
      {w.unknown.length > 0 && (
        <div className="mb-3 rounded border border-amber-400 bg-amber-50 px-2 py-1 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100">
          <p>
            <span aria-hidden="true">⚠ </span>
            {known ? "Counts cover only what you may list:" : "Unknown where you may not list workloads:"}
          </p>
          <ul className="list-disc pl-5">
            {w.unknown.slice(0, 3).map((u) => (
              <li key={`${u.resource}/${u.where}`}>{u.message}</li>
            ))}
            {w.unknown.length > 3 && <li>and {w.unknown.length - 3} more (the Workloads page lists them)</li>}
          </ul>
        </div>
      )}
      <div className="grid grid-cols-2 gap-2">
        <Figure
          label="would be rejected by their namespace (drift)"
          value={w.rejected}
          known={totalsKnown}
          bad={w.rejected > 0}
        />
        <Figure
          label="workloads at privileged (fail baseline)"
          value={w.counts.privileged}
          known={totalsKnown}
          bad={w.counts.privileged > 0}
        />
      </div>
      <table className="mt-3 w-full table-fixed text-left text-sm">
        <caption className="sr-only">Pod Security level of the workloads of each namespace</caption>
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-600">
            <th scope="col" className="w-[27%] py-0.5 pr-2">
              Namespace
            </th>
            <th scope="col" className="w-[28%] py-0.5 pr-2">
              Enforces
            </th>
            {PSS_LEVELS.map((l) => (
              <th key={l} scope="col" className="py-0.5 pr-1 pl-1 text-right text-xs">
                <span className="sr-only">workloads at </span>
                <abbr title={l} className="no-underline">
                  {l === "privileged" ? "priv" : l === "baseline" ? "base" : "restr"}
                </abbr>
              </th>
            ))}
            <th scope="col" className="py-0.5 text-right text-xs">
              <abbr title="would be rejected by the enforced level (drift)" className="no-underline">
                drift
              </abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr key={n.namespace} className="border-b border-slate-100 dark:border-slate-800">
              <th scope="row" className="truncate py-0.5 pr-2 font-medium" title={n.namespace}>
                {n.namespace}
              </th>
              <td className="truncate py-0.5 pr-2">
                {n.enforce ? (
                  <LevelBadge level={n.enforce.split(":")[0] ?? ""} />
                ) : (
                  <span className="text-slate-600 dark:text-slate-300">none</span>
                )}
                {n.enforce && !n.enforce.endsWith(":latest") && (
                  <span className="ml-1 text-xs">{n.enforce.split(":")[1]}</span>
                )}
              </td>
              <LevelCells counts={n.counts} known={n.hidden.length === 0} />
              <td
                className={`py-0.5 text-right font-semibold tabular-nums ${n.rejected > 0 ? "text-[#a6361c] dark:text-[#ff8a65]" : ""}`}
              >
                <Count value={n.rejected} known={n.hidden.length === 0} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        {w.unenforced} of {w.namespaces.length} namespaces{totalsKnown ? "" : " you may see"} enforce nothing
        {w.namespaces.length > shownRows && (
          <>
            {" "}
            ·{" "}
            <Link className="underline" href={href()} prefetch={false}>
              {w.namespaces.length - shownRows} more namespaces
            </Link>
          </>
        )}
      </p>
      {w.drifted.length > 0 && (
        <p className="mt-2 text-sm">
          <strong>Drifted:</strong>{" "}
          {w.drifted.map((d, i) => (
            <span key={`${d.kind}/${d.namespace}/${d.name}`}>
              {i > 0 && ", "}
              {d.namespace}/{d.name}
              <span className="text-slate-600 dark:text-slate-300">
                {" "}
                ({d.kind}, {d.policy})
              </span>
            </span>
          ))}
          {w.rejected > w.drifted.length && ` and ${w.rejected - w.drifted.length} more`}
        </p>
      )}
      <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
      <FindingList
        compact
        findings={w.top}
        unknown={[...new Set(w.unknown.map((u) => u.message))]}
        {...(limit !== undefined ? { limit } : {})}
        total={w.findings}
        more={href()}
        selected={selected}
        href={(f) => href({ rule: f.rule })}
      />
    </>
  );
}
