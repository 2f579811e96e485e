import type { ObjectRef, PolicyRule, Role } from "@/lib/model/types";
import { matchesSelector } from "@/lib/model/match-selector";

// docs/semantics.md §2 "Aggregation": the effective rules of a ClusterRole with an aggregationRule are the union
// of the rules of every ClusterRole matching ANY of its selectors, transitively, excluding itself; the rules
// written on it are ignored (the aggregation controller overwrites them). Transitively, an aggregated ClusterRole
// contributes what it aggregates, so the union is over the plain ClusterRoles reachable through selectors.

export interface ResolvedRule {
  rule: PolicyRule;
  /** Set when the rule comes from another ClusterRole through aggregation. */
  aggregatedFrom?: ObjectRef;
}

/** For each aggregated ClusterRole name: its effective rules, each with the ClusterRole it came from. */
export function resolveAggregation(roles: readonly Role[]): Map<string, ResolvedRule[]> {
  const clusterRoles = roles
    .filter((r) => r.kind === "ClusterRole")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const selected = new Map<string, Role[]>();
  const selectedBy = (role: Role): Role[] => {
    let found = selected.get(role.name);
    if (!found) {
      const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
      found = clusterRoles.filter(
        (c) => c.name !== role.name && selectors.some((s) => matchesSelector(s, c.labels)),
      );
      selected.set(role.name, found);
    }
    return found;
  };

  const result = new Map<string, ResolvedRule[]>();
  for (const role of clusterRoles) {
    if (!role.aggregationRule) continue;
    const seen = new Set<string>([role.name]);
    const leaves: Role[] = [];
    const queue: Role[] = [role];
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i];
      if (!current) continue;
      for (const next of selectedBy(current)) {
        if (seen.has(next.name)) continue;
        seen.add(next.name);
        if (next.aggregationRule) queue.push(next);
        else leaves.push(next);
      }
    }
    leaves.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    result.set(
      role.name,
      leaves.flatMap((leaf) =>
        leaf.rules.map((rule) => ({ rule, aggregatedFrom: { kind: "ClusterRole", name: leaf.name } })),
      ),
    );
  }
  return result;
}
