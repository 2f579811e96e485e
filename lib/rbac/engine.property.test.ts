import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LabelSelector, PolicyRule, Role, RoleBinding, Subject } from "@/lib/model/types";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import { effectivePermissions } from "@/lib/rbac/effective-permissions";
import { subjectIdentity } from "@/lib/rbac/subject-identity";
import { rbacSnapshot } from "@/lib/rbac/test-fixtures";
import type { AccessRequest, Decision, UserInfo } from "@/lib/rbac/types";
import { userInfoFor } from "@/lib/rbac/user-info";
import { whoCan } from "@/lib/rbac/who-can";

// A naive reference of docs/semantics.md §2, written straight from the upstream authorizer without any index: a loop over
// every binding and every rule. The indexed engine must agree with it on random RBAC sets and random requests.

function naiveRulesOf(roles: readonly Role[], target: Role): PolicyRule[] {
  if (!target.aggregationRule) return [...target.rules];
  // Least fixed point of: rules(A) = union over ClusterRoles M != A matching a selector of A of rules(M).
  const clusterRoles = roles.filter((r) => r.kind === "ClusterRole");
  const current = new Map<string, Set<PolicyRule>>();
  for (const r of clusterRoles) current.set(r.name, new Set(r.aggregationRule ? [] : r.rules));
  const matches = (s: LabelSelector, labels: Readonly<Record<string, string>>) =>
    Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v);
  let changed = true;
  while (changed) {
    changed = false;
    for (const a of clusterRoles) {
      if (!a.aggregationRule) continue;
      const set = current.get(a.name) ?? new Set();
      for (const m of clusterRoles) {
        if (m.name === a.name || !a.aggregationRule.clusterRoleSelectors.some((s) => matches(s, m.labels)))
          continue;
        for (const rule of current.get(m.name) ?? []) {
          if (!set.has(rule)) {
            set.add(rule);
            changed = true;
          }
        }
      }
    }
  }
  return [...(current.get(target.name) ?? [])];
}

function naiveFindRole(roles: readonly Role[], binding: RoleBinding): Role | undefined {
  if (binding.roleRef.kind === "Role") {
    if (binding.kind !== "RoleBinding") return undefined;
    return roles.find(
      (r) => r.kind === "Role" && r.namespace === binding.namespace && r.name === binding.roleRef.name,
    );
  }
  return roles.find((r) => r.kind === "ClusterRole" && r.name === binding.roleRef.name);
}

function naiveAppliesTo(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  if (subject.kind === "User") return subject.name === user.name;
  if (subject.kind === "Group") return user.groups.includes(subject.name);
  const ns = subject.namespace || bindingNamespace;
  return ns !== "" && user.name === `system:serviceaccount:${ns}:${subject.name}`;
}

function naiveRuleAllows(rule: PolicyRule, r: AccessRequest): boolean {
  if (!rule.verbs.includes("*") && !rule.verbs.includes(r.verb)) return false;
  if (r.nonResourceURL !== undefined) {
    const url = r.nonResourceURL;
    return rule.nonResourceURLs.some((u) => {
      if (u === "*" || u === url) return true;
      if (!u.endsWith("*")) return false;
      let prefix = u;
      while (prefix.endsWith("*")) prefix = prefix.slice(0, -1);
      return url.startsWith(prefix);
    });
  }
  if (!rule.apiGroups.includes("*") && !rule.apiGroups.includes(r.apiGroup)) return false;
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const resourceOk = rule.resources.some(
    (x) =>
      x === "*" ||
      x === combined ||
      (r.subresource !== undefined && r.subresource !== "" && x === `*/${r.subresource}`),
  );
  if (!resourceOk) return false;
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(r.name ?? "");
}

/** The namespace the API server gives the request; only the cluster-scoped kinds the generator uses are listed. */
function naiveNamespace(r: AccessRequest): string {
  if (r.nonResourceURL !== undefined) return "";
  if (r.resource === "namespaces" && r.apiGroup === "" && r.name) return r.name;
  if ((r.resource === "nodes" || r.resource === "namespaces") && r.apiGroup === "") return "";
  return r.namespace ?? "";
}

