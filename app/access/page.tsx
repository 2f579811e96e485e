import Link from "next/link";
import { AccessGraph } from "@/components/rbac/access-graph";
import { BindingsTable } from "@/components/rbac/bindings-table";
import { GrantChains } from "@/components/rbac/grant-chain";
import { RequestForm } from "@/components/rbac/request-form";
import { FindingList } from "@/components/overview/finding-list";
import { ExportButtons } from "@/components/ui/export-buttons";
import { AccessGaps, PageHeader, Panel } from "@/components/ui/panel";
import { hrefWith, one, RBAC_RESOURCES, type Search } from "@/app/access/search-params";
import { kubernetesIdentity } from "@/lib/sources/access-modes";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { publicMessageOf } from "@/lib/errors";
import { ruleInfo } from "@/lib/findings/catalogue";
import { filterByNamespace, findingId as findingIdOf } from "@/lib/findings/finding-namespace";
import { SEVERITIES, type Severity } from "@/lib/findings/types";
import { analyseRbac } from "@/lib/rbac/analyse-rbac";
import {
  buildAccessGraph,
  buildBindingRows,
  chainOf,
  filterBindingRows,
  subjectHref,
  subjectLabel,
  SUBJECT_KINDS,
  type BindingFilter,
  type SubjectKind,
} from "@/lib/views/build-access-view";
import { parseAccessRequest } from "@/lib/rbac/parse-access-request";
import { whoCan, type WhoCanResult } from "@/lib/rbac/who-can";

// Access (RBAC): who can do what. The bindings table (filter, search, sort; all state in the URL), the who-can
// box, the RBAC findings and the subject -> binding -> role graph, over the snapshot the viewer may see.

export const dynamic = "force-dynamic";
export const metadata = { title: "Access (RBAC)" };

const SORTS = ["risk", "subject", "binding", "role", "scope"] as const;
const PAGE = 200;

const SELECT =
  "rounded border border-slate-400 bg-white px-2 py-1.5 text-base dark:border-slate-500 dark:bg-slate-800";

