import type { SubjectRef } from "@/lib/findings/types";
import type { IndexedBinding, RbacIndex } from "@/lib/rbac/build-rbac-index";
import { identityKey } from "@/lib/rbac/build-rbac-index";
import { isClusterScoped } from "@/lib/rbac/normalize-request";
import type { Grant, UserInfo } from "@/lib/rbac/types";
import { serviceAccountUser, userInfoFor } from "@/lib/rbac/user-info";

// docs/semantics.md §2 for one subject: every binding that applies to it (directly, or through a group it is in) and the
// resulting permissions per scope. A RoleBinding grants only namespaced resources of its namespace (and that
// Namespace object), never cluster-scoped kinds or non-resource URLs, so those rows are left out of its scope.

interface SubjectBinding {
  binding: IndexedBinding;
  /** The subject as written in the binding: the subject itself, or a group it is in. */
  via: SubjectRef;
}

interface PermissionRow {
  /** "cluster" or a namespace name. */
  scope: string;
  apiGroup: string;
  /** A resource (maybe `res/sub`, `*`, `*\/sub`) or, for a non-resource row, a URL. */
  resource: string;
  nonResource: boolean;
  resourceNames: string[];
  verbs: { verb: string; grants: Grant[] }[];
}

/** The identity the API server would see for a binding subject (a group stands for itself only). */
function identityOf(subject: SubjectRef, extraGroups: readonly string[] = []): UserInfo | undefined {
  switch (subject.kind) {
    case "User":
      return userInfoFor(subject.name, extraGroups);
    case "ServiceAccount":
      return subject.namespace
        ? userInfoFor(serviceAccountUser(subject.namespace, subject.name), extraGroups)
        : undefined;
    case "Group":
      return undefined;
  }
}

function identityKeys(subject: SubjectRef, extraGroups: readonly string[]): string[] {
  if (subject.kind === "Group") return [identityKey("group", subject.name)];
  const user = identityOf(subject, extraGroups);
  if (!user) return [];
  return [identityKey("user", user.name), ...user.groups.map((g) => identityKey("group", g))];
}

/** The bindings that apply to a subject, direct ones first, each once per matching subject entry. */
export function subjectBindings(
  index: RbacIndex,
  subject: SubjectRef,
  extraGroups: readonly string[] = [],
): SubjectBinding[] {
  const out: SubjectBinding[] = [];
  for (const key of identityKeys(subject, extraGroups)) {
    for (const entry of index.bySubject.get(key) ?? []) {
      const binding = index.bindings[entry.binding];
      if (binding) out.push({ binding, via: entry.subject });
    }
  }
  return out;
}

function scopeOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "cluster") return -1;
  if (b === "cluster") return 1;
  return a < b ? -1 : 1;
}

export function effectivePermissions(
  index: RbacIndex,
  subject: SubjectRef,
  extraGroups: readonly string[] = [],
): PermissionRow[] {
  const rows = new Map<string, PermissionRow>();
  const add = (
    scope: string,
    apiGroup: string,
    resource: string,
    nonResource: boolean,
    names: readonly string[],
    verb: string,
    grant: Grant,
  ) => {
    const resourceNames = [...names].sort();
    const key = [scope, apiGroup, resource, nonResource ? "url" : "res", resourceNames.join(",")].join(
      "\u0000",
    );
    let row = rows.get(key);
    if (!row) {
      row = { scope, apiGroup, resource, nonResource, resourceNames, verbs: [] };
      rows.set(key, row);
    }
    let cell = row.verbs.find((v) => v.verb === verb);
    if (!cell) {
      cell = { verb, grants: [] };
      row.verbs.push(cell);
    }
    cell.grants.push(grant);
  };

  for (const { binding, via } of subjectBindings(index, subject, extraGroups)) {
    if (!binding.role) continue;
    const scope = binding.namespace ?? "cluster";
    for (const resolved of binding.role.rules) {
      const { rule } = resolved;
      const grant: Grant = {
        binding: binding.ref,
        role: binding.role.ref,
        rule,
        subject: via,
        ...(resolved.aggregatedFrom ? { aggregatedFrom: resolved.aggregatedFrom } : {}),
      };
      for (const verb of new Set(rule.verbs)) {
        for (const apiGroup of new Set(rule.apiGroups)) {
          for (const resource of new Set(rule.resources)) {
            const base = resource.split("/")[0] ?? resource;
            let names = rule.resourceNames;
            if (
              binding.namespace !== undefined &&
              base === "namespaces" &&
              (apiGroup === "" || apiGroup === "*")
            ) {
              // Through a RoleBinding only the Namespace object of the binding's own namespace is reachable.
              if (names.length > 0 && !names.includes(binding.namespace)) continue;
              if (apiGroup === "") names = [binding.namespace];
            } else if (binding.namespace !== undefined && isClusterScoped(apiGroup, base)) {
              continue;
            }
            add(scope, apiGroup, resource, false, names, verb, grant);
          }
        }
        if (binding.namespace === undefined) {
          for (const url of new Set(rule.nonResourceURLs)) add(scope, "", url, true, [], verb, grant);
        }
      }
    }
  }
  return [...rows.values()]
    .map((row) => ({
      ...row,
      verbs: row.verbs.sort((a, b) => (a.verb < b.verb ? -1 : a.verb > b.verb ? 1 : 0)),
    }))
    .sort(
      (a, b) =>
        scopeOrder(a.scope, b.scope) ||
        Number(a.nonResource) - Number(b.nonResource) ||
        a.apiGroup.localeCompare(b.apiGroup) ||
        a.resource.localeCompare(b.resource) ||
        a.resourceNames.join(",").localeCompare(b.resourceNames.join(",")),
    );
}
