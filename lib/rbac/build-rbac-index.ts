import type { SubjectRef } from "@/lib/findings/types";
import type { ObjectRef, Role, RoleBinding, Snapshot } from "@/lib/model/types";
import { resolveAggregation, type ResolvedRule } from "@/lib/rbac/resolve-aggregation";
import { serviceAccountUser } from "@/lib/rbac/user-info";

// The indexes every RBAC query runs on (docs/semantics.md §2): roles with their effective rules (aggregation resolved),
// bindings with their role resolved, bindings by subject (for can and effective permissions), rules by
// resource (for who-can) and bindings by role.

interface IndexedRole {
  key: string;
  ref: ObjectRef;
  role: Role;
  /** The effective rules: the stored ones, or for an aggregated ClusterRole the aggregated ones. */
  rules: readonly ResolvedRule[];
  aggregated: boolean;
  expectedDefault: boolean;
}

export interface IndexedBinding {
  id: number;
  ref: ObjectRef;
  binding: RoleBinding;
  /** The binding's namespace for a RoleBinding; absent for a ClusterRoleBinding (it applies everywhere). */
  namespace?: string;
  /** The role the binding refers to (a Role lives in the binding's namespace). */
  roleRef: ObjectRef;
  /** Absent when the role does not exist (docs/semantics.md §2: it grants nothing). */
  role?: IndexedRole;
  /** The subjects as written, a namespace-less ServiceAccount of a RoleBinding given the binding's namespace. */
  subjects: readonly SubjectRef[];
  expectedDefault: boolean;
}

/** A binding subject that matches an identity, under the identity key it matches. */
interface SubjectEntry {
  binding: number;
  subject: SubjectRef;
}

export interface RuleRef {
  roleKey: string;
  rule: number;
}

export interface RoleBindings {
  cluster: number[];
  byNamespace: Map<string, number[]>;
}

export interface RbacIndex {
  roles: readonly IndexedRole[];
  rolesByKey: ReadonlyMap<string, IndexedRole>;
  bindings: readonly IndexedBinding[];
  /** Identity key (see identityKey) -> the binding subjects that match it. */
  bySubject: ReadonlyMap<string, readonly SubjectEntry[]>;
  /** Role key -> the bindings that refer to it, cluster-wide and per namespace. */
  bindingsByRole: ReadonlyMap<string, RoleBindings>;
  /** A resource as written in rules (`*`, `pods`, `pods/exec`, `*\/scale`...) -> the rules naming it. */
  rulesByResource: ReadonlyMap<string, readonly RuleRef[]>;
  /** Every rule with nonResourceURLs. */
  nonResourceRules: readonly RuleRef[];
}

export function roleKey(ref: { kind: string; namespace?: string; name: string }): string {
  return ref.kind === "Role" ? `Role/${ref.namespace ?? ""}/${ref.name}` : `ClusterRole/${ref.name}`;
}

/** The key under which an identity (a user name or a group name) finds the binding subjects that match it. */
export function identityKey(kind: "user" | "group", name: string): string {
  return `${kind === "user" ? "U" : "G"}\u0000${name}`;
}

/** docs/semantics.md §2: bootstrap defaults carry the rbac-defaults label or a `system:` name. */
function isBootstrapDefault(obj: { name: string; labels: Readonly<Record<string, string>> }): boolean {
  return obj.labels["kubernetes.io/bootstrapping"] === "rbac-defaults" || obj.name.startsWith("system:");
}

/**
 * The identity key a binding subject matches, or undefined when it can match nobody: a ServiceAccount is the user
 * `system:serviceaccount:<ns>:<name>`; in a ClusterRoleBinding it needs an explicit namespace (upstream appliesTo).
 */
