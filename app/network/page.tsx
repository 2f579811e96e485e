import { FindingFix } from "@/components/ui/finding-fix";
import Link from "next/link";
import { ExplanationPanel } from "@/components/network/explanation-panel";
import { PolicyTiersPanel } from "@/components/network/policy-tiers-panel";
import { ConnectionExportButtons, ExportButtons } from "@/components/ui/export-buttons";
import { NetworkExplorer } from "@/components/network/network-explorer";
import { GraphLegend } from "@/components/network/graph-legend";
import { SeverityBadge } from "@/components/ui/severity";
import { CountText } from "@/components/ui/count-figure";
import { AccessGaps, EmptyState, PageHeader, Panel } from "@/components/ui/panel";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { buildNetworkPage, networkQuery } from "@/lib/views/network-page";
import { graphBodyFor, graphHref, graphInlineMaxBytes, inlineGraphJson } from "@/lib/views/network-graph";
import { gapSummary, relevantGaps } from "@/lib/views/known-count";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";

// Network: who can reach whom (docs/semantics.md §1). The page draws what lib/views/network-page.ts builds.

export const dynamic = "force-dynamic";
export const metadata = { title: "Network" };

const EXPORT =
  "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";
const SELECT =
  "rounded border border-slate-400 bg-white px-2 py-1.5 text-base dark:border-slate-500 dark:bg-slate-800";

