import { describe, expect, it } from "vitest";
import { findingId } from "@/lib/findings/finding-namespace";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { buildAccessGraph } from "@/lib/views/build-access-graph";
import { buildBindingRows, filterBindingRows, roleHref, subjectHref } from "@/lib/views/build-access-view";
import { buildRoleView, buildSubjectView } from "@/lib/views/build-subject-view";
import { parseAccessRequest } from "@/lib/rbac/parse-access-request";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  rbacSnapshot,
  roleBinding,
  rule,
  sa,
  selector,
  user,
} from "@/lib/rbac/test-fixtures";

const snapshot = rbacSnapshot(
  [
    clusterRole("secrets", [rule({ verbs: ["get"], resources: ["secrets"] })], { labels: { agg: "view" } }),
    clusterRole("view", [], { aggregate: [selector({ agg: "view" })] }),
    clusterRole("pods", [rule({ verbs: ["list"], resources: ["pods"] })]),
    clusterRole("system:basic", [rule({ verbs: ["get"], nonResourceURLs: ["/version"] })], {
      labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
    }),
  ],
  [
    clusterRoleBinding("viewers", { kind: "ClusterRole", name: "view" }, [group("auditors")]),
    roleBinding("shop", "pod-listers", { kind: "ClusterRole", name: "pods" }, [user("alice"), sa("web")]),
    clusterRoleBinding(
      "system:basic",
      { kind: "ClusterRole", name: "system:basic" },
      [group("system:authenticated")],
      {
        "kubernetes.io/bootstrapping": "rbac-defaults",
      },
    ),
  ],
);

describe("Access view models", () => {
  it("makes one row per binding subject with its risks, and filters and sorts them", () => {
    const { index, findings } = analyzeRbac(snapshot);
    const rows = buildBindingRows(index, findings);
    expect(rows.map((r) => `${r.subject.name}@${r.binding.name}`)).toEqual([
      "auditors@viewers",
      "alice@pod-listers",
      "web@pod-listers",
      "system:authenticated@system:basic",
    ]);
    const risky = filterBindingRows(rows, { risk: "any" });
    expect(risky.map((r) => [r.subject.name, r.severity, r.risks.map((k) => k.rule)])).toEqual([
      ["auditors", "high", ["RBAC-002"]],
    ]);
    expect(risky[0]?.risks[0]?.findingId).toBe(findingId(findings.find((f) => f.rule === "RBAC-002")!));
    expect(filterBindingRows(rows, { kind: "ServiceAccount" }).map((r) => r.subject)).toEqual([
      { kind: "ServiceAccount", name: "web", namespace: "shop" },
    ]);
    expect(filterBindingRows(rows, { hideDefaults: true, ns: "other" }).map((r) => r.binding.name)).toEqual([
      "viewers",
    ]);
    // Sorted by subject: kind first (ServiceAccount before User), then name.
    expect(filterBindingRows(rows, { q: "POD-LIST", sort: "subject" }).map((r) => r.subject.name)).toEqual([
      "web",
      "alice",
    ]);
  });

  it("shows a subject's bindings through groups and its permission chains, aggregation included", () => {
    const { index, findings } = analyzeRbac(snapshot);
    const view = buildSubjectView(index, findings, { kind: "User", name: "carol" }, ["auditors"]);
    expect(view.bindings.map((b) => [b.binding.name, b.via.name, b.direct])).toEqual([
      ["viewers", "auditors", false],
      ["system:basic", "system:authenticated", false],
    ]);
    const secrets = view.matrix.find((r) => r.resource === "secrets");
    expect(secrets?.cells[0]?.chains[0]).toMatchObject({
      via: { kind: "Group", name: "auditors" },
      role: { kind: "ClusterRole", name: "view" },
      aggregatedFrom: { kind: "ClusterRole", name: "secrets" },
      rule: "verbs get on secrets (core)",
    });
    expect(view.findings.map((f) => f.rule)).toEqual(["RBAC-002"]);
  });

  it("shows a role's aggregated rules with their source, the roles it feeds and who holds it", () => {
    const { index, findings } = analyzeRbac(snapshot);
    const view = buildRoleView(index, findings, { kind: "ClusterRole", name: "view" });
    expect(view.aggregated).toBe(true);
    expect(view.selectors).toEqual(["agg=view"]);
    expect(view.rules).toEqual([
      {
        text: "verbs get on secrets (core)",
        aggregatedFrom: { kind: "ClusterRole", name: "secrets" },
        aggregatedFromHref: "/access/roles/ClusterRole/secrets",
      },
    ]);
    expect(view.holders.map((h) => h.binding.name)).toEqual(["viewers"]);
    expect(
      buildRoleView(index, findings, { kind: "ClusterRole", name: "secrets" }).aggregatedInto.map(
        (a) => a.role.name,
      ),
    ).toEqual(["view"]);
    expect(buildRoleView(index, findings, { kind: "ClusterRole", name: "gone" }).exists).toBe(false);
  });

  it("draws subjects, bindings and roles with the worst risk through them", () => {
    const { index, findings } = analyzeRbac(snapshot);
    const graph = buildAccessGraph(buildBindingRows(index, findings), 2);
    expect(graph.truncated).toBe(2);
    expect(graph.nodes.map((n) => [n.column, n.label, n.severity ?? "-"])).toEqual([
      [0, "auditors", "high"],
      [1, "viewers", "high"],
      [2, "view", "high"],
      [0, "alice", "-"],
      [1, "shop/pod-listers", "-"],
      [2, "pods", "-"],
    ]);
  });

  it("links subjects and roles by kind, namespace and an encoded name", () => {
    expect(subjectHref({ kind: "ServiceAccount", namespace: "ci", name: "bot" })).toBe(
      "/access/subjects/ServiceAccount/ci/bot",
    );
    expect(subjectHref({ kind: "User", name: "system:node:a" })).toBe(
      "/access/subjects/User/system%3Anode%3Aa",
    );
    expect(roleHref({ kind: "Role", namespace: "ci", name: "r" })).toBe("/access/roles/Role/ci/r");
  });
});

describe("parseAccessRequest", () => {
  it("splits res/sub typed in the resource box and reads core as the empty group", () => {
    expect(
      parseAccessRequest({ verb: "create", resource: "pods/exec", apiGroup: "core", namespace: "shop" }),
    ).toEqual({
      verb: "create",
      apiGroup: "",
      resource: "pods",
      subresource: "exec",
      namespace: "shop",
    });
  });

  it("refuses a missing verb or resource and malformed names", () => {
    expect(() => parseAccessRequest({ resource: "pods" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
    expect(() => parseAccessRequest({ verb: "get" })).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() => parseAccessRequest({ verb: "get", resource: "pods", namespace: "a b" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
  });
});
