import { z } from "zod";
import { publicMessageOf } from "@/lib/errors";
import { ruleInfo } from "@/lib/findings/catalogue";
import type { SubjectRef } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { can } from "@/lib/rbac/can";
import { parseAccessRequest, type AccessRequestInput } from "@/lib/rbac/parse-access-request";
import { subjectIdentity } from "@/lib/rbac/subject-identity";
import type { CanResult } from "@/lib/rbac/types";
import { SUBJECT_KINDS } from "@/lib/views/build-access-view";
import { buildSubjectView, type MatrixRow } from "@/lib/views/build-subject-view";
import type { FindingView } from "@/lib/views/finding-view";
import { hrefWith, pathSegment, text, texts } from "@/lib/views/page-query";

// The page of one subject (a user, a group or a service account, docs/semantics.md §2): its bindings, its
// findings, its effective permissions (optionally one namespace's) and the check of one request, with the query
// that asks the API server to confirm Vigil's answer.

export const subjectQuery = z.object({
  ns: text,
  present: text,
  /** Groups the viewer adds to a User or ServiceAccount (`?group=a&group=b`); a Group has none. */
  group: texts,
  // The request to check.
  verb: text,
  resource: text,
  sub: text,
  apiGroup: text,
  cns: text,
  cname: text,
});
type SubjectQuery = z.output<typeof subjectQuery>;

/** The subject a `/access/subjects/<kind>/<name...>` path names, or undefined for a path that names none. */
export function parseSubjectPath(kind: string, name: readonly string[]): SubjectRef | undefined {
  if (!(SUBJECT_KINDS as readonly string[]).includes(kind)) return undefined;
  const parts = name.map(pathSegment);
  if (kind === "ServiceAccount") {
    const [namespace, ...rest] = parts;
    if (!namespace || rest.length === 0) return undefined;
    return { kind, namespace, name: rest.join("/") };
  }
  if (parts.length === 0) return undefined;
  return { kind: kind as "User" | "Group", name: parts.join("/") };
}

export interface SubjectPage {
  view: ReturnType<typeof buildSubjectView>;
  /** Some bindings or roles are not visible to the viewer: counts are lower bounds, "none" is never said. */
  partial: boolean;
  /** The permission rows shown: cluster-wide and, with `?ns=`, that namespace's only. */
  matrix: MatrixRow[];
  findings: FindingView[];
  extraGroups: string[];
  /** The request as the form shows it, in the form's own field names. */
  check: AccessRequestInput;
  result: CanResult | undefined;
  checkError: string | undefined;
  /** The query of /api/rbac/confirm for the checked request. */
  confirmQuery: string | undefined;
  /** `ns` and `present`, kept by every link the page draws. */
  keep: Record<string, string>;
  accessHref: string;
  findingHref(id: string): string;
}

export function buildSubjectPage(snapshot: Snapshot, subject: SubjectRef, query: SubjectQuery): SubjectPage {
  const { index, findings } = analyzeRbac(snapshot);
  const extraGroups = subject.kind === "Group" ? [] : query.group;
  const view = buildSubjectView(index, findings, subject, extraGroups, snapshot.gaps);
  const check = {
    verb: query.verb,
    resource: query.resource,
    subresource: query.sub,
    apiGroup: query.apiGroup,
    namespace: query.cns,
    name: query.cname,
  };

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
    Object.entries({ ns: query.ns, present: query.present }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  return {
    view,
    partial: view.unknown.length > 0,
    matrix: query.ns ? view.matrix.filter((r) => r.scope === "cluster" || r.scope === query.ns) : view.matrix,
    findings: view.findings.map((f) => ({
      id: f.findingId,
      rule: f.rule,
      title: f.title,
      severity: f.severity,
      message: f.message,
      expectedDefault: f.expectedDefault,
      remediation: ruleInfo(f.rule).remediation,
      docs: ruleInfo(f.rule).docs,
    })),
    extraGroups,
    check,
    result,
    checkError,
    confirmQuery,
    keep,
    accessHref: hrefWith("/access", keep),
    findingHref: (id) => hrefWith("/access", { ...keep, finding: id }) + "#bindings",
  };
}
