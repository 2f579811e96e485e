import { describe, expect, it } from "vitest";
import {} from "@/lib/findings/types";
import type { Role } from "@/lib/model/types";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
import {
  RBAC_GROUP as RBAC,
  clusterRole,
  clusterRoleBinding,
  group,
  ids,
  rbacSnapshot,
  role,
  risksOf,
  roleBinding,
  rule,
  sa,
  user,
} from "@/lib/rbac/test-fixtures";

// The RBAC risk catalogue (docs/semantics.md §2), RBAC-013..025 (RBAC-001..012 in find-rbac-risks.test.ts).

describe("findRbacRisks: one rule per risk ID, RBAC-013..025 (docs/semantics.md §2 Risk catalogue)", () => {
  it("RBAC-013 flags writing admission webhook configurations", () => {
    expect(
      ids(
        risksOf([
          rule({
            verbs: ["patch"],
            apiGroups: ["admissionregistration.k8s.io"],
            resources: ["mutatingwebhookconfigurations"],
          }),
        ]),
      ),
    ).toEqual(["RBAC-013"]);
    expect(
      ids(
        risksOf([
          rule({
            verbs: ["get"],
            apiGroups: ["admissionregistration.k8s.io"],
            resources: ["mutatingwebhookconfigurations"],
          }),
        ]),
      ),
    ).toEqual([]);
  });

  it("RBAC-014 flags update or patch on namespaces, also on its own Namespace through a RoleBinding", () => {
    expect(ids(risksOf([rule({ verbs: ["update"], resources: ["namespaces"] })]))).toEqual(["RBAC-014"]);
    // A RoleBinding reaches only its own Namespace object: a rule naming another namespace grants nothing there.
    expect(
      ids(risksOf([rule({ verbs: ["patch"], resources: ["namespaces"], resourceNames: ["prod"] })], "team")),
    ).toEqual([]);
    expect(
      ids(risksOf([rule({ verbs: ["patch"], resources: ["namespaces"], resourceNames: ["team"] })], "team")),
    ).toEqual(["RBAC-014"]);
    expect(risksOf([rule({ verbs: ["patch"], resources: ["namespaces"] })], "team")[0]).toMatchObject({
      rule: "RBAC-014",
      scope: "team",
    });
  });

  it("RBAC-015 flags writing Secrets cluster-wide or in kube-system, not in other namespaces", () => {
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["secrets"] })]))).toEqual(["RBAC-015"]);
    expect(ids(risksOf([rule({ verbs: ["update"], resources: ["secrets"] })], "kube-system"))).toEqual([
      "RBAC-015",
    ]);
    expect(ids(risksOf([rule({ verbs: ["update"], resources: ["secrets"] })], "team"))).toEqual([]);
    // Also when the role names Namespace objects (which makes its answer depend on the binding's namespace).
    const naming = [
      rule({ verbs: ["update"], resources: ["secrets", "namespaces"], resourceNames: ["team"] }),
    ];
    expect(ids(risksOf(naming, "team"))).toEqual(["RBAC-014"]);
    expect(ids(risksOf(naming, "kube-system"))).toEqual(["RBAC-015"]);
  });

  it("RBAC-016 flags update or patch on pods", () => {
    expect(ids(risksOf([rule({ verbs: ["update"], resources: ["pods"] })]))).toEqual(["RBAC-016"]);
  });

  it("RBAC-017 needs deleting kube-system pods and updating nodes", () => {
    const roles = [
      role("kube-system", "pod-deleter", [rule({ verbs: ["delete"], resources: ["pods"] })]),
      clusterRole("node-updater", [rule({ verbs: ["update"], resources: ["nodes"] })]),
    ];
    const findings = findRbacRisks(
      rbacSnapshot(roles, [
        roleBinding("kube-system", "del", { kind: "Role", name: "pod-deleter" }, [group("ops")]),
        clusterRoleBinding("nodes", { kind: "ClusterRole", name: "node-updater" }, [group("ops")]),
      ]),
    );
    expect(ids(findings)).toEqual(["RBAC-017", "RBAC-019"]);
    expect(findings.find((f) => f.rule === "RBAC-017")).toMatchObject({
      subject: { kind: "Group", name: "ops" },
      binding: { name: "del" },
    });
    const elsewhere = findRbacRisks(
      rbacSnapshot(
        [role("team", "pod-deleter", [rule({ verbs: ["delete"], resources: ["pods"] })]), roles[1] as Role],
        [
          roleBinding("team", "del", { kind: "Role", name: "pod-deleter" }, [group("ops")]),
          clusterRoleBinding("nodes", { kind: "ClusterRole", name: "node-updater" }, [group("ops")]),
        ],
      ),
    );
    expect(ids(elsewhere)).toEqual(["RBAC-019"]);
  });

  it("RBAC-018 flags update or patch on the status of nodes, pods or services", () => {
    expect(ids(risksOf([rule({ verbs: ["patch"], resources: ["services/status"] })]))).toEqual(["RBAC-018"]);
    expect(ids(risksOf([rule({ verbs: ["patch"], resources: ["*/status"] })]))).toEqual(["RBAC-018"]);
  });

  it("RBAC-019 flags delete or deletecollection on workloads, Secrets or Services", () => {
    expect(
      ids(risksOf([rule({ verbs: ["deletecollection"], apiGroups: ["apps"], resources: ["deployments"] })])),
    ).toEqual(["RBAC-019"]);
    expect(risksOf([rule({ verbs: ["delete"], resources: ["services"] })], "team")[0]).toMatchObject({
      rule: "RBAC-019",
      severity: "low",
    });
  });

  it("RBAC-020 flags a binding to a missing role and a ClusterRoleBinding to a Role", () => {
    const findings = findRbacRisks(
      rbacSnapshot(
        [role("team", "r", [])],
        [
          roleBinding("team", "gone", { kind: "Role", name: "nope" }, [user("alice")]),
          clusterRoleBinding("wrong", { kind: "Role", name: "r" }, [user("bob")]),
        ],
      ),
    );
    expect(findings.map((f) => [f.rule, f.binding?.name, f.subject?.name])).toEqual([
      ["RBAC-020", "wrong", "bob"],
      ["RBAC-020", "gone", "alice"],
    ]);
    expect(findings[0]?.message).toMatch(/cannot refer to a Role/);
  });

  it("RBAC-021 flags bindings to system:anonymous or system:unauthenticated", () => {
    const findings = findRbacRisks(
      rbacSnapshot(
        [clusterRole("r", [rule({ verbs: ["get"], nonResourceURLs: ["/healthz"] })])],
        [
          clusterRoleBinding("anon", { kind: "ClusterRole", name: "r" }, [
            user("system:anonymous"),
            group("system:unauthenticated"),
          ]),
        ],
      ),
    );
    expect(findings.map((f) => [f.rule, f.subject?.name]).sort()).toEqual([
      ["RBAC-021", "system:anonymous"],
      ["RBAC-021", "system:unauthenticated"],
    ]);
    // Only URLs: low. Reading objects: high. A role with a risk of its own: critical.
    expect(findings.map((f) => f.severity)).toEqual(["low", "low"]);
    const reads = findRbacRisks(
      rbacSnapshot(
        [
          clusterRole("pods", [rule({ verbs: ["list"], resources: ["pods"] })]),
          clusterRole("secrets", [rule({ verbs: ["list"], resources: ["secrets"] })]),
        ],
        [
          clusterRoleBinding("a", { kind: "ClusterRole", name: "pods" }, [group("system:unauthenticated")]),
          clusterRoleBinding("b", { kind: "ClusterRole", name: "secrets" }, [
            group("system:unauthenticated"),
          ]),
        ],
      ),
    );
    expect(reads.filter((f) => f.rule === "RBAC-021").map((f) => [f.binding?.name, f.severity])).toEqual([
      ["b", "critical"],
      ["a", "high"],
    ]);
  });

  it("RBAC-022 flags system:authenticated bound to a sensitive role, not to a harmless one", () => {
    const snapshot = rbacSnapshot(
      [
        clusterRole("secrets", [rule({ verbs: ["get"], resources: ["secrets"] })]),
        clusterRole("harmless", [rule({ verbs: ["get"], resources: ["configmaps"] })]),
      ],
      [
        clusterRoleBinding("bad", { kind: "ClusterRole", name: "secrets" }, [group("system:authenticated")]),
        clusterRoleBinding("ok", { kind: "ClusterRole", name: "harmless" }, [group("system:authenticated")]),
      ],
    );
    expect(findRbacRisks(snapshot).map((f) => [f.rule, f.binding?.name])).toEqual([
      ["RBAC-022", "bad"],
      ["RBAC-002", "bad"],
    ]);
  });

  it("RBAC-023 flags update or patch on ConfigMaps in kube-system only", () => {
    expect(ids(risksOf([rule({ verbs: ["patch"], resources: ["configmaps"] })], "kube-system"))).toEqual([
      "RBAC-023",
    ]);
    expect(ids(risksOf([rule({ verbs: ["patch"], resources: ["configmaps"] })], "team"))).toEqual([]);
  });

  it("RBAC-024 flags writing CRDs or admission policies", () => {
    expect(
      ids(
        risksOf([
          rule({
            verbs: ["create"],
            apiGroups: ["apiextensions.k8s.io"],
            resources: ["customresourcedefinitions"],
          }),
        ]),
      ),
    ).toEqual(["RBAC-024"]);
    expect(
      ids(
        risksOf([
          rule({
            verbs: ["update"],
            apiGroups: ["admissionregistration.k8s.io"],
            resources: ["validatingadmissionpolicies"],
          }),
        ]),
      ),
    ).toEqual(["RBAC-024"]);
  });

  it("RBAC-025 flags get and patch on RoleBindings in the same scope, combining bindings", () => {
    expect(
      ids(
        risksOf([rule({ verbs: ["get", "patch"], apiGroups: [RBAC], resources: ["rolebindings"] })], "team"),
      ),
    ).toEqual(["RBAC-025"]);
    expect(
      ids(risksOf([rule({ verbs: ["patch"], apiGroups: [RBAC], resources: ["rolebindings"] })], "team")),
    ).toEqual([]);
    const split = findRbacRisks(
      rbacSnapshot(
        [
          clusterRole("get", [rule({ verbs: ["get"], apiGroups: [RBAC], resources: ["rolebindings"] })]),
          clusterRole("patch", [rule({ verbs: ["patch"], apiGroups: [RBAC], resources: ["rolebindings"] })]),
        ],
        [
          clusterRoleBinding("reads", { kind: "ClusterRole", name: "get" }, [sa("bot", "ci")]),
          roleBinding("prod", "writes", { kind: "ClusterRole", name: "patch" }, [sa("bot", "ci")]),
          roleBinding("dev", "other", { kind: "ClusterRole", name: "patch" }, [sa("bot", "ci")]),
        ],
      ),
    );
    expect(split.map((f) => [f.rule, f.scope, f.binding?.name])).toEqual([
      ["RBAC-025", "dev", "other"],
      ["RBAC-025", "prod", "writes"],
    ]);
  });
});
