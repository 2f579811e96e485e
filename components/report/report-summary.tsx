import { ExpiryStrip } from "@/components/overview/expiry-strip";
import { MiniGraph } from "@/components/overview/mini-graph";
import { RiskBars } from "@/components/overview/risk-bars";
import { SEVERITIES, type Severity } from "@/lib/findings/types";
import type { AccessGap } from "@/lib/model/types";
import type { OverviewModel } from "@/lib/views/build-overview";
import { gapSummary } from "@/lib/views/known-count";

// The review report's first page: a table of every area's findings by severity and of what the author could
// not see there, then the overview's three pictures (risk bars, reachability, expiry), as they are on screen.

interface SummaryRow {
  /** The section's anchor (#access, #network...). */
  id: string;
  label: string;
  findings: readonly { severity: Severity }[];
  /** The resources the area reads; undefined: every resource (attack paths join all the areas). */
  resources?: readonly string[];
}

function gapsOf(gaps: readonly AccessGap[], resources: readonly string[] | undefined): string[] {
  return [...new Set(gaps.map((g) => g.resource).filter((r) => !resources || resources.includes(r)))].sort();
}

export function ReportSummary({ rows, gaps }: { rows: readonly SummaryRow[]; gaps: readonly AccessGap[] }) {
  return (
    <section aria-labelledby="summary" className="mt-6 break-inside-avoid">
      <h2 id="summary" className="border-b-2 border-slate-900 pb-1 text-2xl font-bold dark:border-slate-100">
        Summary
      </h2>
      <table className="mt-3 w-full border-collapse text-sm" data-testid="report-summary">
        <caption className="sr-only">
          Findings by area and severity, and what the author could not see
        </caption>
        <thead>
          <tr className="border-b border-slate-400 text-left">
            <th scope="col" className="py-1 pr-2">
              Area
            </th>
            {SEVERITIES.map((s) => (
              <th key={s} scope="col" className="py-1 pr-2 text-right">
                {s}
              </th>
            ))}
            <th scope="col" className="py-1 pr-2 text-right">
              total
            </th>
            <th scope="col" className="py-1">
              Not visible to the author (gaps)
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const missing = gapsOf(gaps, r.resources);
            return (
              <tr key={r.id} className="border-b border-slate-200 align-top dark:border-slate-700">
                <th scope="row" className="py-1 pr-2 text-left font-medium">
                  <a href={`#${r.id}`} className="underline">
                    {r.label}
                  </a>
                </th>
                {SEVERITIES.map((s) => (
                  <td key={s} className="py-1 pr-2 text-right tabular-nums">
                    {r.findings.filter((f) => f.severity === s).length}
                  </td>
                ))}
                <td className="py-1 pr-2 text-right font-semibold tabular-nums">{r.findings.length}</td>
                <td className="py-1 text-xs">
                  {missing.length === 0 ? "none" : `${missing.join(", ")}: counts leave them out`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The overview's pictures, side by side on screen and on paper. */
export function ReportPictures({ overview }: { overview: OverviewModel }) {
  return (
    <section aria-labelledby="at-a-glance" className="mt-6">
      <h2
        id="at-a-glance"
        className="border-b-2 border-slate-900 pb-1 text-2xl font-bold dark:border-slate-100"
      >
        At a glance
      </h2>
      {/* Two columns on screen and on paper, so that the summary and the pictures share the first page. */}
      <div className="mt-3 grid grid-cols-1 gap-6 sm:grid-cols-2 print:grid-cols-2">
        <div className="min-w-0">
          <div className="break-inside-avoid">
            <h3 className="mb-1 font-semibold">Risky grants by rule</h3>
            <RiskBars bars={overview.rbac.bars} unknown={gapSummary(overview.rbac.gaps)} />
          </div>
          <div className="mt-4 break-inside-avoid">
            <h3 className="mb-1 font-semibold">Certificate expiry</h3>
            <ExpiryStrip timeline={overview.certificates.timeline} />
          </div>
        </div>
        <div className="min-w-0 break-inside-avoid">
          <h3 className="mb-1 font-semibold">Who can reach whom</h3>
          <MiniGraph graph={overview.network.mini} unknown={gapSummary(overview.network.gaps)} />
        </div>
      </div>
    </section>
  );
}
