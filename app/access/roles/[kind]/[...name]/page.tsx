import Link from "next/link";
import { notFound } from "next/navigation";
import { DefaultLabel, RiskBadges } from "@/components/rbac/risk-badges";
import { YamlLink } from "@/components/ui/yaml-link";
import { AccessGaps, PageHeader, Panel } from "@/components/ui/panel";
import { AccessContact } from "@/components/ui/count-figure";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { refLabel, subjectLabel } from "@/lib/views/build-access-view";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { buildRolePage, parseRolePath, roleQuery } from "@/lib/views/role-page";

// One Role or ClusterRole: its effective rules (for an aggregated ClusterRole, the aggregated ones with the
// ClusterRole each came from, docs/semantics.md §2), the ClusterRoles it feeds, and who holds it through which
// binding (lib/views/role-page.ts).

export const dynamic = "force-dynamic";

type Params = Promise<{ kind: string; name: string[] }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { kind, name } = await params;
  const ref = parseRolePath(kind, name);
  return { title: ref ? `${ref.kind} ${refLabel(ref)}` : "Role" };
}

export default async function RolePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}) {
  const { kind, name } = await params;
  const ref = parseRolePath(kind, name);
  if (!ref) notFound();
  const query = parseQuery(roleQuery, await searchParams);
  const ctx = await getViewerContext();
  const { view, accessHref } = buildRolePage(ctx.snapshot, ref, query);

  return (
    <div className="space-y-6">
      <p>
        <Link href={accessHref} className="underline">
          ← Access
        </Link>
      </p>
      <PageHeader
        title={`${ref.kind} ${refLabel(ref)}`}
        description={
          <>
            {view.exists
              ? view.aggregated
                ? "An aggregated ClusterRole: its rules are gathered from other ClusterRoles."
                : "Its rules, and who holds them."
              : view.rulesUnknown.length > 0
                ? "This role is not visible to you: what it grants is unknown."
                : "This role does not exist: bindings to it grant nothing."}{" "}
            {view.expectedDefault && <DefaultLabel />}
          </>
        }
        actions={
          view.exists ? (
            <YamlLink object={ref} className="rounded border border-slate-400 px-3 py-1.5 underline">
              View YAML
            </YamlLink>
          ) : undefined
        }
      />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.rbac} />

      <Panel title={view.rulesUnknown.length > 0 ? "Rules (unknown)" : `Rules (${view.rules.length})`}>
        {view.rulesUnknown.length > 0 && (
          <p className="mb-3" data-testid="rules-unknown">
            <strong>Unknown:</strong> {view.rulesUnknown.join("; ")}. <AccessContact />
          </p>
        )}
        {view.aggregated && (
          <p className="mb-3">
            Aggregates every ClusterRole matching any of:{" "}
            {view.selectors.map((s, i) => (
              <span key={i}>
                {i > 0 && " or "}
                <code>{s}</code>
              </span>
            ))}
            .
          </p>
        )}
        {view.rules.length === 0 ? (
          view.rulesUnknown.length === 0 && <p>No rule: this role grants nothing.</p>
        ) : (
          <ol className="list-decimal space-y-1 pl-6 text-base">
            {view.rules.map((r, i) => (
              <li key={i}>
                {r.text}
                {r.aggregatedFrom && r.aggregatedFromHref && (
                  <span className="text-slate-600 dark:text-slate-300">
                    {" "}
                    — from{" "}
                    <Link href={r.aggregatedFromHref} className="underline">
                      ClusterRole {r.aggregatedFrom.name}
                    </Link>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
        {view.ignoredRules.length > 0 && (
          <details className="mt-3">
            <summary className="cursor-pointer">
              {view.ignoredRules.length} rules written on it are ignored (the aggregation replaces them)
            </summary>
            <ul className="mt-1 list-disc pl-6">
              {view.ignoredRules.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </details>
        )}
        {view.aggregatedInto.length > 0 && (
          <p className="mt-3">
            Its rules are also aggregated into:{" "}
            {view.aggregatedInto.map((a, i) => (
              <span key={a.href}>
                {i > 0 && ", "}
                <Link href={a.href} className="underline">
                  {a.role.kind} {a.role.name}
                </Link>
              </span>
            ))}
          </p>
        )}
      </Panel>

      <Panel
        title={
          view.holdersUnknown.length > 0
            ? `Who holds it (unknown: ${view.holders.length} bindings visible to you)`
            : `Who holds it (${view.holders.length} bindings)`
        }
      >
        {view.holdersUnknown.length > 0 && (
          <p className="mb-3" data-testid="holders-unknown">
            <strong>Unknown:</strong> other bindings may refer to it: {view.holdersUnknown.join("; ")}.
          </p>
        )}
        {view.holders.length === 0 ? (
          view.holdersUnknown.length === 0 && <p>No binding refers to this role.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-base" aria-label="Bindings to this role">
              <thead className="border-b-2 border-slate-300 dark:border-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-2 text-left">
                    Binding
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Scope
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Subjects
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Risks
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.holders.map((h) => (
                  <tr
                    key={`${h.binding.kind}/${refLabel(h.binding)}`}
                    className="border-b border-slate-200 align-top dark:border-slate-700"
                  >
                    <td className="px-2 py-2">
                      {h.binding.kind} <span className="font-mono text-sm">{refLabel(h.binding)}</span>
                    </td>
                    <td className="px-2 py-2">
                      {h.scope === "cluster" ? "cluster-wide" : `namespace ${h.scope}`}
                    </td>
                    <td className="px-2 py-2">
                      <ul>
                        {h.subjects.map((s) => (
                          <li key={s.href}>
                            <Link href={s.href} className="underline">
                              {s.subject.kind} {subjectLabel(s.subject)}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="px-2 py-2">
                      <RiskBadges risks={h.risks} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
