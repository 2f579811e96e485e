import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PolicyRule, Role, RoleBinding, Subject } from "@/lib/model/types";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
import { SINGLE_RISKS } from "@/lib/rbac/rbac-risks";
import { rbacSnapshot } from "@/lib/rbac/test-fixtures";

// A naive reference of the single-binding risks (docs/semantics.md §2 risk catalogue, RBAC-001..019/023/024): for every
// binding, subject and risk, a straight loop asks whether some rule of the role allows one of the risk's requests
// where the binding applies, written from the request's side (a concrete request per probe, no memo, no index).
// The engine must report exactly those (rule, binding, subject) triples.

const CLUSTER_SCOPED = new Set([
  "/nodes",
  "/persistentvolumes",
  "/namespaces",
  "/users",
  "/groups",
  "authentication.k8s.io/uids",
  "authentication.k8s.io/userextras",
  "rbac.authorization.k8s.io/clusterroles",
  "admissionregistration.k8s.io/validatingwebhookconfigurations",
  "admissionregistration.k8s.io/mutatingwebhookconfigurations",
  "admissionregistration.k8s.io/validatingadmissionpolicies",
  "admissionregistration.k8s.io/validatingadmissionpolicybindings",
  "admissionregistration.k8s.io/mutatingadmissionpolicies",
  "admissionregistration.k8s.io/mutatingadmissionpolicybindings",
  "apiextensions.k8s.io/customresourcedefinitions",
]);

function allows(
  rule: PolicyRule,
  verb: string,
  group: string,
  resource: string,
  sub: string | undefined,
  name: string | undefined,
) {
  const combined = sub ? `${resource}/${sub}` : resource;
  return (
    (rule.verbs.includes("*") || rule.verbs.includes(verb)) &&
    (rule.apiGroups.includes("*") || rule.apiGroups.includes(group)) &&
    rule.resources.some((r) => r === "*" || r === combined || (sub !== undefined && r === `*/${sub}`)) &&
    (rule.resourceNames.length === 0 || rule.resourceNames.includes(name ?? ""))
  );
}

function naiveRisks(roles: readonly Role[], bindings: readonly RoleBinding[]): string[] {
  const out: string[] = [];
  for (const b of bindings) {
    const role =
      b.roleRef.kind === "Role"
        ? b.kind === "RoleBinding"
          ? roles.find((r) => r.kind === "Role" && r.namespace === b.namespace && r.name === b.roleRef.name)
          : undefined
        : roles.find((r) => r.kind === "ClusterRole" && r.name === b.roleRef.name);
    if (!role) continue;
    const ns = b.kind === "RoleBinding" ? (b.namespace ?? "") : undefined;
    const admin = role.rules.some(
      (r) =>
        r.verbs.includes("*") &&
        r.apiGroups.includes("*") &&
        r.resources.includes("*") &&
        r.resourceNames.length === 0,
    );
    const fired: string[] = [];
    if (admin) fired.push("RBAC-001");
    else {
      for (const risk of SINGLE_RISKS) {
        if (risk.kubeSystemOnly && ns !== undefined && ns !== "kube-system") continue;
        const hit = risk.probes.some((p) => {
          if (
            ns !== undefined &&
            CLUSTER_SCOPED.has(`${p.apiGroup}/${p.resource}`) &&
            p.resource !== "namespaces"
          )
            return false;
          return role.rules.some((rule) => {
            // A request for the probe, named as the rule needs (resourceNames narrow the risk, not remove it),
            // except the core Namespace object through a RoleBinding, which can only be its own namespace.
            const coreNamespace = ns !== undefined && p.resource === "namespaces" && p.apiGroup === "";
            const name = coreNamespace ? ns : rule.resourceNames[0];
            const subs =
              p.subresource === "any"
                ? rule.resources.filter((r) => r.includes("/")).map((r) => r.split("/")[1] ?? "")
                : [p.subresource];
            return p.verbs.some((v) =>
              subs.some((sub) => allows(rule, v, p.apiGroup, p.resource, sub, name)),
            );
          });
        });
        if (hit) fired.push(risk.id);
      }
    }
    for (const s of b.subjects) {
      const saNs = s.kind === "ServiceAccount" ? s.namespace || ns || "" : "";
      if (s.kind === "ServiceAccount" && !saNs) continue;
      for (const id of fired)
        out.push(`${id} ${b.kind}/${b.namespace ?? ""}/${b.name} ${s.kind}/${saNs}/${s.name}`);
    }
  }
  return out.sort();
}

