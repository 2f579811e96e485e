import type { PolicyRule } from "@/lib/model/types";
import type { IndexedBinding } from "@/lib/rbac/build-rbac-index";
import { apiGroupMatches, resourceMatches, verbMatches } from "@/lib/rbac/match-rule";
import { isClusterScoped } from "@/lib/rbac/normalize-request";
import { SINGLE_RISKS, type Probe, type SingleRisk } from "@/lib/rbac/rbac-risks";

// What a binding's role grants where the binding applies, asked probe by probe (docs/semantics.md §2 "Risk
// catalogue"). Memoized per role and kind of scope: thousands of bindings share a few roles.

export const KUBE_SYSTEM = "kube-system";

function ruleCovers(rule: PolicyRule, probe: Probe): boolean {
  if (!probe.verbs.some((v) => verbMatches(rule, v)) || !apiGroupMatches(rule, probe.apiGroup)) return false;
  if (probe.subresource === "any") {
    return rule.resources.some((r) => r === "*" || r.startsWith(`${probe.resource}/`) || r.startsWith("*/"));
  }
  return resourceMatches(rule, probe.resource, probe.subresource);
}

/**
 * The binding's rules that grant a probe where the binding applies (resourceNames ignored: they narrow, not
 * remove). Memoized per role and kind of scope: thousands of bindings share a few roles.
 */
const grantCache = new WeakMap<object, Map<string, Map<readonly Probe[], PolicyRule[]>>>();
export function grantingRules(binding: IndexedBinding, probes: readonly Probe[]): PolicyRule[] {
  const role = binding.role;
  if (!role) return [];
  const scopeKind = scopeKey(binding);
  let byScope = grantCache.get(role);
  if (!byScope) {
    byScope = new Map();
    grantCache.set(role, byScope);
  }
  let byProbes = byScope.get(scopeKind);
  if (!byProbes) {
    byProbes = new Map();
    byScope.set(scopeKind, byProbes);
  }
  const cached = byProbes.get(probes);
  if (cached) return cached;
  const usable = probes.filter(
    (p) => scopeKind === "cluster" || p.resource === "namespaces" || !isClusterScoped(p.apiGroup, p.resource),
  );
  const ns = binding.namespace;
  const found =
    usable.length === 0
      ? []
      : role.rules
          .map((r) => r.rule)
          .filter((rule) =>
            usable.some(
              (p) =>
                ruleCovers(rule, p) &&
                // Through a RoleBinding only the Namespace object of its own namespace is reachable.
                !(
                  ns !== undefined &&
                  p.resource === "namespaces" &&
                  p.apiGroup === "" &&
                  rule.resourceNames.length > 0 &&
                  !rule.resourceNames.includes(ns)
                ),
            ),
          );
  byProbes.set(probes, found);
  return found;
}

/**
 * The memo key of a binding's scope: cluster-wide, or any namespace alike, except for a role naming Namespace
 * objects by resourceNames, whose answer depends on which namespace the RoleBinding is in.
 */
const namesNamespacesMemo = new WeakMap<object, boolean>();
function scopeKey(binding: IndexedBinding): string {
  if (binding.namespace === undefined) return "cluster";
  const role = binding.role;
  if (!role) return "namespace";
  let namesNamespaces = namesNamespacesMemo.get(role);
  if (namesNamespaces === undefined) {
    namesNamespaces = role.rules.some(
      (r) =>
        r.rule.resourceNames.length > 0 &&
        r.rule.resources.some((x) => x === "*" || x === "namespaces" || x.startsWith("namespaces/")),
    );
    namesNamespacesMemo.set(role, namesNamespaces);
  }
  return namesNamespaces ? `namespace:${binding.namespace}` : "namespace";
}

function namesNote(rules: readonly PolicyRule[]): string {
  if (rules.length === 0 || rules.some((r) => r.resourceNames.length === 0)) return "";
  const names = [...new Set(rules.flatMap((r) => r.resourceNames))].sort();
  return ` (only the objects named ${names.join(", ")})`;
}

interface RoleRisks {
  admin: boolean;
  single: { risk: SingleRisk; note: string }[];
}

/** The single-binding risks of a binding's role where it is bound, memoized per role and kind of scope. */
const roleRiskCache = new WeakMap<object, Map<string, RoleRisks>>();
export function roleRisks(binding: IndexedBinding): RoleRisks {
  const role = binding.role;
  if (!role) return { admin: false, single: [] };
  const scopeClass = binding.namespace === KUBE_SYSTEM ? KUBE_SYSTEM : scopeKey(binding);
  let byScope = roleRiskCache.get(role);
  if (!byScope) {
    byScope = new Map();
    roleRiskCache.set(role, byScope);
  }
  const cached = byScope.get(scopeClass);
  if (cached) return cached;
  const admin = role.rules.some((r) => isClusterAdminRule(r.rule));
  const single: RoleRisks["single"] = [];
  if (!admin) {
    for (const risk of SINGLE_RISKS) {
      if (risk.kubeSystemOnly && binding.namespace !== undefined && binding.namespace !== KUBE_SYSTEM)
        continue;
      const granting = grantingRules(binding, risk.probes);
      if (granting.length > 0) single.push({ risk, note: namesNote(granting) });
    }
  }
  const result = { admin, single };
  byScope.set(scopeClass, result);
  return result;
}

function isClusterAdminRule(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes("*") &&
    rule.apiGroups.includes("*") &&
    rule.resources.includes("*") &&
    rule.resourceNames.length === 0
  );
}
