import {
  emptySnapshot,
  type LabelSelector,
  type PolicyRule,
  type Role,
  type RoleBinding,
  type Snapshot,
  type Subject,
} from "@/lib/model/types";
import type { Finding } from "@/lib/findings/types";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";

// Small builders for hand-made RBAC snapshots in the tests of lib/rbac.

export function rule(partial: Partial<PolicyRule>): PolicyRule {
  return {
    verbs: partial.verbs ?? [],
    apiGroups: partial.apiGroups ?? (partial.nonResourceURLs ? [] : [""]),
    resources: partial.resources ?? [],
    resourceNames: partial.resourceNames ?? [],
    nonResourceURLs: partial.nonResourceURLs ?? [],
  };
}

export function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregate?: LabelSelector[] } = {},
): Role {
  return {
    kind: "ClusterRole",
    name,
    labels: extra.labels ?? {},
    annotations: {},
    rules,
    ...(extra.aggregate ? { aggregationRule: { clusterRoleSelectors: extra.aggregate } } : {}),
  };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { kind: "Role", namespace, name, labels: {}, annotations: {}, rules };
}

export function selector(matchLabels: Record<string, string>): LabelSelector {
  return { matchLabels, matchExpressions: [] };
}

export const user = (name: string): Subject => ({ kind: "User", name });
export const group = (name: string): Subject => ({ kind: "Group", name });
export const sa = (name: string, namespace?: string): Subject =>
  namespace === undefined ? { kind: "ServiceAccount", name } : { kind: "ServiceAccount", name, namespace };

export function clusterRoleBinding(
  name: string,
  roleRef: { kind: "Role" | "ClusterRole"; name: string },
  subjects: Subject[],
  labels: Record<string, string> = {},
): RoleBinding {
  return { kind: "ClusterRoleBinding", name, labels, annotations: {}, roleRef, subjects };
}

export function roleBinding(
  namespace: string,
  name: string,
  roleRef: { kind: "Role" | "ClusterRole"; name: string },
  subjects: Subject[],
): RoleBinding {
  return { kind: "RoleBinding", namespace, name, labels: {}, annotations: {}, roleRef, subjects };
}

export function rbacSnapshot(roles: Role[], bindings: RoleBinding[]): Snapshot {
  return { ...emptySnapshot(), roles, bindings };
}

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** The findings for alice holding `rules` through a ClusterRoleBinding (or a RoleBinding in `namespace`). */
export function risksOf(rules: PolicyRule[], namespace?: string): Finding[] {
  const bindings: RoleBinding[] = [
    namespace === undefined
      ? clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])
      : roleBinding(namespace, "b", { kind: "ClusterRole", name: "r" }, [user("alice")]),
  ];
  return findRbacRisks(rbacSnapshot([clusterRole("r", rules)], bindings));
}

/** The distinct rule IDs of `findings`, sorted. */
export const ids = (findings: Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();
