import type { PolicyRule } from "@/lib/model/types";
import type { AccessRequest } from "@/lib/rbac/types";

// docs/semantics.md §2 "A rule and a request": one PolicyRule against one request, exactly as the API server's
// RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac.go and pkg/apis/rbac/v1/evaluation_helpers.go).

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === "*" || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  return rule.apiGroups.some((g) => g === "*" || g === apiGroup);
}

/**
 * `*`, the exact `res` or `res/sub`, or `*\/sub` when the request has that subresource. `pods` does not cover
 * `pods/exec`, and `pods/*` is no wildcard: it only matches a subresource literally named `*`.
 */
export function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource: string | undefined,
): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some(
    (r) => r === "*" || r === combined || (subresource ? r === `*/${subresource}` : false),
  );
}

/**
 * An empty list allows every name; otherwise the request's name must be listed, so requests without a name
 * (create, deletecollection, plain list/watch) fail. As upstream, a listed "" matches a request without name.
 */
function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  const requested = name ?? "";
  return rule.resourceNames.some((n) => n === requested);
}

/** `*`, the exact path, or a prefix ending in `*` (`/healthz/*` does not match `/healthz`). */
function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
  return rule.nonResourceURLs.some(
    (u) => u === "*" || u === url || (u.endsWith("*") && url.startsWith(u.replace(/\*+$/, ""))),
  );
}

/** Whether `rule` allows `request`, ignoring who asks and where the rule is bound. */
export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (request.nonResourceURL !== undefined) return nonResourceURLMatches(rule, request.nonResourceURL);
  return (
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, request.resource ?? "", request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}
