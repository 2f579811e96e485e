import { describe, expect, it } from "vitest";
import { compareFindings } from "@/lib/findings/types";
import { RULES } from "@/lib/findings/catalogue";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
import {
  RBAC_GROUP as RBAC,
  clusterRole,
  clusterRoleBinding,
  group,
  ids,
  rbacSnapshot,
  risksOf,
  roleBinding,
  rule,
  sa,
  user,
} from "@/lib/rbac/test-fixtures";

// The RBAC risk catalogue (docs/semantics.md §2), RBAC-001..012 here with how findings are reported and ordered;
// RBAC-013..025 in find-rbac-risks-013-025.test.ts.

describe("findRbacRisks: one rule per risk ID (docs/semantics.md §2 Risk catalogue)", () => {
  it("RBAC-001 flags * verbs on * resources and names subject, binding, role and scope", () => {
    const findings = risksOf([rule({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] })]);
    expect(findings).toEqual([
      {
        rule: "RBAC-001",
        severity: "critical",
        message: expect.stringMatching(
          /^User alice can do every verb on every resource cluster-wide through ClusterRoleBinding b \(ClusterRole r\)/,
        ),
        subject: { kind: "User", name: "alice" },
        binding: { kind: "ClusterRoleBinding", name: "b" },
        role: { kind: "ClusterRole", name: "r" },
        scope: "cluster",
      },
    ]);
  });

  it("RBAC-001 in one namespace is high and scoped to it", () => {
    const [f] = risksOf([rule({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] })], "team");
    expect(f).toMatchObject({ rule: "RBAC-001", severity: "high", scope: "team" });
  });

  it("RBAC-002 flags get, list or watch on secrets, and mentions resourceNames", () => {
    expect(ids(risksOf([rule({ verbs: ["list"], resources: ["secrets"] })]))).toEqual(["RBAC-002"]);
    const [named] = risksOf(
      [rule({ verbs: ["get"], resources: ["secrets"], resourceNames: ["tls"] })],
      "team",
    );
    expect(named).toMatchObject({ rule: "RBAC-002", severity: "medium", scope: "team" });
    expect(named?.message).toMatch(/only the objects named tls/);
  });

  it("RBAC-003 flags creating pods or pod controllers", () => {
    expect(
      ids(risksOf([rule({ verbs: ["create"], apiGroups: ["batch"], resources: ["cronjobs"] })])),
    ).toEqual(["RBAC-003"]);
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["configmaps"] })]))).toEqual([]);
  });

  it("RBAC-004 flags create or get on pods/exec, attach and portforward, and not on plain pods", () => {
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["pods/exec"] })]))).toEqual(["RBAC-004"]);
    expect(ids(risksOf([rule({ verbs: ["get"], resources: ["pods/portforward"] })]))).toEqual(["RBAC-004"]);
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["pods/*"] })]))).not.toContain("RBAC-004");
    expect(ids(risksOf([rule({ verbs: ["get"], resources: ["pods"] })]))).toEqual([]);
  });

  it("RBAC-005 flags update or patch on pods/ephemeralcontainers", () => {
    expect(ids(risksOf([rule({ verbs: ["patch"], resources: ["pods/ephemeralcontainers"] })]))).toEqual([
      "RBAC-005",
    ]);
  });

  it("RBAC-006 flags creating PersistentVolumes cluster-wide, never through a RoleBinding", () => {
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["persistentvolumes"] })]))).toEqual([
      "RBAC-006",
    ]);
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["persistentvolumes"] })], "team"))).toEqual([]);
  });

  it("RBAC-007 flags get or create on nodes/proxy", () => {
    expect(ids(risksOf([rule({ verbs: ["get"], resources: ["nodes/proxy"] })]))).toEqual(["RBAC-007"]);
    expect(ids(risksOf([rule({ verbs: ["get"], resources: ["nodes"] })]))).toEqual([]);
  });

  it("RBAC-008 flags escalate on roles or clusterroles", () => {
    expect(
      ids(risksOf([rule({ verbs: ["escalate"], apiGroups: [RBAC], resources: ["clusterroles"] })])),
    ).toEqual(["RBAC-008"]);
    // Through a RoleBinding only Roles of the namespace can be escalated, never ClusterRoles.
    expect(
      ids(risksOf([rule({ verbs: ["escalate"], apiGroups: [RBAC], resources: ["clusterroles"] })], "team")),
    ).toEqual([]);
    expect(
      ids(risksOf([rule({ verbs: ["escalate"], apiGroups: [RBAC], resources: ["roles"] })], "team")),
    ).toEqual(["RBAC-008"]);
  });

  it("RBAC-009 flags bind on roles or clusterroles", () => {
    expect(ids(risksOf([rule({ verbs: ["bind"], apiGroups: [RBAC], resources: ["roles"] })]))).toEqual([
      "RBAC-009",
    ]);
  });

  it("RBAC-010 flags impersonate on users, groups, serviceaccounts, uids or userextras", () => {
    expect(ids(risksOf([rule({ verbs: ["impersonate"], resources: ["users"] })]))).toEqual(["RBAC-010"]);
    expect(
      ids(
        risksOf([
          rule({
            verbs: ["impersonate"],
            apiGroups: ["authentication.k8s.io"],
            resources: ["userextras/scopes"],
          }),
        ]),
      ),
    ).toEqual(["RBAC-010"]);
    expect(ids(risksOf([rule({ verbs: ["impersonate"], resources: ["serviceaccounts"] })], "team"))).toEqual([
      "RBAC-010",
    ]);
  });

  it("RBAC-011 needs all three of create CSR, update approval and approve on a signer, across bindings", () => {
    const csr = "certificates.k8s.io";
    const roles = [
      clusterRole("csr-create", [
        rule({ verbs: ["create"], apiGroups: [csr], resources: ["certificatesigningrequests"] }),
      ]),
      clusterRole("csr-approve", [
        rule({ verbs: ["update"], apiGroups: [csr], resources: ["certificatesigningrequests/approval"] }),
        rule({
          verbs: ["approve"],
          apiGroups: [csr],
          resources: ["signers"],
          resourceNames: ["kubernetes.io/kube-apiserver-client"],
        }),
      ]),
    ];
    const both = findRbacRisks(
      rbacSnapshot(roles, [
        clusterRoleBinding("one", { kind: "ClusterRole", name: "csr-create" }, [user("alice")]),
        clusterRoleBinding("two", { kind: "ClusterRole", name: "csr-approve" }, [user("alice")]),
      ]),
    );
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({
      rule: "RBAC-011",
      binding: { name: "two" },
      subject: { name: "alice" },
      scope: "cluster",
    });
    expect(both[0]?.message).toMatch(/ClusterRoleBinding one/);
    const onlyApprove = findRbacRisks(
      rbacSnapshot(roles, [
        clusterRoleBinding("two", { kind: "ClusterRole", name: "csr-approve" }, [user("alice")]),
      ]),
    );
    expect(onlyApprove).toEqual([]);
  });

  it("RBAC-012 flags create on serviceaccounts/token", () => {
    expect(ids(risksOf([rule({ verbs: ["create"], resources: ["serviceaccounts/token"] })]))).toEqual([
      "RBAC-012",
    ]);
  });
});

