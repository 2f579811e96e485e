import { describe, expect, it } from "vitest";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  rbacSnapshot,
  role,
  roleBinding,
  rule,
  sa,
  user,
} from "@/lib/rbac/test-fixtures";
import { whoCan } from "@/lib/rbac/who-can";

const index = buildRbacIndex(
  rbacSnapshot(
    [
      clusterRole("secret-reader", [rule({ verbs: ["get", "list"], resources: ["secrets"] })]),
      clusterRole("everything", [rule({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] })]),
      role("prod", "named", [rule({ verbs: ["get"], resources: ["secrets"], resourceNames: ["db"] })]),
    ],
    [
      clusterRoleBinding("admins", { kind: "ClusterRole", name: "everything" }, [group("platform")]),
      roleBinding("prod", "readers", { kind: "ClusterRole", name: "secret-reader" }, [
        user("carol"),
        sa("app"),
      ]),
      roleBinding("dev", "dev-readers", { kind: "ClusterRole", name: "secret-reader" }, [user("dave")]),
      roleBinding("prod", "db", { kind: "Role", name: "named" }, [user("erin")]),
    ],
  ),
);

describe("whoCan", () => {
  it("lists every binding subject allowed in a namespace, groups kept as groups, with the grant chain", () => {
    const result = whoCan(index, { verb: "get", apiGroup: "", resource: "secrets", namespace: "prod" });
    expect(result.subjects.map((s) => [s.kind, s.namespace ?? "", s.name])).toEqual([
      ["Group", "", "platform"],
      ["ServiceAccount", "prod", "app"],
      ["User", "", "carol"],
    ]);
    expect(result.subjects[2]?.grants).toEqual([
      {
        binding: { kind: "RoleBinding", namespace: "prod", name: "readers" },
        role: { kind: "ClusterRole", name: "secret-reader" },
        rule: rule({ verbs: ["get", "list"], resources: ["secrets"] }),
        subject: { kind: "User", name: "carol" },
      },
    ]);
  });

  it("counts resourceNames only for a request naming that object", () => {
    const named = whoCan(index, {
      verb: "get",
      apiGroup: "",
      resource: "secrets",
      namespace: "prod",
      name: "db",
    });
    expect(named.subjects.map((s) => s.name)).toContain("erin");
  });

  it("answers a cluster-wide request with ClusterRoleBindings only", () => {
    const result = whoCan(index, { verb: "list", apiGroup: "", resource: "secrets" });
    expect(result.subjects.map((s) => s.name)).toEqual(["platform"]);
  });

  it("says that system:masters is allowed outside RBAC", () => {
    expect(whoCan(index, { verb: "get", apiGroup: "", resource: "pods" }).notes.join(" ")).toMatch(
      /system:masters/,
    );
  });
});