interface NaiveGrant {
  binding: string;
  subject: string;
  rule: PolicyRule;
}

function naiveGrants(
  roles: readonly Role[],
  bindings: readonly RoleBinding[],
  user: UserInfo | undefined,
  r: AccessRequest,
) {
  const ns = naiveNamespace(r);
  const out: NaiveGrant[] = [];
  for (const b of bindings) {
    const bindingNs = b.kind === "RoleBinding" ? (b.namespace ?? "") : "";
    if (b.kind === "RoleBinding" && (ns === "" || ns !== bindingNs)) continue;
    const role = naiveFindRole(roles, b);
    if (!role) continue;
    for (const s of b.subjects) {
      if (
        user
          ? !naiveAppliesTo(s, user, bindingNs)
          : s.kind === "ServiceAccount" && !(s.namespace || bindingNs)
      )
        continue;
      const subjectKey = `${s.kind}/${s.kind === "ServiceAccount" ? s.namespace || bindingNs : ""}/${s.name}`;
      for (const rule of naiveRulesOf(roles, role)) {
        if (naiveRuleAllows(rule, r))
          out.push({ binding: `${b.kind}/${b.namespace ?? ""}/${b.name}`, subject: subjectKey, rule });
      }
    }
  }
  return out;
}

function naiveCan(
  roles: readonly Role[],
  bindings: readonly RoleBinding[],
  user: UserInfo,
  r: AccessRequest,
): Decision {
  if (user.groups.includes("system:masters")) return "allow";
  if (naiveGrants(roles, bindings, user, r).length > 0) return "allow";
  return user.name.startsWith("system:node:") ? "indeterminate" : "deny";
}

// ---------------------------------------------------------------- random RBAC sets

const VERBS = ["get", "list", "create", "delete", "escalate", "*"];
const GROUPS = ["", "apps", "*"];
const RESOURCES = [
  "pods",
  "pods/exec",
  "pods/*",
  "*/scale",
  "deployments",
  "deployments/scale",
  "nodes",
  "namespaces",
  "secrets",
  "*",
];
const NAMES = ["a", "b", "ns1"];
const URLS = ["/healthz", "/healthz/*", "/healthz/x", "*", "/api*", "/apis", "/api"];
const NAMESPACES = ["ns1", "ns2"];

const ruleArb: fc.Arbitrary<PolicyRule> = fc.oneof(
  fc.record({
    verbs: fc.subarray(VERBS, { minLength: 1 }),
    apiGroups: fc.subarray(GROUPS, { minLength: 1 }),
    resources: fc.subarray(RESOURCES, { minLength: 1 }),
    resourceNames: fc.oneof(fc.constant([] as string[]), fc.subarray(NAMES, { minLength: 1 })),
    nonResourceURLs: fc.constant([] as string[]),
  }),
  fc.record({
    verbs: fc.subarray(VERBS, { minLength: 1 }),
    apiGroups: fc.constant([] as string[]),
    resources: fc.constant([] as string[]),
    resourceNames: fc.constant([] as string[]),
    nonResourceURLs: fc.subarray(URLS, { minLength: 1 }),
  }),
);

const labelsArb = fc.dictionary(fc.constantFrom("agg", "tier"), fc.constantFrom("x", "y"), { maxKeys: 2 });
const selectorArb: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: labelsArb,
  matchExpressions: fc.constant([]),
});