function subjectIdentityKey(subject: SubjectRef): string | undefined {
  switch (subject.kind) {
    case "User":
      return identityKey("user", subject.name);
    case "Group":
      return identityKey("group", subject.name);
    case "ServiceAccount":
      return subject.namespace
        ? identityKey("user", serviceAccountUser(subject.namespace, subject.name))
        : undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildRbacIndex(snapshot: Pick<Snapshot, "roles" | "bindings">): RbacIndex {
  const aggregated = resolveAggregation(snapshot.roles);
  const roles: IndexedRole[] = [];
  const rolesByKey = new Map<string, IndexedRole>();
  for (const role of snapshot.roles) {
    const ref: ObjectRef =
      role.kind === "Role"
        ? { kind: "Role", namespace: role.namespace ?? "", name: role.name }
        : { kind: "ClusterRole", name: role.name };
    const key = roleKey(ref);
    const resolved = role.kind === "ClusterRole" ? aggregated.get(role.name) : undefined;
    const indexed: IndexedRole = {
      key,
      ref,
      role,
      rules: resolved ?? role.rules.map((rule) => ({ rule })),
      aggregated: resolved !== undefined,
      expectedDefault: isBootstrapDefault(role),
    };
    if (!rolesByKey.has(key)) roles.push(indexed);
    else roles[roles.findIndex((r) => r.key === key)] = indexed;
    rolesByKey.set(key, indexed);
  }

  const rulesByResource = new Map<string, RuleRef[]>();
  const nonResourceRules: RuleRef[] = [];
  for (const role of roles) {
    role.rules.forEach(({ rule }, i) => {
      const ref = { roleKey: role.key, rule: i };
      for (const resource of new Set(rule.resources)) push(rulesByResource, resource, ref);
      if (rule.nonResourceURLs.length > 0) nonResourceRules.push(ref);
    });
  }

  const bindings: IndexedBinding[] = [];
  const bySubject = new Map<string, SubjectEntry[]>();
  const bindingsByRole = new Map<string, RoleBindings>();
  for (const binding of snapshot.bindings) {
    const id = bindings.length;
    const isRoleBinding = binding.kind === "RoleBinding";
    const namespace = isRoleBinding ? (binding.namespace ?? "") : undefined;
    // A ClusterRoleBinding cannot refer to a Role (it has no namespace to find it in): such a role is missing.
    const roleRef: ObjectRef =
      binding.roleRef.kind === "Role"
        ? { kind: "Role", namespace: namespace ?? "", name: binding.roleRef.name }
        : { kind: "ClusterRole", name: binding.roleRef.name };
    const role =
      binding.roleRef.kind === "Role" && !isRoleBinding ? undefined : rolesByKey.get(roleKey(roleRef));
    const subjects: SubjectRef[] = binding.subjects.map((s) =>
      s.kind === "ServiceAccount"
        ? { kind: s.kind, name: s.name, namespace: s.namespace || namespace || "" }
        : { kind: s.kind, name: s.name },
    );
    const ref: ObjectRef = isRoleBinding
      ? { kind: "RoleBinding", namespace: namespace ?? "", name: binding.name }
      : { kind: "ClusterRoleBinding", name: binding.name };
    bindings.push({
      id,
      ref,
      binding,
      ...(namespace !== undefined ? { namespace } : {}),
      roleRef,
      ...(role ? { role } : {}),
      subjects,
      expectedDefault: isBootstrapDefault(binding),
    });
    for (const subject of subjects) {
      const key = subjectIdentityKey(subject);
      if (key) push(bySubject, key, { binding: id, subject });
    }
    if (role) {
      let byRole = bindingsByRole.get(role.key);
      if (!byRole) {
        byRole = { cluster: [], byNamespace: new Map() };
        bindingsByRole.set(role.key, byRole);
      }
      if (namespace === undefined) byRole.cluster.push(id);
      else push(byRole.byNamespace, namespace, id);
    }
  }

  return { roles, rolesByKey, bindings, bySubject, bindingsByRole, rulesByResource, nonResourceRules };
}
