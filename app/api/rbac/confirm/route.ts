// GET /api/rbac/confirm: Vigil's static RBAC answer for one subject and request, next to the API server's own
// answer (a SubjectAccessReview), in the token and serviceaccount modes.
import { z } from "zod";
import { reviewAccess } from "@/lib/sources/live/subject-access-review";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { VigilError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { can } from "@/lib/rbac/can";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import { parseAccessRequest } from "@/lib/rbac/parse-access-request";
import { subjectIdentity } from "@/lib/rbac/subject-identity";

export const dynamic = "force-dynamic";

const text = z.string().trim().min(1).max(253);
const query = z.object({
  kind: z.enum(["User", "Group", "ServiceAccount"]),
  name: text,
  saNamespace: text.optional(),
  group: z.union([text, z.array(text).max(50)]).optional(),
  verb: text,
  apiGroup: z.string().trim().max(253).default(""),
  resource: text,
  subresource: text.optional(),
  namespace: text.optional(),
  objectName: text.optional(),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q }) => {
  const ctx = await getViewerContext();
  if (ctx.mode === "snapshot") {
    throw new VigilError(
      "bad-input",
      "there is no live cluster to confirm with: Vigil reads manifests or the demo",
    );
  }
  // The answer tells who holds what: only for a viewer who may read the bindings themselves.
  if (ctx.snapshot.gaps.some((g) => g.resource === "rolebindings" || g.resource === "clusterrolebindings")) {
    throw new VigilError(
      "forbidden",
      "you may not read the bindings, so Vigil does not ask the cluster about them for you",
    );
  }
  if (q.kind === "ServiceAccount" && !q.saNamespace) {
    throw new VigilError("bad-input", "a ServiceAccount needs its namespace (saNamespace)");
  }
  const subject =
    q.kind === "ServiceAccount"
      ? { kind: q.kind, name: q.name, namespace: q.saNamespace ?? "" }
      : { kind: q.kind, name: q.name };
  const groups = q.kind === "Group" ? [] : typeof q.group === "string" ? [q.group] : (q.group ?? []);
  const identity = subjectIdentity(subject, groups);
  const request = normalizeRequest(
    parseAccessRequest({
      verb: q.verb,
      apiGroup: q.apiGroup,
      resource: q.resource,
      subresource: q.subresource,
      namespace: q.namespace,
      name: q.objectName,
    }),
  );
  const vigil = can(analyzeRbac(ctx.snapshot).index, identity, request);
  let cluster;
  try {
    // The normalized request: the namespace the API server itself would give it (none for cluster-scoped kinds).
    cluster = await reviewAccess({
      user: identity.name,
      groups: identity.groups,
      verb: request.verb,
      group: request.apiGroup,
      resource: request.resource ?? "",
      ...(request.subresource !== undefined ? { subresource: request.subresource } : {}),
      ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
      ...(request.name !== undefined ? { name: request.name } : {}),
    });
  } catch (err) {
    if (err instanceof VigilError) throw err;
    throw new VigilError("unavailable", "the cluster did not answer the access review");
  }
  return { vigil: { decision: vigil.decision, grants: vigil.grants.length }, cluster };
});