export default async function AccessPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const ns = one(params["ns"]);
  const present = one(params["present"]);
  const selected = one(params["finding"]);
  const kindParam = one(params["kind"]);
  const kind = (SUBJECT_KINDS as readonly string[]).includes(kindParam ?? "")
    ? (kindParam as SubjectKind)
    : undefined;
  const scopeParam = one(params["scope"]);
  const scope = scopeParam === "cluster" || scopeParam === "namespace" ? scopeParam : undefined;
  const riskParam = one(params["risk"]);
  const risk =
    riskParam === "any" || (SEVERITIES as readonly string[]).includes(riskParam ?? "")
      ? (riskParam as Severity | "any")
      : undefined;
  const sortParam = one(params["sort"]);
  const sort = (SORTS as readonly string[]).includes(sortParam ?? "")
    ? (sortParam as NonNullable<BindingFilter["sort"]>)
    : "risk";
  const q = one(params["q"]);
  const hideDefaults = one(params["defaults"]) === "hide";
  const showAll = one(params["rows"]) === "all";
  const who = {
    verb: one(params["verb"]),
    resource: one(params["resource"]),
    subresource: one(params["sub"]),
    apiGroup: one(params["apiGroup"]),
    namespace: one(params["wns"]),
    name: one(params["wname"]),
  };

  const ctx = await getViewerContext();
  const { index, findings } = ctx.memo("rbac", () => analyseRbac(ctx.snapshot));
  const state: Record<string, string | undefined> = {
    ns,
    present,
    q,
    kind,
    scope,
    risk,
    sort: sort === "risk" ? undefined : sort,
    defaults: hideDefaults ? "hide" : undefined,
    rows: showAll ? "all" : undefined,
    verb: who.verb,
    resource: who.resource,
    sub: who.subresource,
    apiGroup: who.apiGroup,
    wns: who.namespace,
    wname: who.name,
  };
  const keepExcept = (...drop: string[]) =>
    Object.fromEntries(
      Object.entries(state).filter((e): e is [string, string] => e[1] !== undefined && !drop.includes(e[0])),
    );

  const rowFilter: BindingFilter = {
    ...(q ? { q } : {}),
    ...(kind ? { kind } : {}),
    ...(scope ? { scope } : {}),
    ...(risk ? { risk } : {}),
    ...(ns ? { ns } : {}),
    hideDefaults,
    sort,
  };
  const allRows = ctx.memo("rbac-rows", () => buildBindingRows(index, findings));
  const rows = ctx.memo(`rbac-rows|${JSON.stringify(rowFilter)}`, () =>
    filterBindingRows(allRows, rowFilter),
  );
  const shownRows = showAll ? rows : rows.slice(0, PAGE);
  const graph = ctx.memo(`rbac-graph|${JSON.stringify(rowFilter)}`, () => buildAccessGraph(rows));
  const areaFindings = filterByNamespace(findings, ns);

  let whoResult: WhoCanResult | undefined;
  let whoError: string | undefined;
  if (who.verb || who.resource) {
    try {
      whoResult = whoCan(index, parseAccessRequest(who));
    } catch (err) {
      whoError = publicMessageOf(err);
    }
  }

  // The viewer as the API server sees them: with the username and group prefixes of its authentication config.
  const me = kubernetesIdentity(ctx.viewer, process.env);
  const myHref = subjectHref({ kind: "User", name: me.name });
  const myGroups = me.groups.map((g) => `group=${encodeURIComponent(g)}`).join("&");
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
            <Link
              className="rounded border border-slate-400 px-3 py-1.5 underline"
              href={`${myHref}${myGroups ? `?${myGroups}` : ""}`}
            >
              My access
            </Link>
            <ExportButtons area="rbac" {...(ns ? { namespace: ns } : {})} />
          </>
        }
      />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={RBAC_RESOURCES} />

      <Panel title="Who can…?" id="who-can">
        <RequestForm
          idPrefix="who"
          action="/access#who-can"
          values={who}
          keep={keepExcept("verb", "resource", "sub", "apiGroup", "wns", "wname")}
          submitLabel="Who can?"
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
              {whoResult.subjects.length} {whoResult.subjects.length === 1 ? "subject" : "subjects"} can{" "}
              <span className="font-mono">
                {who.verb} {who.resource}
                {who.subresource ? `/${who.subresource}` : ""}
              </span>{" "}
              {who.namespace ? `in namespace ${who.namespace}` : "cluster-wide"}
              {who.name ? ` (named ${who.name})` : ""}
            </h3>
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

      <Panel title={`Findings (${areaFindings.length})`} id="findings">
        <details open={selected !== undefined || areaFindings.length <= 8}>
          <summary className="cursor-pointer font-medium">Show the RBAC findings, most severe first</summary>
          <div className="mt-3">
            <FindingList
              findings={areaFindings.slice(0, 100).map((f) => ({
                id: findingIdOf(f),
                rule: f.rule,
                title: ruleInfo(f.rule).title,
                severity: f.severity,
                message: f.message,
                expectedDefault: f.expectedDefault ?? false,
              }))}
              selected={selected}
              href={(f) => hrefWith("/access", { ...keepExcept("finding"), finding: f.id }) + "#findings"}
            />
            {areaFindings.length > 100 && (
              <p className="mt-2 text-sm">
                … and {areaFindings.length - 100} more: narrow with the namespace picker or the filters below,
                or export them.
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
          <Link href={hrefWith("/access", { ns, present })} className="py-2 underline">
            Reset
          </Link>
        </form>
        {ctx.snapshot.bindings.length === 0 &&
        ctx.snapshot.gaps.some((g) => RBAC_RESOURCES.includes(g.resource)) ? (
          <p>The bindings are not visible to you, so who holds what cannot be shown here.</p>
        ) : (
          <BindingsTable
            rows={shownRows}
            total={rows.length}
            sort={sort}
            sortHref={(s) =>
              hrefWith("/access", { ...keepExcept("sort"), sort: s === "risk" ? undefined : s }) + "#bindings"
            }
            selectedFinding={selected}
          />
        )}
        {!showAll && rows.length > PAGE && (
          <p className="mt-3">
            {PAGE} of {rows.length} rows shown.{" "}
            <Link
              href={hrefWith("/access", { ...keepExcept("rows"), rows: "all" }) + "#bindings"}
              className="underline"
            >
              Show all {rows.length}
            </Link>
          </p>
        )}
      </Panel>

      <Panel title="Subjects, bindings and roles" id="graph">
        <AccessGraph nodes={graph.nodes} edges={graph.edges} truncated={graph.truncated} />
      </Panel>
    </div>
  );
}
