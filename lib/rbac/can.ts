import type { IndexedBinding, RbacIndex } from "@/lib/rbac/build-rbac-index";
import { identityKey } from "@/lib/rbac/build-rbac-index";
import { ruleAllows } from "@/lib/rbac/match-rule";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import type { AccessRequest, CanResult, Grant, UserInfo } from "@/lib/rbac/types";

// docs/semantics.md §2: the RBAC authorizer's answer for one identity and one request, with every grant that allows it.
// Subjects: users by name (a ServiceAccount subject is the user system:serviceaccount:<ns>:<name>), groups by
// name. ClusterRoleBindings apply everywhere; RoleBindings only to requests in their namespace, which cluster-scoped
// kinds and non-resource URLs never are. No deny rules. Outside RBAC: system:masters bypasses authorization;
// system:node:* identities are decided by the Node authorizer when RBAC does not allow.

export const MASTERS_GROUP = "system:masters";
const NODE_USER_PREFIX = "system:node:";

/** Whether a binding can apply to a request at all, from where it is bound. */
export function bindingApplies(binding: IndexedBinding, request: AccessRequest): boolean {
  if (binding.namespace === undefined) return true;
  return request.nonResourceURL === undefined && request.namespace === binding.namespace;
}

/** Every grant through which `user` is allowed `request` (the request already normalized). */
function grantsFor(index: RbacIndex, user: UserInfo, request: AccessRequest): Grant[] {
  const grants: Grant[] = [];
  const keys = [
    identityKey("user", user.name),
    ...[...new Set(user.groups)].map((g) => identityKey("group", g)),
  ];
  for (const key of keys) {
    for (const entry of index.bySubject.get(key) ?? []) {
      const binding = index.bindings[entry.binding];
      if (!binding?.role || !bindingApplies(binding, request)) continue;
      for (const resolved of binding.role.rules) {
        if (!ruleAllows(resolved.rule, request)) continue;
        grants.push({
          binding: binding.ref,
          role: binding.role.ref,
          rule: resolved.rule,
          subject: entry.subject,
          ...(resolved.aggregatedFrom ? { aggregatedFrom: resolved.aggregatedFrom } : {}),
        });
      }
    }
  }
  return grants;
}

export function can(index: RbacIndex, user: UserInfo, request: AccessRequest): CanResult {
  const normalized = normalizeRequest(request);
  const grants = grantsFor(index, user, normalized);
  if (user.groups.includes(MASTERS_GROUP)) {
    return {
      decision: "allow",
      grants,
      reason: `${MASTERS_GROUP} bypasses authorization: the API server allows every request of its members`,
    };
  }
  if (grants.length > 0) return { decision: "allow", grants };
  if (user.name.startsWith(NODE_USER_PREFIX)) {
    return {
      decision: "indeterminate",
      grants,
      reason: "no RBAC rule allows it; requests of nodes are decided by the Node authorizer",
    };
  }
  const scoped =
    request.namespace !== undefined &&
    normalized.namespace === undefined &&
    normalized.nonResourceURL === undefined
      ? `; ${normalized.resource ?? "it"} is cluster-scoped, so no RoleBinding of ${request.namespace} can grant it`
      : "";
  return {
    decision: "deny",
    grants,
    reason: `no RBAC rule allows it (RBAC has no deny rules: nothing grants it)${scoped}`,
  };
}
