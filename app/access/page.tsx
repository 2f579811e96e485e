import Link from "next/link";
import { AccessGraph } from "@/components/rbac/access-graph";
import { BindingsTable } from "@/components/rbac/bindings-table";
import { GrantChains } from "@/components/rbac/grant-chain";
import { RequestForm } from "@/components/rbac/request-form";
import { FindingList } from "@/components/overview/finding-list";
import { ExportButtons } from "@/components/ui/export-buttons";
import { AccessGaps, PageHeader, Panel } from "@/components/ui/panel";
import { CountText } from "@/components/ui/count-figure";
import { ExpectedDefaultMark, SeverityWord } from "@/components/ui/severity";
import { SEVERITIES } from "@/lib/findings/types";
import { kubernetesIdentity } from "@/lib/sources/access-modes";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { viewerRequestSuggestions } from "@/lib/sources/viewer-request-suggestions";
import { accessQuery, buildAccessPage, myAccessHref } from "@/lib/views/access-page";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { chainOf, subjectHref, subjectLabel, SUBJECT_KINDS } from "@/lib/views/build-access-view";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";

// Access (RBAC): who can do what. The page draws what lib/views/access-page.ts builds.

export const dynamic = "force-dynamic";
export const metadata = { title: "Access (RBAC)" };

const SELECT =
  "rounded border border-slate-400 bg-white px-2 py-1.5 text-base dark:border-slate-500 dark:bg-slate-800";

