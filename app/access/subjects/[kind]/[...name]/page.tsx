import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmWithCluster } from "@/components/rbac/confirm-with-cluster";
import { DecisionBadge } from "@/components/rbac/decision-badge";
import { GrantChains } from "@/components/rbac/grant-chain";
import { PermissionMatrix } from "@/components/rbac/permission-matrix";
import { DefaultLabel, RiskBadges } from "@/components/rbac/risk-badges";
import { RequestForm } from "@/components/rbac/request-form";
import { FindingList } from "@/components/overview/finding-list";
import { YamlLink } from "@/components/ui/yaml-link";
import { AccessGaps, PageHeader, Panel } from "@/components/ui/panel";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { viewerRequestSuggestions } from "@/lib/sources/viewer-request-suggestions";
import { chainOf, refLabel, subjectHref, subjectLabel } from "@/lib/views/build-access-view";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { buildSubjectPage, parseSubjectPath, subjectQuery } from "@/lib/views/subject-page";

// One subject (a user, a group or a service account): every binding that applies to it, directly and through its
// groups; its effective permissions per scope with the grant chain of each; its findings; and a check of one
// request, which in the live modes can be confirmed by the API server itself (lib/views/subject-page.ts).

export const dynamic = "force-dynamic";

type Params = Promise<{ kind: string; name: string[] }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { kind, name } = await params;
  const subject = parseSubjectPath(kind, name);
  return { title: subject ? `${subject.kind} ${subjectLabel(subject)}` : "Subject" };
}

export default async function SubjectPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}) {
  const { kind, name } = await params;
  const subject = parseSubjectPath(kind, name);
  if (!subject) notFound();
  const query = parseQuery(subjectQuery, await searchParams);
  const ctx = await getViewerContext();
  const page = buildSubjectPage(ctx.snapshot, subject, query);
  const { view, partial, matrix, keep, extraGroups, check, result, checkError } = page;
  const ns = query.ns;

  return (
    <div className="space-y-6">
      <p>
        <Link href={page.accessHref} className="underline">
          ← Access
        </Link>
      </p>
      <PageHeader
        title={`${subject.kind} ${subjectLabel(subject)}`}
        description={
          subject.kind === "Group" ? (
            <>
              Every binding to this group, and what its members can do through them (members may hold more
              through other bindings).
            </>
          ) : (
            <>
              Every binding that applies, directly or through the groups{" "}
              {view.groups.length > 0
                ? view.groups.map((g, i) => (
                    <span key={g}>
                      {i > 0 && ", "}
                      <Link className="underline" href={subjectHref({ kind: "Group", name: g })}>
                        {g}
                      </Link>
                    </span>
                  ))
                : "(none bound)"}
              . The API server adds system:authenticated
              {subject.kind === "ServiceAccount"
                ? ", system:serviceaccounts and system:serviceaccounts:" + (subject.namespace ?? "")
                : ""}{" "}
              on its own.
            </>
          )
        }
      />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.rbac} />

      {partial && (
        <p className="rounded border border-dashed border-slate-500 p-2" data-testid="subject-unknown">
          <strong>Known only in part:</strong> bindings, permissions and findings you may not read are missing
          below ({view.unknown.join("; ")}).
        </p>
      )}
      <Panel
        title={
          partial
            ? `Findings (unknown: ${view.findings.length} visible to you)`
            : `Findings (${view.findings.length})`
        }
      >
        <FindingList findings={page.findings} href={(f) => page.findingHref(f.id)} unknown={view.unknown} />
      </Panel>

      <Panel
        title={
          partial
            ? `Bindings (unknown: ${view.bindings.length} visible to you)`
            : `Bindings (${view.bindings.length})`
        }
      >
        {view.bindings.length === 0 ? (
          <p>
            {partial
              ? "No binding visible to you applies to this subject; others may."
              : "No binding applies to this subject."}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-base" aria-label="Bindings of this subject">
              <thead className="border-b-2 border-slate-300 dark:border-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-2 text-left">
                    Through
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Binding
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Role
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Scope
                  </th>
                  <th scope="col" className="px-2 py-2 text-left">
                    Risks
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.bindings.map((b) => (
                  <tr
                    key={`${b.binding.kind}/${refLabel(b.binding)}/${b.via.kind}/${b.via.name}`}
                    className="border-b border-slate-200 align-top dark:border-slate-700"
                  >
                    <td className="px-2 py-2">
                      {b.direct ? (
                        "directly"
                      ) : (
                        <Link href={b.viaHref} className="underline">
                          {b.via.kind} {subjectLabel(b.via)}
                        </Link>
                      )}
                    </td>
                    <td className="px-2 py-2">
                      <YamlLink object={b.binding} className="underline">
                        {b.binding.kind} <span className="font-mono text-sm">{refLabel(b.binding)}</span>
                      </YamlLink>{" "}
                      {b.expectedDefault && <DefaultLabel />}
                    </td>
                    <td className="px-2 py-2">
                      <Link href={b.roleHref} className="underline">
                        {b.role.kind} <span className="font-mono text-sm">{refLabel(b.role)}</span>
                      </Link>
                      {b.roleMissing && (
                        <strong className="ml-1">
                          {partial ? "(not visible to you: grants unknown)" : "(missing: grants nothing)"}
                        </strong>
                      )}
                    </td>
                    <td className="px-2 py-2">
                      {b.scope === "cluster" ? "cluster-wide" : `namespace ${b.scope}`}
                    </td>
                    <td className="px-2 py-2">
                      <RiskBadges risks={b.risks} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <Panel title="Can this subject…?" id="check">
        <RequestForm
          idPrefix="check"
          action={`${subjectHref(subject)}#check`}
          values={check}
          keep={{ ...keep, ...(extraGroups.length > 0 ? { group: extraGroups } : {}) }}
          submitLabel="Check"
          suggestions={await viewerRequestSuggestions(ctx)}
          names={{
            verb: "verb",
            resource: "resource",
            subresource: "sub",
            apiGroup: "apiGroup",
            namespace: "cns",
            name: "cname",
          }}
        />
        {checkError && (
          <p role="alert" className="mt-3 font-semibold text-[#a6361c] dark:text-[#ff8a65]">
            ✕ {checkError}
          </p>
        )}
        {result && (
          <div className="mt-4 space-y-3" data-testid="check-result">
            <p className="text-lg">
              Vigil&apos;s answer: <DecisionBadge decision={result.decision} />
              {result.reason && <span className="ml-2">{result.reason}</span>}
            </p>
            {result.grants.length > 0 && <GrantChains chains={result.grants.map(chainOf)} />}
            {ctx.mode !== "snapshot" && page.confirmQuery && <ConfirmWithCluster query={page.confirmQuery} />}
          </div>
        )}
      </Panel>

      <Panel title="Effective permissions">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
          Per scope: what every applicable binding grants. A RoleBinding grants only its namespace&apos;s
          objects, so cluster-scoped kinds and URLs of its role are left out. Open a ✓ to see the chain behind
          it.
          {ns && ` Showing cluster-wide grants and namespace ${ns}.`}
        </p>
        {partial && matrix.length === 0 ? (
          <p>
            Unknown: no permission is visible to you, and the bindings and roles you may not read may grant
            some.
          </p>
        ) : (
          <PermissionMatrix verbs={view.verbs} rows={matrix} />
        )}
      </Panel>
    </div>
  );
}
