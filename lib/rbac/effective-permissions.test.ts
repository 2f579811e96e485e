import { describe, expect, it } from "vitest";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { effectivePermissions, subjectBindings } from "@/lib/rbac/effective-permissions";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  rbacSnapshot,
  roleBinding,
  rule,
  sa,
} from "@/lib/rbac/test-fixtures";

const index = buildRbacIndex(
  rbacSnapshot(
    [
      clusterRole("mixed", [
        rule({ verbs: ["get", "list"], resources: ["pods", "nodes"] }),
        rule({ verbs: ["get"], nonResourceURLs: ["/metrics"] }),
      ]),
      clusterRole("url", [rule({ verbs: ["get"], nonResourceURLs: ["/healthz"] })]),
    ],
    [
      roleBinding("ci", "direct", { kind: "ClusterRole", name: "mixed" }, [sa("builder")]),
      clusterRoleBinding("through-group", { kind: "ClusterRole", name: "url" }, [
        group("system:serviceaccounts"),
      ]),
    ],
  ),
);

describe("effectivePermissions", () => {
  it("finds bindings held directly and through implicit groups", () => {
    const found = subjectBindings(index, { kind: "ServiceAccount", namespace: "ci", name: "builder" });
    expect(found.map((b) => [b.binding.ref.name, b.via.kind, b.via.name])).toEqual([
      ["direct", "ServiceAccount", "builder"],
      ["through-group", "Group", "system:serviceaccounts"],
    ]);
  });

  it("drops cluster-scoped kinds and URLs from a RoleBinding's scope and keeps the chain per verb", () => {
    const rows = effectivePermissions(index, { kind: "ServiceAccount", namespace: "ci", name: "builder" });
    expect(rows.map((r) => [r.scope, r.resource, r.verbs.map((v) => v.verb).join(",")])).toEqual([
      ["cluster", "/healthz", "get"],
      ["ci", "pods", "get,list"],
    ]);
    expect(rows[1]?.verbs[0]?.grants[0]).toMatchObject({
      binding: { kind: "RoleBinding", namespace: "ci", name: "direct" },
      role: { kind: "ClusterRole", name: "mixed" },
    });
  });

  it("gives a group only what is bound to that group", () => {
    const rows = effectivePermissions(index, { kind: "Group", name: "system:serviceaccounts" });
    expect(rows.map((r) => r.resource)).toEqual(["/healthz"]);
  });
});
