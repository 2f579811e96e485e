import { describe, expect, it } from "vitest";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  rbacSnapshot,
  role,
  roleBinding,
  rule,
  sa,
  selector,
  user,
} from "@/lib/rbac/test-fixtures";
import type { AccessRequest } from "@/lib/rbac/types";
import { userInfoFor } from "@/lib/rbac/user-info";

const alice = userInfoFor("alice");
const get = (resource: string, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  verb: "get",
  apiGroup: "",
  resource,
  ...extra,
});

function decide(roles: Parameters<typeof rbacSnapshot>[0], bindings: Parameters<typeof rbacSnapshot>[1]) {
  const index = buildRbacIndex(rbacSnapshot(roles, bindings));
  return (who: ReturnType<typeof userInfoFor>, request: AccessRequest) => can(index, who, request).decision;
}

describe("rule matching (docs/semantics.md §2 Rules)", () => {
  it("matches verbs, API groups and resources exactly or by *", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["get"], apiGroups: ["apps"], resources: ["deployments"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, { verb: "get", apiGroup: "apps", resource: "deployments", namespace: "x" })).toBe(
      "allow",
    );
    expect(d(alice, { verb: "list", apiGroup: "apps", resource: "deployments" })).toBe("deny");
    expect(d(alice, { verb: "get", apiGroup: "", resource: "deployments" })).toBe("deny");
    expect(d(alice, { verb: "get", apiGroup: "apps", resource: "statefulsets" })).toBe("deny");
  });

  it("treats a star verb, group and resource as matching everything", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, { verb: "escalate", apiGroup: "rbac.authorization.k8s.io", resource: "roles" })).toBe(
      "allow",
    );
    expect(d(alice, get("pods", { subresource: "exec" }))).toBe("allow");
  });

  it("does not let pods cover pods/exec", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["*"], resources: ["pods"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, get("pods"))).toBe("allow");
    expect(d(alice, { verb: "create", apiGroup: "", resource: "pods", subresource: "exec" })).toBe("deny");
  });

  it("does not treat pods/* as a wildcard over subresources", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["create"], resources: ["pods/*"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, { verb: "create", apiGroup: "", resource: "pods", subresource: "exec" })).toBe("deny");
    expect(d(alice, { verb: "create", apiGroup: "", resource: "pods" })).toBe("deny");
  });

  it("matches */scale for the scale subresource of every resource, and not the resource itself", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["update"], apiGroups: ["*"], resources: ["*/scale"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(
      d(alice, { verb: "update", apiGroup: "apps", resource: "deployments", subresource: "scale" }),
    ).toBe("allow");
    expect(d(alice, { verb: "update", apiGroup: "apps", resource: "deployments" })).toBe("deny");
    expect(
      d(alice, { verb: "update", apiGroup: "apps", resource: "deployments", subresource: "status" }),
    ).toBe("deny");
  });

  it("allows a named request through resourceNames, and no unnamed create, list or watch", () => {
    const d = decide(
      [
        clusterRole("r", [
          rule({
            verbs: ["get", "list", "watch", "create"],
            resources: ["configmaps"],
            resourceNames: ["app"],
          }),
        ]),
      ],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, get("configmaps", { name: "app", namespace: "x" }))).toBe("allow");
    expect(d(alice, get("configmaps", { name: "other", namespace: "x" }))).toBe("deny");
    expect(d(alice, { verb: "list", apiGroup: "", resource: "configmaps", namespace: "x" })).toBe("deny");
    expect(d(alice, { verb: "watch", apiGroup: "", resource: "configmaps", namespace: "x" })).toBe("deny");
    expect(d(alice, { verb: "create", apiGroup: "", resource: "configmaps", namespace: "x" })).toBe("deny");
    // list/watch with the field selector metadata.name=app count as named app.
    expect(
      d(alice, { verb: "list", apiGroup: "", resource: "configmaps", namespace: "x", name: "app" }),
    ).toBe("allow");
    expect(
      d(alice, { verb: "watch", apiGroup: "", resource: "configmaps", namespace: "x", name: "app" }),
    ).toBe("allow");
  });

  it("matches non-resource URLs exactly, by * and by a trailing-* prefix that excludes the bare path", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["get"], nonResourceURLs: ["/healthz/*", "/version"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/healthz/etcd" })).toBe("allow");
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/healthz" })).toBe("deny");
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/version" })).toBe("allow");
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/version/x" })).toBe("deny");
    expect(d(alice, { verb: "post", apiGroup: "", nonResourceURL: "/version" })).toBe("deny");
  });

  it("never lets a resource rule allow a non-resource URL or the reverse", () => {
    const d = decide(
      [
        clusterRole("r", [rule({ verbs: ["get"], apiGroups: ["*"], resources: ["*"] })]),
        clusterRole("u", [rule({ verbs: ["get"], nonResourceURLs: ["*"] })]),
      ],
      [
        clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")]),
        clusterRoleBinding("c", { kind: "ClusterRole", name: "u" }, [user("bob")]),
      ],
    );
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/metrics" })).toBe("deny");
    expect(d(userInfoFor("bob"), { verb: "get", apiGroup: "", nonResourceURL: "/metrics" })).toBe("allow");
    expect(d(userInfoFor("bob"), get("pods"))).toBe("deny");
  });
});

