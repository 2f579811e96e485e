import type { PolicyRule, Role, RoleBinding, Subject } from "@/lib/model/types";
import { readSelector, type Meta } from "@/lib/model/map-common";
import type { FieldReader, JsonObject } from "@/lib/model/read-fields";

// Roles, ClusterRoles and their bindings, kept as written: aggregation and subject defaults are the RBAC
// engine's business (docs/semantics.md §2), not the loader's.

function readRules(v: unknown, r: FieldReader): PolicyRule[] {
  return (r.list(v, "rules") ?? []).flatMap((item, i) => {
    const p = `rules[${i}]`;
    const rule = r.object(item, p);
    if (!rule) return [];
    return [
      {
        verbs: r.strings(rule["verbs"], `${p}.verbs`),
        apiGroups: r.strings(rule["apiGroups"], `${p}.apiGroups`),
        resources: r.strings(rule["resources"], `${p}.resources`),
        resourceNames: r.strings(rule["resourceNames"], `${p}.resourceNames`),
        nonResourceURLs: r.strings(rule["nonResourceURLs"], `${p}.nonResourceURLs`),
      },
    ];
  });
}

export function readRole(
  kind: "Role" | "ClusterRole",
  obj: JsonObject,
  meta: Meta,
  namespace: string | undefined,
  r: FieldReader,
): Role {
  const aggregation = r.object(obj["aggregationRule"], "aggregationRule");
  const role: Role = {
    kind,
    name: meta.name,
    labels: meta.labels,
    annotations: meta.annotations,
    rules: readRules(obj["rules"], r),
    ...(kind === "Role" && namespace ? { namespace } : {}),
  };
  if (aggregation) {
    const selectors =
      r.list(aggregation["clusterRoleSelectors"], "aggregationRule.clusterRoleSelectors") ?? [];
    role.aggregationRule = {
      clusterRoleSelectors: selectors.map((s, i) =>
        readSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`, r),
      ),
    };
  }
  return role;
}

const SUBJECT_KINDS = ["User", "Group", "ServiceAccount"] as const;

export function readBinding(
  kind: "RoleBinding" | "ClusterRoleBinding",
  obj: JsonObject,
  meta: Meta,
  namespace: string | undefined,
  r: FieldReader,
): RoleBinding | undefined {
  const roleRef = r.object(obj["roleRef"], "roleRef");
  const refKind = r.string(roleRef?.["kind"], "roleRef.kind");
  const refName = r.string(roleRef?.["name"], "roleRef.name");
  if (!refName || (refKind !== "Role" && refKind !== "ClusterRole")) {
    r.warn("roleRef", "needs kind Role or ClusterRole and a name: the binding is skipped");
    return undefined;
  }
  if (kind === "ClusterRoleBinding" && refKind === "Role") {
    r.warn("roleRef.kind", "a ClusterRoleBinding can only refer to a ClusterRole: the binding is skipped");
    return undefined;
  }
  const subjects = (r.list(obj["subjects"], "subjects") ?? []).flatMap((s, i): Subject[] => {
    const p = `subjects[${i}]`;
    const so = r.object(s, p);
    const sk = r.string(so?.["kind"], `${p}.kind`);
    const name = r.string(so?.["name"], `${p}.name`);
    if (!sk || !name) return [];
    if (!(SUBJECT_KINDS as readonly string[]).includes(sk)) {
      r.warn(`${p}.kind`, `"${sk}" is not User, Group or ServiceAccount: the subject is skipped`);
      return [];
    }
    const ns = r.string(so?.["namespace"], `${p}.namespace`);
    return [{ kind: sk as Subject["kind"], name, ...(ns ? { namespace: ns } : {}) }];
  });
  return {
    kind,
    name: meta.name,
    labels: meta.labels,
    annotations: meta.annotations,
    roleRef: { kind: refKind, name: refName },
    subjects,
    ...(kind === "RoleBinding" && namespace ? { namespace } : {}),
  };
}