export default async function NetworkPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = parseQuery(networkQuery, await searchParams);
  const { snapshot, memo } = await getViewerContext();
  const page = memo(`network-page|${JSON.stringify(query)}`, () => buildNetworkPage(snapshot, query));
  const { ns, present, from, to, edge } = query;
  const { view, matrix, coverage, findings, explanation, explainError } = page;
  // A small graph comes with the page; a large one is fetched by the client (lib/views/network-graph.ts). A
  // malformed limit is said above the graph, which is then fetched: the page still draws it.
  let inlineLimit = 0;
  let inlineLimitError: string | undefined;
  try {
    inlineLimit = graphInlineMaxBytes(process.env);
  } catch (err) {
    inlineLimitError = err instanceof Error ? err.message : String(err);
  }
  const inlineGraph = inlineGraphJson(
    graphBodyFor(memo, query, () => page.drawn),
    inlineLimit,
  );
  const nsParam = ns ? `&ns=${encodeURIComponent(ns)}` : "";
  // What the viewer may not read that the graph is drawn from (the gaps' sentences, as the overview says them).
  const hidden = gapSummary(relevantGaps(snapshot.gaps, AREA_RESOURCES.network, ns));
  // Only the internet and cloud metadata (always there) and nothing to connect them to.
  const noWorkload = !view.nodes.some((n) => n.kind === "workload" || n.kind === "group");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Network"
        description={
          <>
            Who may open a connection to whom, from the NetworkPolicies and cluster-tier policies you may see
            {ns ? ` · namespace ${ns}` : ""}. Replies are always allowed; this is about who starts.
          </>
        }
      />
      <AccessGaps gaps={snapshot.gaps} resources={AREA_RESOURCES.network} />

      <form
        method="get"
        action="/network"
        className="flex flex-wrap items-end gap-3"
        aria-label="Graph filters"
        data-no-print
        data-present-hide
      >
        {present && <input type="hidden" name="present" value={present} />}
        <label className="flex flex-col">
          <span className="font-medium">Namespace</span>
          <select name="ns" defaultValue={ns ?? ""} className={SELECT}>
            <option value="">All namespaces</option>
            {page.namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="font-medium">Direction</span>
          <select name="dir" defaultValue={page.direction} className={SELECT}>
            <option value="both">Both</option>
            <option value="ingress">Into the namespace (ingress)</option>
            <option value="egress">Out of the namespace (egress)</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span className="font-medium">Port</span>
          <input
            name="port"
            defaultValue={query.port ?? ""}
            placeholder="TCP/443"
            className={SELECT}
            aria-describedby="port-help"
          />
          <span id="port-help" className="text-sm text-slate-600 dark:text-slate-300">
            PROTOCOL/PORT, e.g. TCP/443
          </span>
        </label>
        <button
          type="submit"
          className="rounded bg-slate-900 px-4 py-2 font-semibold text-white dark:bg-slate-100 dark:text-slate-900"
        >
          Apply
        </button>
        {page.portRejected && (
          <p role="alert" className="text-red-700 dark:text-red-300">
            “{query.port}” is not PROTOCOL/PORT (TCP, UDP or SCTP, 1-65535): the port filter is off.
          </p>
        )}
      </form>

      <div className="flex flex-wrap gap-3 text-lg" role="list" aria-label="Highlights">
        <span role="listitem" className="rounded border-2 border-[#c2410c] px-3 py-1">
          <span aria-hidden="true">⚠ </span>
          <CountText count={page.exposed} /> workload(s) exposed to the internet
        </span>
        <span role="listitem" className="rounded border-2 border-[#c2410c] px-3 py-1">
          <span aria-hidden="true">⚠ </span>
          <CountText count={page.metadataReach} /> workload(s) can reach cloud metadata
        </span>
        {page.upperBound.workloads.length > 0 && (
          <span
            role="listitem"
            className="rounded border-2 border-amber-700 px-3 py-1"
            data-testid="upper-bound-highlight"
          >
            ⚠ Upper bound for {page.upperBound.workloads.length} workload(s):{" "}
            {page.upperBound.policies.length} policy kind(s) Vigil does not evaluate may select them (NET-011)
          </span>
        )}
        <span role="listitem" className="rounded border border-slate-400 px-3 py-1">
          {view.connections.length} connection(s) drawn as {view.edges.length} edge(s)
          {hidden.length > 0 && " among what you may read"}
        </span>
      </div>

      <Panel
        title="Graph"
        actions={
          <ConnectionExportButtons
            {...(ns ? { namespace: ns } : {})}
            direction={page.direction}
            {...(page.port ? { port: `${page.port.protocol}/${page.port.port}` } : {})}
          />
        }
      >
        {inlineLimitError && (
          <p
            role="alert"
            className="mb-3 rounded border-2 border-red-700 p-2"
            data-testid="graph-config-error"
          >
            ✖ {inlineLimitError}: the graph is fetched instead of coming with the page.
          </p>
        )}
        {noWorkload && hidden.length > 0 ? (
          // Nothing drawn because nothing may be read: the graph is unknown, never an empty all-clear.
          <p
            className="rounded border-2 border-dashed border-slate-400 px-3 py-2 text-slate-700 dark:border-slate-500 dark:text-slate-200"
            data-testid="graph-unknown"
          >
            <strong className="italic">Graph unknown</strong>: no workload{ns ? ` in namespace ${ns}` : ""}{" "}
            among what you may read, and {hidden.join("; ")}.
          </p>
        ) : view.nodes.length === 0 ? (
          <EmptyState>No workloads{ns ? ` in namespace ${ns}` : ""}.</EmptyState>
        ) : (
          <NetworkExplorer
            graph={graphHref(query)}
            {...(inlineGraph !== undefined ? { inlineGraph } : {})}
            edgeCount={view.edges.length}
            selectedEdge={page.selectedEdge ?? edge}
            selectedMembers={page.selectedMembers}
            connections={page.connectionsFirst}
            fromMetadata={view.fromMetadata}
          />
        )}
        <GraphLegend />
      </Panel>

      <Panel title="Explanation" id="explanation">
        {explanation ? (
          <ExplanationPanel explanation={explanation} />
        ) : explainError ? (
          <p role="alert">✖ {explainError}</p>
        ) : (
          <EmptyState>
            Select an edge on the graph (or two nodes) to see which policies allow or deny it.
          </EmptyState>
        )}
        <form
          method="get"
          action="/network#explanation"
          className="mt-3 flex flex-wrap items-end gap-3"
          aria-label="Explain a connection"
          data-no-print
        >
          {ns && <input type="hidden" name="ns" value={ns} />}
          <label className="flex flex-col">
            <span className="font-medium">From</span>
            <input name="from" defaultValue={from ?? ""} placeholder="ns/pod or IP" className={SELECT} />
          </label>
          <label className="flex flex-col">
            <span className="font-medium">To</span>
            <input name="to" defaultValue={to ?? ""} placeholder="ns/pod or IP" className={SELECT} />
          </label>
          <label className="flex flex-col">
            <span className="font-medium">Protocol/port</span>
            <input name="at" defaultValue={page.at} className={SELECT} />
          </label>
          <button type="submit" className="rounded border border-slate-500 px-4 py-2 font-semibold">
            Explain
          </button>
        </form>
      </Panel>

      {matrix && (
        <Panel title={`Matrix: namespace ${matrix.namespace}`}>
          {matrix.destinations.length === 0 ? (
            <EmptyState>No workloads in {matrix.namespace}.</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className="text-left" aria-label={`Who may connect to whom in ${matrix.namespace}`}>
                <thead>
                  <tr>
                    <th scope="col" className="p-2">
                      From \ To
                    </th>
                    {matrix.destinations.map((d) => (
                      <th key={d.id} scope="col" className="p-2 font-mono text-sm">
                        {d.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {matrix.sources.map((s, i) => (
                    <tr key={s.id} className="border-t border-slate-200 dark:border-slate-700">
                      <th scope="row" className="p-2 font-mono text-sm">
                        {s.label}
                      </th>
                      {matrix.destinations.map((d, j) => {
                        const cell = matrix.cells[i]?.[j];
                        return (
                          <td key={d.id} className="p-2 text-sm">
                            {cell ? `✔ ${cell}` : <span className="text-slate-500">✖ none</span>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}

      <Panel title="Isolation coverage by namespace">
        <table className="w-full text-left" aria-label="Isolation coverage by namespace">
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-600">
              <th scope="col" className="p-2">
                Namespace
              </th>
              <th scope="col" className="p-2">
                Pods
              </th>
              <th scope="col" className="p-2">
                Ingress isolated
              </th>
              <th scope="col" className="p-2">
                Egress isolated
              </th>
              <th scope="col" className="p-2">
                Policies
              </th>
            </tr>
          </thead>
          <tbody>
            {coverage.map((c) => (
              <tr key={c.namespace} className="border-b border-slate-200 dark:border-slate-700">
                <th scope="row" className="p-2">
                  <Link className="underline" href={c.href}>
                    {c.namespace}
                  </Link>
                </th>
                <td className="p-2 tabular-nums">{c.pods}</td>
                <td className="p-2">
                  {c.ingressIsolated}/{c.pods} {c.defaultDenyIngress ? "✔ default-deny" : "✖ no default-deny"}
                </td>
                <td className="p-2">
                  {c.egressIsolated}/{c.pods} {c.defaultDenyEgress ? "✔ default-deny" : "✖ no default-deny"}
                </td>
                <td className="p-2 tabular-nums">{c.policies}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>

      <Panel
        title={
          page.findingTotal.known
            ? `Findings (${page.findingCount})`
            : `Findings (unknown: ${page.findingCount} visible to you)`
        }
      >
        <div className="mb-3">
          <ExportButtons area="network" {...(ns ? { namespace: ns } : {})} />
        </div>
        {findings.length === 0 ? (
          <EmptyState>
            {page.findingTotal.known
              ? "No network findings."
              : "No network findings among what you may read; what you may not read is unknown."}
          </EmptyState>
        ) : (
          <ol className="space-y-2" aria-label="Network findings">
            {findings.map((f, i) => (
              <li
                key={`${f.rule}-${i}`}
                className="rounded border border-slate-200 p-2 dark:border-slate-700"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <SeverityBadge severity={f.severity} />
                  <span className="font-mono text-xs">{f.rule}</span>
                  <span className="font-semibold">{f.title}</span>
                </div>
                <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{f.message}</p>
                <FindingFix rule={f.rule} remediation={f.remediation} docs={f.docs} />
              </li>
            ))}
          </ol>
        )}
        {page.findingCount > findings.length && (
          <p className="mt-2 text-sm" data-testid="more-findings">
            … and {page.findingCount - findings.length} more: narrow with the namespace filter, or export
            them.
          </p>
        )}
      </Panel>

      <Panel title="Policies in tier order" id="policies">
        <div className="mb-3 flex flex-wrap gap-2" data-no-print>
          <a className={EXPORT} href={`/api/network/policies/export?format=csv${nsParam}`} download>
            Export policies CSV
          </a>
          <a className={EXPORT} href={`/api/network/policies/export?format=json${nsParam}`} download>
            Export policies JSON
          </a>
        </div>
        <PolicyTiersPanel tiers={page.tiers} {...(ns ? { namespace: ns } : {})} />
      </Panel>
    </div>
  );
}