export default async function AccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = parseQuery(accessQuery, await searchParams);
  const ctx = await getViewerContext();
  // The same for every viewer of this gate; only the link to the viewer's own subject is theirs.
  const page = ctx.memo(`access-page|${JSON.stringify(query)}`, () => buildAccessPage(ctx.snapshot, query));
  const myHref = myAccessHref(kubernetesIdentity(ctx.viewer, process.env));
  const { ns, q, kind, scope, risk } = query;
  const selected = query.finding;
  const hideDefaults = query.defaults;
  const { who, whoResult, whoError, keepExcept, rows, graph } = page;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Access (RBAC)"
        description={
          <>
            Who can do what, answered as the Kubernetes RBAC authorizer answers it, with the binding and role
            behind every grant. Outside RBAC: members of <code>system:masters</code> can do anything, nodes
            are also authorized by the Node authorizer, and managed clusters may add webhook authorizers.
          </>
        }
        actions={
          <>
            <Link className="rounded border border-slate-400 px-3 py-1.5 underline" href={myHref}>
              My access
            </Link>
            <ExportButtons area="rbac" {...(ns ? { namespace: ns } : {})} />
          </>
        }
      />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.rbac} />

      <Panel title="Who can…?" id="who-can">
        <RequestForm
          idPrefix="who"
          action="/access#who-can"
          values={who}
          keep={keepExcept("verb", "resource", "sub", "apiGroup", "wns", "wname")}
          submitLabel="Who can?"
          suggestions={await viewerRequestSuggestions(ctx)}
          names={{
            verb: "verb",
            resource: "resource",
            subresource: "sub",
            apiGroup: "apiGroup",
            namespace: "wns",
            name: "wname",
          }}
        />
        {whoError && (
          <p role="alert" className="mt-3 font-semibold text-[#a6361c] dark:text-[#ff8a65]">
            ✕ {whoError}
          </p>
        )}
        {whoResult && (
          <div className="mt-4" data-testid="who-can-results">
            <h3 className="text-lg font-semibold">
              {whoResult.subjects.length} {whoResult.subjects.length === 1 ? "subject" : "subjects"}
              {page.unknown.length > 0 ? " visible to you" : ""} can{" "}
              <span className="font-mono">
                {who.verb} {who.resource}
                {who.subresource ? `/${who.subresource}` : ""}
              </span>{" "}
              {who.namespace ? `in namespace ${who.namespace}` : "cluster-wide"}
              {who.name ? ` (named ${who.name})` : ""}
            </h3>
            {page.unknown.length > 0 && (
              <p className="mt-1" data-testid="who-can-unknown">
                <strong>Known only in part:</strong> others may hold it through bindings or roles you may not
                read ({page.unknown.join("; ")}).
              </p>
            )}
            <ul className="mt-2 space-y-3">
              {whoResult.subjects.map((s) => (
                <li
                  key={`${s.kind}/${s.namespace ?? ""}/${s.name}`}
                  className="rounded border border-slate-200 p-2 dark:border-slate-700"
                >
                  <Link href={subjectHref(s)} className="text-lg font-semibold underline">
                    {s.kind} {subjectLabel(s)}
                  </Link>
                  <GrantChains chains={s.grants.map(chainOf)} />
                </li>
              ))}
            </ul>
            <ul className="mt-3 list-disc pl-6 text-sm text-slate-600 dark:text-slate-300">
              {whoResult.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        )}
      </Panel>

      <Panel
        title={
          page.counts.findings.known
            ? `Findings (${page.findingCount})`
            : `Findings (unknown: ${page.findingCount} visible to you)`
        }
        id="findings"
      >
        <p className="mb-2 flex flex-wrap gap-x-4 text-sm" data-testid="rbac-counts">
          {SEVERITIES.map((s) => (
            <span key={s}>
              <SeverityWord severity={s} />: <CountText count={page.counts.bySeverity[s]} />
            </span>
          ))}
          <span>
            <ExpectedDefaultMark /> <CountText count={page.counts.expectedDefaults} />
          </span>
        </p>
        <details open={selected !== undefined || page.findingCount <= 8}>
          <summary className="cursor-pointer font-medium">Show the RBAC findings, most severe first</summary>
          <div className="mt-3">
            <FindingList
              findings={page.findings}
              unknown={page.unknown}
              selected={selected}
              href={(f) => page.findingHref(f.id)}
            />
            {page.findingCount > page.findings.length && (
              <p className="mt-2 text-sm">
                … and {page.findingCount - page.findings.length} more: narrow with the namespace picker or the
                filters below, or export them.
              </p>
            )}
          </div>
        </details>
      </Panel>

      <Panel title={`Bindings (${rows.length})`} id="bindings">
        <form
          method="get"
          action="/access#bindings"
          className="mb-4 flex flex-wrap items-end gap-3"
          aria-label="Filter bindings"
          data-present-hide
        >
          {Object.entries(keepExcept("q", "kind", "scope", "risk", "defaults", "rows")).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <div>
            <label htmlFor="f-q" className="block text-sm font-medium">
              Search
            </label>
            <input
              id="f-q"
              name="q"
              defaultValue={q ?? ""}
              placeholder="subject, role, rule ID…"
              className={`${SELECT} w-64`}
            />
          </div>
          <div>
            <label htmlFor="f-kind" className="block text-sm font-medium">
              Subject kind
            </label>
            <select id="f-kind" name="kind" defaultValue={kind ?? ""} className={SELECT}>
              <option value="">any</option>
              {SUBJECT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-scope" className="block text-sm font-medium">
              Scope
            </label>
            <select id="f-scope" name="scope" defaultValue={scope ?? ""} className={SELECT}>
              <option value="">any</option>
              <option value="cluster">cluster-wide (ClusterRoleBinding)</option>
              <option value="namespace">one namespace (RoleBinding)</option>
            </select>
          </div>
          <div>
            <label htmlFor="f-risk" className="block text-sm font-medium">
              Risk
            </label>
            <select id="f-risk" name="risk" defaultValue={risk ?? ""} className={SELECT}>
              <option value="">any or none</option>
              <option value="any">with a risk</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s} or worse
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-defaults" className="block text-sm font-medium">
              Kubernetes defaults
            </label>
            <select
              id="f-defaults"
              name="defaults"
              defaultValue={hideDefaults ? "hide" : ""}
              className={SELECT}
            >
              <option value="">show (labelled)</option>
              <option value="hide">hide</option>
            </select>
          </div>
          <button
            type="submit"
            className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-blue-400"
          >
            Apply
          </button>
          <Link href={page.resetHref} className="py-2 underline">
            Reset
          </Link>
        </form>
        {ctx.snapshot.bindings.length === 0 &&
        ctx.snapshot.gaps.some((g) => (AREA_RESOURCES.rbac as readonly string[]).includes(g.resource)) ? (
          <p>The bindings are not visible to you, so who holds what cannot be shown here.</p>
        ) : (
          <BindingsTable
            rows={page.shownRows}
            total={rows.length}
            sort={page.sort}
            sortHref={page.sortHref}
            selectedFinding={selected}
          />
        )}
        {!query.rows && rows.length > page.pageRows && (
          <nav
            className="mt-3 flex flex-wrap gap-x-4"
            aria-label="Pages of bindings"
            data-testid="binding-pages"
          >
            <span>
              Rows {page.start + 1}-{page.start + page.shownRows.length} of {rows.length}.
            </span>
            {page.previousHref && (
              <Link href={page.previousHref} className="underline">
                ← Previous {page.pageRows}
              </Link>
            )}
            {page.nextHref && (
              <Link href={page.nextHref} className="underline">
                Next {Math.min(page.pageRows, rows.length - page.start - page.pageRows)} →
              </Link>
            )}
            <Link href={page.showAllHref} className="underline">
              Show all {rows.length}
            </Link>
          </nav>
        )}
      </Panel>

      <Panel title="Subjects, bindings and roles" id="graph">
        <AccessGraph nodes={graph.nodes} edges={graph.edges} truncated={graph.truncated} />
      </Panel>
    </div>
  );
}
