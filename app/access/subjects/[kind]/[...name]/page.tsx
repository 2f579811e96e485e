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
import { all, hrefWith, one, segment, type Search } from "@/app/access/search-params";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { viewerRequestSuggestions } from "@/lib/sources/viewer-request-suggestions";
import { publicMessageOf } from "@/lib/errors";
import { ruleInfo } from "@/lib/findings/catalogue";
import type { SubjectRef } from "@/lib/findings/types";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { chainOf, refLabel, subjectHref, subjectLabel, SUBJECT_KINDS } from "@/lib/views/build-access-view";
import { buildSubjectView } from "@/lib/views/build-subject-view";
import { can } from "@/lib/rbac/can";
import { parseAccessRequest } from "@/lib/rbac/parse-access-request";
import { subjectIdentity } from "@/lib/rbac/subject-identity";
import type { CanResult } from "@/lib/rbac/types";

// One subject (a user, a group or a service account): every binding that applies to it, directly and through its
// groups; its effective permissions per scope with the grant chain of each; its findings; and a check of one
// request, which in the live modes can be confirmed by the API server itself.

export const dynamic = "force-dynamic";

type Params = Promise<{ kind: string; name: string[] }>;

function parseSubject(kind: string, name: readonly string[]): SubjectRef | undefined {
  if (!(SUBJECT_KINDS as readonly string[]).includes(kind)) return undefined;
  const parts = name.map(segment);
  if (kind === "ServiceAccount") {
    const [namespace, ...rest] = parts;
    if (!namespace || rest.length === 0) return undefined;
    return { kind, namespace, name: rest.join("/") };
  }
  if (parts.length === 0) return undefined;
  return { kind: kind as "User" | "Group", name: parts.join("/") };
}

export async function generateMetadata({ params }: { params: Params }) {
  const { kind, name } = await params;
  const subject = parseSubject(kind, name);
  return { title: subject ? `${subject.kind} ${subjectLabel(subject)}` : "Subject" };
}

export default async function SubjectPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const { kind, name } = await params;
  const subject = parseSubject(kind, name);
  if (!subject) notFound();
  const search = await searchParams;
  const ns = one(search["ns"]);
  const present = one(search["present"]);
  const extraGroups = subject.kind === "Group" ? [] : all(search["group"]);
  const check = {
    verb: one(search["verb"]),
    resource: one(search["resource"]),
    subresource: one(search["sub"]),
    apiGroup: one(search["apiGroup"]),
    namespace: one(search["cns"]),
    name: one(search["cname"]),
  };

  const ctx = await getViewerContext();
  const { index, findings } = ctx.memo("rbac", () => analyzeRbac(ctx.snapshot));
  const view = buildSubjectView(index, findings, subject, extraGroups, ctx.snapshot.gaps);
  const partial = view.unknown.length > 0;
  const matrix = ns ? view.matrix.filter((r) => r.scope === "cluster" || r.scope === ns) : view.matrix;

  let result: CanResult | undefined;
  let checkError: string | undefined;
  let confirmQuery: string | undefined;
  if (check.verb || check.resource) {
    try {
      const request = parseAccessRequest(check);
      result = can(index, subjectIdentity(subject, extraGroups), request);
      const q = new URLSearchParams({
        kind: subject.kind,
        name: subject.name,
        verb: request.verb,
        apiGroup: request.apiGroup,
        resource: request.resource ?? "",
      });
      if (subject.namespace) q.set("saNamespace", subject.namespace);
      for (const g of extraGroups) q.append("group", g);
      if (request.subresource) q.set("subresource", request.subresource);
      if (request.namespace) q.set("namespace", request.namespace);
      if (request.name) q.set("objectName", request.name);
      confirmQuery = q.toString();
    } catch (err) {
      checkError = publicMessageOf(err);
    }
  }
  const keep: Record<string, string> = Object.fromEntries(
    Object.entries({ ns, present }).filter((e): e is [string, string] => e[1] !== undefined),
  );

  return (
    <div className="space-y-6">
      <p>
        <Link href={hrefWith("/access", keep)} className="underline">
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
        <FindingList
          findings={view.findings.map((f) => ({
            id: f.findingId,
            rule: f.rule,
            title: f.title,
            severity: f.severity,
            message: f.message,
            expectedDefault: f.expectedDefault,
            remediation: ruleInfo(f.rule).remediation,
            docs: ruleInfo(f.rule).docs,
          }))}
          href={(f) => hrefWith("/access", { ...keep, finding: f.id }) + "#bindings"}
          unknown={view.unknown}
        />
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
            {ctx.mode !== "snapshot" && confirmQuery && <ConfirmWithCluster query={confirmQuery} />}
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