const roleArb: fc.Arbitrary<Role> = fc.oneof(
  fc.record({
    kind: fc.constant("ClusterRole" as const),
    name: fc.constantFrom("c1", "c2", "c3", "c4", "c5"),
    labels: labelsArb,
    annotations: fc.constant({}),
    rules: fc.array(ruleArb, { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("ClusterRole" as const),
    name: fc.constantFrom("c1", "c2", "c3", "c4", "c5"),
    labels: labelsArb,
    annotations: fc.constant({}),
    rules: fc.array(ruleArb, { maxLength: 2 }),
    aggregationRule: fc.record({ clusterRoleSelectors: fc.array(selectorArb, { maxLength: 2 }) }),
  }),
  fc.record({
    kind: fc.constant("Role" as const),
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom("r1", "r2"),
    labels: labelsArb,
    annotations: fc.constant({}),
    rules: fc.array(ruleArb, { maxLength: 3 }),
  }),
);

const subjectArb: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({
    kind: fc.constant("User" as const),
    name: fc.constantFrom("alice", "system:serviceaccount:ns1:sa1", "system:node:n1", "system:anonymous"),
  }),
  fc.record({
    kind: fc.constant("Group" as const),
    name: fc.constantFrom(
      "devs",
      "system:authenticated",
      "system:serviceaccounts:ns1",
      "system:unauthenticated",
    ),
  }),
  fc.record({ kind: fc.constant("ServiceAccount" as const), name: fc.constantFrom("sa1", "sa2") }),
  fc.record({
    kind: fc.constant("ServiceAccount" as const),
    name: fc.constantFrom("sa1", "sa2"),
    namespace: fc.constantFrom(...NAMESPACES),
  }),
);

const bindingArb: fc.Arbitrary<RoleBinding> = fc.oneof(
  fc.record({
    kind: fc.constant("ClusterRoleBinding" as const),
    name: fc.constantFrom("b1", "b2", "b3"),
    labels: fc.constant({}),
    annotations: fc.constant({}),
    roleRef: fc.record({
      kind: fc.constantFrom("Role" as const, "ClusterRole" as const),
      name: fc.constantFrom("c1", "c2", "c3", "c4", "c5", "r1"),
    }),
    subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("RoleBinding" as const),
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom("b1", "b2", "b3"),
    labels: fc.constant({}),
    annotations: fc.constant({}),
    roleRef: fc.record({
      kind: fc.constantFrom("Role" as const, "ClusterRole" as const),
      name: fc.constantFrom("c1", "c2", "c3", "r1", "r2"),
    }),
    subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }),
  }),
);

// Roles with unique keys (a cluster holds one object per name).
const rolesArb = fc.uniqueArray(roleArb, {
  selector: (r) => `${r.kind}/${r.namespace ?? ""}/${r.name}`,
  maxLength: 7,
});
const bindingsArb = fc.uniqueArray(bindingArb, {
  selector: (b) => `${b.kind}/${b.namespace ?? ""}/${b.name}`,
  maxLength: 6,
});

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const requestArb: fc.Arbitrary<AccessRequest> = fc.oneof(
  fc
    .record({
      verb: fc.constantFrom("get", "list", "create", "delete", "escalate", "update"),
      apiGroup: fc.constantFrom("", "apps"),
      resource: fc.constantFrom("pods", "deployments", "nodes", "namespaces", "secrets"),
      subresource: optional(fc.constantFrom("exec", "scale", "*")),
      namespace: optional(fc.constantFrom(...NAMESPACES)),
      name: optional(fc.constantFrom(...NAMES)),
    })
    .map(
      (r) =>
        Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as AccessRequest,
    ),
  fc.record({
    verb: fc.constantFrom("get", "post"),
    apiGroup: fc.constant(""),
    nonResourceURL: fc.constantFrom(...URLS, "/healthz/y", "/version"),
  }),
);

const userArb: fc.Arbitrary<UserInfo> = fc
  .record({
    name: fc.constantFrom(
      "alice",
      "bob",
      "system:serviceaccount:ns1:sa1",
      "system:serviceaccount:ns2:sa2",
      "system:anonymous",
      "system:node:n1",
    ),
    groups: fc.subarray(["devs", "system:masters"]),
  })
  .map((u) => userInfoFor(u.name, u.groups));

const key = (g: { binding: string; subject: string; rule: PolicyRule }) =>
  `${g.binding}|${g.subject}|${JSON.stringify(g.rule)}`;