describe("findRbacRisks: reporting", () => {
  it("labels bootstrap defaults expectedDefault without hiding them", () => {
    const findings = findRbacRisks(
      rbacSnapshot(
        [
          clusterRole(
            "cluster-admin",
            [
              rule({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }),
              rule({ verbs: ["*"], nonResourceURLs: ["*"] }),
            ],
            { labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
          ),
        ],
        [
          clusterRoleBinding(
            "cluster-admin",
            { kind: "ClusterRole", name: "cluster-admin" },
            [group("system:masters")],
            { "kubernetes.io/bootstrapping": "rbac-defaults" },
          ),
          clusterRoleBinding("alice-admin", { kind: "ClusterRole", name: "cluster-admin" }, [user("alice")]),
        ],
      ),
    );
    expect(findings.map((f) => [f.rule, f.binding?.name, f.expectedDefault ?? false]).sort()).toEqual([
      ["RBAC-001", "alice-admin", false],
      ["RBAC-001", "cluster-admin", true],
    ]);
  });

  it("gives one finding per binding subject, groups kept as groups, and fills a RoleBinding's ServiceAccount namespace", () => {
    const findings = findRbacRisks(
      rbacSnapshot(
        [clusterRole("r", [rule({ verbs: ["get"], resources: ["secrets"] })])],
        [roleBinding("team", "b", { kind: "ClusterRole", name: "r" }, [group("devs"), sa("builder")])],
      ),
    );
    expect(findings.map((f) => f.subject)).toEqual([
      { kind: "Group", name: "devs" },
      { kind: "ServiceAccount", name: "builder", namespace: "team" },
    ]);
  });

  it("only uses rule IDs of the catalogue", () => {
    const findings = risksOf([rule({ verbs: ["*"], resources: ["*"], apiGroups: [""] })]);
    for (const f of findings) expect(RULES.get(f.rule)?.area).toBe("rbac");
    expect(findings.length).toBeGreaterThan(5);
  });
});

describe("findRbacRisks: order", () => {
  it("sorts exactly as compareFindings does", () => {
    const findings = findRbacRisks(
      rbacSnapshot(
        [
          clusterRole("a", [rule({ verbs: ["*"], resources: ["*"], apiGroups: [""] })]),
          clusterRole("b", [rule({ verbs: ["get", "delete"], resources: ["secrets", "pods"] })]),
        ],
        [
          clusterRoleBinding("x", { kind: "ClusterRole", name: "a" }, [
            user("Zed"),
            user("alice"),
            group("ops"),
          ]),
          roleBinding("team", "y", { kind: "ClusterRole", name: "b" }, [user("bob"), sa("Builder")]),
          roleBinding("kube-system", "z", { kind: "ClusterRole", name: "missing" }, [user("eve")]),
        ],
      ),
    );
    expect(findings.length).toBeGreaterThan(10);
    expect(findings).toEqual([...findings].sort(compareFindings));
  });
});