describe("bindings and scope (docs/semantics.md §2)", () => {
  it("grants non-resource URLs only through ClusterRoleBindings", () => {
    const d = decide(
      [clusterRole("u", [rule({ verbs: ["get"], nonResourceURLs: ["/metrics"] })])],
      [roleBinding("team", "b", { kind: "ClusterRole", name: "u" }, [user("alice")])],
    );
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/metrics", namespace: "team" })).toBe(
      "deny",
    );
  });

  it("limits a RoleBinding to a ClusterRole to its namespace's namespaced resources and its Namespace object", () => {
    const d = decide(
      [clusterRole("admin-ish", [rule({ verbs: ["get"], apiGroups: ["*"], resources: ["*"] })])],
      [roleBinding("team", "b", { kind: "ClusterRole", name: "admin-ish" }, [user("alice")])],
    );
    expect(d(alice, get("secrets", { namespace: "team" }))).toBe("allow");
    expect(d(alice, get("secrets", { namespace: "other" }))).toBe("deny");
    expect(d(alice, get("secrets"))).toBe("deny");
    expect(d(alice, get("nodes", { name: "n1" }))).toBe("deny");
    // Even when a namespace is given for a cluster-scoped kind: the API server never gives it one.
    expect(d(alice, get("nodes", { name: "n1", namespace: "team" }))).toBe("deny");
    expect(d(alice, get("persistentvolumes", { namespace: "team" }))).toBe("deny");
    expect(
      d(alice, {
        verb: "get",
        apiGroup: "rbac.authorization.k8s.io",
        resource: "clusterroles",
        namespace: "team",
      }),
    ).toBe("deny");
    expect(d(alice, get("namespaces", { name: "team" }))).toBe("allow");
    expect(d(alice, get("namespaces", { name: "other" }))).toBe("deny");
    expect(d(alice, { verb: "list", apiGroup: "", resource: "namespaces" })).toBe("deny");
  });

  it("applies a ClusterRoleBinding everywhere, cluster-scoped kinds included", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["get"], resources: ["nodes", "secrets"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])],
    );
    expect(d(alice, get("nodes", { name: "n1" }))).toBe("allow");
    expect(d(alice, get("secrets", { namespace: "any" }))).toBe("allow");
    expect(d(alice, get("secrets"))).toBe("allow");
  });

  it("finds a Role in the RoleBinding's own namespace only", () => {
    const d = decide(
      [
        role("team", "reader", [rule({ verbs: ["get"], resources: ["pods"] })]),
        role("other", "writer", [rule({ verbs: ["*"], resources: ["*"] })]),
      ],
      [
        roleBinding("team", "b", { kind: "Role", name: "reader" }, [user("alice")]),
        roleBinding("team", "c", { kind: "Role", name: "writer" }, [user("alice")]),
      ],
    );
    expect(d(alice, get("pods", { namespace: "team" }))).toBe("allow");
    expect(d(alice, { verb: "delete", apiGroup: "", resource: "pods", namespace: "team" })).toBe("deny");
  });

  it("grants nothing through a binding to a missing role, or a ClusterRoleBinding to a Role", () => {
    const d = decide(
      [role("team", "reader", [rule({ verbs: ["get"], resources: ["pods"] })])],
      [
        clusterRoleBinding("missing", { kind: "ClusterRole", name: "nope" }, [user("alice")]),
        clusterRoleBinding("wrong", { kind: "Role", name: "reader" }, [user("alice")]),
      ],
    );
    expect(d(alice, get("pods", { namespace: "team" }))).toBe("deny");
  });

  it("gives a namespace-less ServiceAccount subject of a RoleBinding the binding's namespace", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["get"], resources: ["pods"] })])],
      [
        roleBinding("team", "b", { kind: "ClusterRole", name: "r" }, [sa("builder")]),
        clusterRoleBinding("c", { kind: "ClusterRole", name: "r" }, [sa("orphan")]),
      ],
    );
    expect(d(userInfoFor("system:serviceaccount:team:builder"), get("pods", { namespace: "team" }))).toBe(
      "allow",
    );
    expect(d(userInfoFor("system:serviceaccount:other:builder"), get("pods", { namespace: "team" }))).toBe(
      "deny",
    );
    // In a ClusterRoleBinding there is no namespace to take: the subject matches nobody.
    expect(d(userInfoFor("system:serviceaccount:team:orphan"), get("pods", { namespace: "team" }))).toBe(
      "deny",
    );
    expect(d(userInfoFor("system:serviceaccount::orphan"), get("pods", { namespace: "team" }))).toBe("deny");
  });

  it("matches a ServiceAccount through a User subject with its user name, and through its groups", () => {
    const d = decide(
      [
        clusterRole("r", [rule({ verbs: ["list"], resources: ["pods"] })]),
        clusterRole("w", [rule({ verbs: ["watch"], resources: ["pods"] })]),
        clusterRole("x", [rule({ verbs: ["delete"], resources: ["pods"] })]),
      ],
      [
        clusterRoleBinding("u", { kind: "ClusterRole", name: "r" }, [
          user("system:serviceaccount:ci:deployer"),
        ]),
        clusterRoleBinding("g", { kind: "ClusterRole", name: "w" }, [group("system:serviceaccounts:ci")]),
        clusterRoleBinding("all", { kind: "ClusterRole", name: "x" }, [group("system:serviceaccounts")]),
      ],
    );
    const deployer = userInfoFor("system:serviceaccount:ci:deployer");
    expect(d(deployer, { verb: "list", apiGroup: "", resource: "pods" })).toBe("allow");
    expect(d(deployer, { verb: "watch", apiGroup: "", resource: "pods" })).toBe("allow");
    expect(d(deployer, { verb: "delete", apiGroup: "", resource: "pods", namespace: "a", name: "p" })).toBe(
      "allow",
    );
    expect(
      d(userInfoFor("system:serviceaccount:prod:deployer"), {
        verb: "watch",
        apiGroup: "",
        resource: "pods",
      }),
    ).toBe("deny");
    expect(d(alice, { verb: "delete", apiGroup: "", resource: "pods", namespace: "a", name: "p" })).toBe(
      "deny",
    );
  });

  it("lets system:authenticated bindings reach every signed-in user and not the anonymous one", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["get"], nonResourceURLs: ["/version"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [group("system:authenticated")])],
    );
    const req: AccessRequest = { verb: "get", apiGroup: "", nonResourceURL: "/version" };
    expect(d(alice, req)).toBe("allow");
    expect(d(userInfoFor("system:serviceaccount:a:b"), req)).toBe("allow");
    expect(d(userInfoFor("system:anonymous"), req)).toBe("deny");
  });

  it("lets system:unauthenticated bindings reach the anonymous user", () => {
    const d = decide(
      [clusterRole("r", [rule({ verbs: ["get"], nonResourceURLs: ["/version"] })])],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [group("system:unauthenticated")])],
    );
    expect(
      d(userInfoFor("system:anonymous"), { verb: "get", apiGroup: "", nonResourceURL: "/version" }),
    ).toBe("allow");
    expect(d(alice, { verb: "get", apiGroup: "", nonResourceURL: "/version" })).toBe("deny");
  });
});

