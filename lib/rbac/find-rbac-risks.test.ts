import { describe, expect, it } from "vitest";
import { compareFindings, type Finding } from "@/lib/findings/types";
import { RULES } from "@/lib/findings/catalogue";
import type { PolicyRule, Role, RoleBinding } from "@/lib/model/types";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
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

const RBAC = "rbac.authorization.k8s.io";

/** The findings for alice holding `rules` through a ClusterRoleBinding (or a RoleBinding in `namespace`). */
function risksOf(rules: PolicyRule[], namespace?: string): Finding[] {
  const bindings: RoleBinding[] = [
    namespace === undefined
      ? clusterRoleBinding("b", { kind: "ClusterRole", name: "r" }, [user("alice")])
      : roleBinding(namespace, "b", { kind: "ClusterRole", name: "r" }, [user("alice")]),
  ];
  return findRbacRisks(rbacSnapshot([clusterRole("r", rules)], bindings));
}

const ids = (findings: Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();

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
