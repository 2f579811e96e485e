import { FindingFix } from "@/components/ui/finding-fix";
import { ExportButtons } from "@/components/ui/export-buttons";
import { AccessGaps, EmptyState, PageHeader, Panel } from "@/components/ui/panel";
import { SeverityBadge } from "@/components/ui/severity";
import { LevelBadge, NamespaceTable, WorkloadList } from "@/components/workloads/workload-table";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { buildWorkloadsPage, workloadsQuery } from "@/lib/views/build-workloads-page";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { PSS_LEVELS } from "@/lib/workloads/pss-types";

// Workloads: Pod Security per workload as the API server's admission decides it, the namespaces' enforcement
// and what moving them to baseline or restricted would reject, and the hardening findings with their fix.

export const dynamic = "force-dynamic";
export const metadata = { title: "Workloads" };

export default async function WorkloadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = parseQuery(workloadsQuery, await searchParams);
  const { present } = query;
  const ctx = await getViewerContext();
  const view = ctx.memo(`workloads|${JSON.stringify(query)}`, () => buildWorkloadsPage(ctx.snapshot, query));
  const select = "rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800";
  return (
    <div>
      <PageHeader
        title="Workloads"
        description={
          <>
            {query.ns ? `Namespace ${query.ns}` : "Every namespace you may see"} · Pod Security as the
            Kubernetes v1.37 admission decides it
          </>
        }
        actions={<ExportButtons area="workloads" {...(query.ns ? { namespace: query.ns } : {})} />}
      />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.workloads} />
      <div className="mb-4 grid grid-cols-3 gap-3" role="list" aria-label="Workloads by Pod Security level">
        {PSS_LEVELS.map((l) => (
          <div key={l} role="listitem" className="rounded border border-slate-200 p-3 dark:border-slate-700">
            <div className="text-3xl font-bold tabular-nums">{view.counts[l]}</div>
            <LevelBadge level={l} />
          </div>
        ))}
      </div>
      <form
        method="get"
        className="mb-4 flex flex-wrap items-end gap-3"
        data-no-print
        aria-label="Filters"
        data-present-hide
      >
        {query.ns && <input type="hidden" name="ns" value={query.ns} />}
        {present && <input type="hidden" name="present" value={present} />}
        <label className="flex flex-col text-sm">
          Level
          <select name="level" defaultValue={query.level ?? ""} className={select}>
            <option value="">any</option>
            {PSS_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Rule
          <select name="rule" defaultValue={query.rule ?? ""} className={select}>
            <option value="">any</option>
            {view.rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} {r.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white dark:bg-white dark:text-slate-900"
        >
          Apply
        </button>
      </form>
      <Panel title="Namespaces: enforcement and what-if" className="mb-4">
        {view.namespaces.length > 0 ? (
          <NamespaceTable rows={view.namespaces} />
        ) : (
          <EmptyState>No namespace is visible to you.</EmptyState>
        )}
      </Panel>
      <Panel
        title={
          view.findingTotal.known
            ? `Findings (${view.findings.length})`
            : `Findings (unknown: ${view.findings.length} visible to you)`
        }
        className="mb-4"
      >
        {view.findings.length > 0 ? (
          <details open={view.findings.length <= 12}>
            <summary className="cursor-pointer">Show the {view.findings.length} findings</summary>
            <ul className="mt-2 flex flex-col gap-2">
              {view.findings.map((f, i) => (
                <li key={`${f.rule}-${i}`} className="text-base" data-finding-id={`${f.rule}-${i}`}>
                  <div className="flex flex-wrap items-start gap-2">
                    <SeverityBadge severity={f.severity} />
                    <span className="font-semibold">
                      {f.rule} {f.title}:
                    </span>
                    <span>{f.message}</span>
                  </div>
                  <div className="pl-2 text-sm text-slate-700 dark:text-slate-300">
                    {f.object
                      ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ""}${f.object.name}`
                      : ""}
                    {f.container ? ` · container ${f.container}` : ""}
                    {f.field ? ` · ${f.field}` : ""}
                  </div>
                  <FindingFix rule={f.rule} remediation={f.fix} docs={f.docs} />
                </li>
              ))}
            </ul>
          </details>
        ) : (
          <EmptyState>
            No finding{query.rule ? ` for ${query.rule}` : ""}
            {view.findingTotal.known ? "." : " among what you may read; what you may not read is unknown."}
          </EmptyState>
        )}
      </Panel>
      <Panel title={`Workloads (${view.rows.length})`}>
        {view.rows.length > 0 ? (
          <WorkloadList rows={view.rows} />
        ) : (
          <EmptyState>No workload matches.</EmptyState>
        )}
      </Panel>
    </div>
  );
}