describe("the indexed RBAC engine agrees with the naive reference", () => {
  it("gives the same decision and the same grants as a straight loop over every binding and rule", () => {
    fc.assert(
      fc.property(rolesArb, bindingsArb, userArb, requestArb, (roles, bindings, user, request) => {
        const index = buildRbacIndex(rbacSnapshot(roles, bindings));
        const result = can(index, user, request);
        expect(result.decision).toBe(naiveCan(roles, bindings, user, request));
        const got = result.grants.map((g) =>
          key({
            binding: `${g.binding.kind}/${g.binding.namespace ?? ""}/${g.binding.name}`,
            subject: `${g.subject?.kind}/${g.subject?.kind === "ServiceAccount" ? (g.subject.namespace ?? "") : ""}/${g.subject?.name}`,
            rule: g.rule,
          }),
        );
        const want = naiveGrants(roles, bindings, user, request).map(key);
        expect([...new Set(got)].sort()).toEqual([...new Set(want)].sort());
      }),
      { numRuns: 3000, seed: 20261123 },
    );
  });

  it("finds with who-can exactly the binding subjects the naive loop finds", () => {
    fc.assert(
      fc.property(rolesArb, bindingsArb, requestArb, (roles, bindings, request) => {
        const result = whoCan(buildRbacIndex(rbacSnapshot(roles, bindings)), request);
        const got = result.subjects.flatMap((s) =>
          s.grants.map((g) =>
            key({
              binding: `${g.binding.kind}/${g.binding.namespace ?? ""}/${g.binding.name}`,
              subject: `${s.kind}/${s.kind === "ServiceAccount" ? (s.namespace ?? "") : ""}/${s.name}`,
              rule: g.rule,
            }),
          ),
        );
        const want = naiveGrants(roles, bindings, undefined, request).map(key);
        expect([...new Set(got)].sort()).toEqual([...new Set(want)].sort());
      }),
      { numRuns: 3000, seed: 20261124 },
    );
  });

  it("backs every cell of the effective-permission matrix with a request that can allows", () => {
    const subjects = [
      { kind: "User" as const, name: "alice" },
      { kind: "ServiceAccount" as const, namespace: "ns1", name: "sa1" },
      { kind: "Group" as const, name: "devs" },
    ];
    fc.assert(
      fc.property(rolesArb, bindingsArb, (roles, bindings) => {
        const index = buildRbacIndex(rbacSnapshot(roles, bindings));
        for (const subject of subjects) {
          const identity = subjectIdentity(subject);
          for (const row of effectivePermissions(index, subject)) {
            for (const { verb } of row.verbs) {
              const concreteVerb = verb === "*" ? "get" : verb;
              let request: AccessRequest;
              if (row.nonResource) {
                const url = row.resource === "*" ? "/anything" : row.resource.replace(/\*+$/, "x");
                request = { verb: concreteVerb, apiGroup: "", nonResourceURL: url };
              } else {
                const [res = "", sub] = row.resource.split("/");
                const resource = res === "*" ? "pods" : res;
                const apiGroup =
                  row.apiGroup === "*" ? (resource === "namespaces" ? "" : "apps") : row.apiGroup;
                // The core Namespace object is reached by its own name, which is the namespace of the request.
                const name =
                  resource === "namespaces" && apiGroup === "" && row.scope !== "cluster"
                    ? row.scope
                    : row.resourceNames[0];
                request = {
                  verb: concreteVerb,
                  apiGroup,
                  resource,
                  ...(sub !== undefined ? { subresource: sub } : {}),
                  ...(row.scope !== "cluster" ? { namespace: row.scope } : {}),
                  ...(name !== undefined ? { name } : {}),
                };
              }
              expect(
                can(index, identity, request).decision,
                JSON.stringify({ subject, row: row.resource, request }),
              ).toBe("allow");
            }
          }
        }
      }),
      { numRuns: 500, seed: 20261125 },
    );
  });
});