const VERBS = ["get", "list", "create", "update", "patch", "delete", "escalate", "bind", "impersonate", "*"];
const RESOURCES: [string, string][] = [
  ["", "secrets"],
  ["", "pods"],
  ["", "pods/exec"],
  ["", "pods/ephemeralcontainers"],
  ["", "pods/status"],
  ["", "*/status"],
  ["", "nodes/proxy"],
  ["", "nodes"],
  ["", "persistentvolumes"],
  ["", "namespaces"],
  ["", "configmaps"],
  ["", "serviceaccounts/token"],
  ["", "users"],
  ["authentication.k8s.io", "userextras/scopes"],
  ["apps", "deployments"],
  ["batch", "jobs"],
  ["rbac.authorization.k8s.io", "roles"],
  ["rbac.authorization.k8s.io", "clusterroles"],
  ["admissionregistration.k8s.io", "mutatingwebhookconfigurations"],
  ["apiextensions.k8s.io", "customresourcedefinitions"],
  ["*", "*"],
];

const ruleArb: fc.Arbitrary<PolicyRule> = fc
  .record({
    verbs: fc.subarray(VERBS, { minLength: 1, maxLength: 3 }),
    targets: fc.subarray(RESOURCES, { minLength: 1, maxLength: 3 }),
    resourceNames: fc.oneof(
      fc.constant([] as string[]),
      fc.subarray(["team", "kube-system", "x"], { minLength: 1 }),
    ),
  })
  .map(({ verbs, targets, resourceNames }) => ({
    verbs,
    apiGroups: [...new Set(targets.map(([g]) => g))],
    resources: [...new Set(targets.map(([, r]) => r))],
    resourceNames,
    nonResourceURLs: [],
  }));

const roleArb: fc.Arbitrary<Role> = fc.oneof(
  fc.record({
    kind: fc.constant("ClusterRole" as const),
    name: fc.constantFrom("c1", "c2", "c3"),
    labels: fc.constant({}),
    annotations: fc.constant({}),
    rules: fc.array(ruleArb, { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("Role" as const),
    namespace: fc.constantFrom("team", "kube-system"),
    name: fc.constantFrom("r1", "r2"),
    labels: fc.constant({}),
    annotations: fc.constant({}),
    rules: fc.array(ruleArb, { maxLength: 3 }),
  }),
);
const subjectArb: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({ kind: fc.constant("User" as const), name: fc.constantFrom("alice", "bob") }),
  fc.record({ kind: fc.constant("Group" as const), name: fc.constantFrom("devs", "system:authenticated") }),
  fc.record({ kind: fc.constant("ServiceAccount" as const), name: fc.constantFrom("sa") }),
);
const bindingArb: fc.Arbitrary<RoleBinding> = fc.oneof(
  fc.record({
    kind: fc.constant("ClusterRoleBinding" as const),
    name: fc.constantFrom("b1", "b2"),
    labels: fc.constant({}),
    annotations: fc.constant({}),
    roleRef: fc.record({
      kind: fc.constant("ClusterRole" as const),
      name: fc.constantFrom("c1", "c2", "c3"),
    }),
    subjects: fc.array(subjectArb, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant("RoleBinding" as const),
    namespace: fc.constantFrom("team", "kube-system", "other"),
    name: fc.constantFrom("b1", "b2"),
    labels: fc.constant({}),
    annotations: fc.constant({}),
    roleRef: fc.record({
      kind: fc.constantFrom("Role" as const, "ClusterRole" as const),
      name: fc.constantFrom("c1", "c2", "r1", "r2"),
    }),
    subjects: fc.array(subjectArb, { minLength: 1, maxLength: 2 }),
  }),
);

const SINGLE_IDS = new Set(["RBAC-001", ...SINGLE_RISKS.map((r) => r.id)]);

describe("findRbacRisks agrees with a naive reference on the single-binding risks", () => {
  it("reports exactly the (risk, binding, subject) triples the naive loop finds", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(roleArb, {
          selector: (r) => `${r.kind}/${r.namespace ?? ""}/${r.name}`,
          maxLength: 5,
        }),
        fc.uniqueArray(bindingArb, {
          selector: (b) => `${b.kind}/${b.namespace ?? ""}/${b.name}`,
          maxLength: 6,
        }),
        (roles, bindings) => {
          const got = findRbacRisks(rbacSnapshot(roles, bindings))
            .filter((f) => SINGLE_IDS.has(f.rule))
            .map(
              (f) =>
                `${f.rule} ${f.binding?.kind}/${f.binding?.namespace ?? ""}/${f.binding?.name} ${f.subject?.kind}/${f.subject?.namespace ?? ""}/${f.subject?.name}`,
            )
            .sort();
          expect(got).toEqual(naiveRisks(roles, bindings));
        },
      ),
      { numRuns: 1500, seed: 20261126 },
    );
  });
});