describe("aggregation (docs/semantics.md §2 Aggregated ClusterRoles)", () => {
  it("unions every ClusterRole matching any selector, transitively, ignoring the aggregated role's own rules", () => {
    const d = decide(
      [
        clusterRole("monitoring", [rule({ verbs: ["delete"], resources: ["nodes"] })], {
          aggregate: [
            selector({ "rbac.example.com/aggregate-to-monitoring": "true" }),
            selector({ extra: "yes" }),
          ],
        }),
        clusterRole("pods-reader", [rule({ verbs: ["get"], resources: ["pods"] })], {
          labels: { "rbac.example.com/aggregate-to-monitoring": "true" },
        }),
        clusterRole("svc-reader", [rule({ verbs: ["get"], resources: ["services"] })], {
          labels: { extra: "yes" },
        }),
        // An aggregated role selected by monitoring contributes what it aggregates.
        clusterRole("middle", [], { labels: { extra: "yes" }, aggregate: [selector({ leaf: "1" })] }),
        clusterRole("leaf", [rule({ verbs: ["get"], resources: ["endpoints"] })], { labels: { leaf: "1" } }),
        clusterRole("unrelated", [rule({ verbs: ["get"], resources: ["secrets"] })]),
      ],
      [clusterRoleBinding("b", { kind: "ClusterRole", name: "monitoring" }, [user("alice")])],
    );
    expect(d(alice, get("pods", { namespace: "a" }))).toBe("allow");
    expect(d(alice, get("services", { namespace: "a" }))).toBe("allow");
    expect(d(alice, get("endpoints", { namespace: "a" }))).toBe("allow");
    expect(d(alice, get("secrets", { namespace: "a" }))).toBe("deny");
    expect(d(alice, { verb: "delete", apiGroup: "", resource: "nodes", name: "n" })).toBe("deny");
  });

  it("excludes the aggregated role itself even when its own labels match its selector, and survives cycles", () => {
    const d = decide(
      [
        clusterRole("a", [rule({ verbs: ["get"], resources: ["secrets"] })], {
          labels: { agg: "x" },
          aggregate: [selector({ agg: "x" })],
        }),
        clusterRole("b", [rule({ verbs: ["get"], resources: ["configmaps"] })], {
          labels: { agg: "x" },
          aggregate: [selector({ agg: "x" })],
        }),
        clusterRole("c", [rule({ verbs: ["get"], resources: ["pods"] })], { labels: { agg: "x" } }),
      ],
      [clusterRoleBinding("bind", { kind: "ClusterRole", name: "a" }, [user("alice")])],
    );
    expect(d(alice, get("pods", { namespace: "n" }))).toBe("allow");
    expect(d(alice, get("secrets", { namespace: "n" }))).toBe("deny");
    expect(d(alice, get("configmaps", { namespace: "n" }))).toBe("deny");
  });

  it("records which ClusterRole each aggregated grant came from", () => {
    const index = buildRbacIndex(
      rbacSnapshot(
        [
          clusterRole("view", [], { aggregate: [selector({ v: "1" })] }),
          clusterRole("source", [rule({ verbs: ["get"], resources: ["pods"] })], { labels: { v: "1" } }),
        ],
        [clusterRoleBinding("b", { kind: "ClusterRole", name: "view" }, [user("alice")])],
      ),
    );
    const result = can(index, alice, get("pods", { namespace: "n" }));
    expect(result.grants).toEqual([
      {
        binding: { kind: "ClusterRoleBinding", name: "b" },
        role: { kind: "ClusterRole", name: "view" },
        rule: rule({ verbs: ["get"], resources: ["pods"] }),
        subject: { kind: "User", name: "alice" },
        aggregatedFrom: { kind: "ClusterRole", name: "source" },
      },
    ]);
  });
});

describe("outside RBAC (docs/semantics.md §2)", () => {
  it("allows everything to system:masters", () => {
    const index = buildRbacIndex(rbacSnapshot([], []));
    const result = can(index, userInfoFor("root", ["system:masters"]), {
      verb: "delete",
      apiGroup: "",
      resource: "nodes",
    });
    expect(result.decision).toBe("allow");
    expect(result.reason).toMatch(/system:masters/);
  });

  it("answers indeterminate for nodes when RBAC does not allow, and allow when it does", () => {
    const index = buildRbacIndex(
      rbacSnapshot(
        [clusterRole("r", [rule({ verbs: ["get"], resources: ["nodes"] })])],
        [clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [group("system:nodes")])],
      ),
    );
    const node = userInfoFor("system:node:worker-1", ["system:nodes"]);
    expect(can(index, node, get("pods", { namespace: "a", name: "p" })).decision).toBe("indeterminate");
    expect(can(index, node, get("nodes", { name: "worker-1" })).decision).toBe("allow");
  });

  it("explains that a RoleBinding cannot grant a cluster-scoped kind asked for in a namespace", () => {
    const result = can(buildRbacIndex(rbacSnapshot([], [])), alice, get("nodes", { namespace: "team" }));
    expect(result.reason).toMatch(/nodes is cluster-scoped, so no RoleBinding of team can grant it/);
  });

  it("denies with a reason and no grants when nothing grants the request", () => {
    const result = can(buildRbacIndex(rbacSnapshot([], [])), alice, get("pods"));
    expect(result).toEqual({ decision: "deny", grants: [], reason: expect.stringMatching(/no RBAC rule/) });
  });
});
