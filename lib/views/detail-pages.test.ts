import { beforeAll, describe, expect, it } from "vitest";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import type { Snapshot } from "@/lib/model/types";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { loadManifests } from "@/lib/sources/load-manifests";
import { certificatesQuery } from "@/lib/views/build-certificate-view";
import { buildCertificatePage } from "@/lib/views/certificate-page";
import { parseQuery } from "@/lib/views/page-query";
import { buildReportPage } from "@/lib/views/report-page";
import { buildRolePage, parseRolePath, roleQuery } from "@/lib/views/role-page";
import { buildSubjectPage, parseSubjectPath, subjectQuery } from "@/lib/views/subject-page";

// The builders of the detail pages (one subject, one role, one certificate) and of the report, on the demo.

let demo: Snapshot;
beforeAll(async () => {
  demo = await loadManifests(["fixtures/demo"]);
});

describe("the subject and role paths", () => {
  it("name a subject or a role by kind and URL segments, decoded once", () => {
    expect(parseSubjectPath("ServiceAccount", ["ci", "deployer"])).toEqual({
      kind: "ServiceAccount",
      namespace: "ci",
      name: "deployer",
    });
    expect(parseSubjectPath("User", ["oidc%3Aalice"])).toEqual({ kind: "User", name: "oidc:alice" });
    expect(parseSubjectPath("ServiceAccount", ["ci"])).toBeUndefined();
    expect(parseSubjectPath("Robot", ["x"])).toBeUndefined();
    expect(parseRolePath("Role", ["kube-system", "config-editor"])).toEqual({
      kind: "Role",
      namespace: "kube-system",
      name: "config-editor",
    });
    expect(parseRolePath("ClusterRole", ["system:aggregate-to-view"])).toEqual({
      kind: "ClusterRole",
      name: "system:aggregate-to-view",
    });
    expect(parseRolePath("Role", ["only-a-namespace"])).toBeUndefined();
    expect(parseRolePath("Secret", ["x"])).toBeUndefined();
  });
});

describe("the subject page", () => {
  const deployer = { kind: "ServiceAccount" as const, namespace: "ci", name: "deployer" };

  it("checks a request and builds the confirm query for the API server with the added groups", () => {
    const query = parseQuery(subjectQuery, {
      verb: "create",
      resource: "pods",
      sub: "exec",
      cns: "shop",
      group: ["extra", " "],
      ns: "shop",
    });
    const page = buildSubjectPage(demo, deployer, query);
    expect(page.checkError).toBeUndefined();
    expect(page.result?.decision).toBe("allow");
    const confirm = new URLSearchParams(page.confirmQuery);
    expect(Object.fromEntries(confirm)).toMatchObject({
      kind: "ServiceAccount",
      name: "deployer",
      saNamespace: "ci",
      verb: "create",
      resource: "pods",
      subresource: "exec",
      namespace: "shop",
    });
    expect(confirm.getAll("group")).toEqual(["extra"]);
    expect(page.matrix.every((r) => r.scope === "cluster" || r.scope === "shop")).toBe(true);
    expect(page.matrix.some((r) => r.scope === "shop")).toBe(true);
    expect(page.accessHref).toBe("/access?ns=shop");
  });

  it("says why a malformed request cannot be checked instead of answering it", () => {
    const page = buildSubjectPage(demo, deployer, parseQuery(subjectQuery, { resource: "pods" }));
    expect(page.result).toBeUndefined();
    expect(page.checkError).toBeDefined();
    expect(page.confirmQuery).toBeUndefined();
  });

  it("adds no groups to a Group and links its findings to the Access page", () => {
    const page = buildSubjectPage(
      demo,
      { kind: "Group", name: "system:authenticated" },
      parseQuery(subjectQuery, { group: "x", present: "1" }),
    );
    expect(page.extraGroups).toEqual([]);
    expect(page.findingHref("f1")).toBe("/access?present=1&finding=f1#bindings");
  });
});

describe("the role page", () => {
  it("lists who holds a ClusterRole and links back keeping the namespace", () => {
    const page = buildRolePage(
      demo,
      { kind: "ClusterRole", name: "ci-deployer" },
      parseQuery(roleQuery, { ns: "t75" }),
    );
    expect(page.view.exists).toBe(true);
    expect(page.view.holders.map((h) => `${h.binding.namespace}/${h.binding.name}`).sort()).toEqual([
      "shop/ci-deployer",
      "t75/ci-deployer",
    ]);
    expect(page.accessHref).toBe("/access?ns=t75");
  });
});

describe("the certificate page", () => {
  it("describes one certificate of the scan with its findings' fixes, and none for an unknown id", async () => {
    // The demo's certificates are issued when it loads, relative to its clock.
    const now = new Date("2026-11-30T00:00:00Z");
    const scan = scanCertificates(await loadDemoSnapshot(now), { now });
    const withFinding = scan.certificates.find((c) => c.findings.length > 0);
    expect(withFinding).toBeDefined();
    if (!withFinding) return;
    const page = buildCertificatePage(scan, withFinding.id, parseQuery(certificatesQuery, { ns: "t75" }));
    expect(page?.cert).toBe(withFinding);
    expect(page?.judgedAt).toBe(scan.now);
    expect(page?.description).toContain(withFinding.source.name);
    expect(page?.findings.map((f) => f.rule)).toEqual(withFinding.findings.map((f) => f.rule));
    expect(page?.findings.every((f) => f.remediation.length > 0 && f.docs.length > 0)).toBe(true);
    expect(page?.backHref).toBe("/certificates?ns=t75");
    expect(buildCertificatePage(scan, "0000000000000000", {})).toBeUndefined();
  });
});

describe("the report", () => {
  it("narrows every area and the attack paths to the namespace, keeping cluster-wide findings", () => {
    const now = new Date("2026-11-30T00:00:00Z");
    const all = buildReportPage(demo, undefined, now);
    const shop = buildReportPage(demo, "shop", now);
    for (const area of ["rbac", "network", "certificates", "workloads"] as const) {
      expect(shop.findings[area].length).toBeLessThanOrEqual(all.findings[area].length);
    }
    expect(all.findings.rbac.length).toBeGreaterThan(0);
    expect(shop.paths.length).toBeLessThanOrEqual(all.paths.length);
    expect(shop.findings.network.length).toBeLessThan(all.findings.network.length);
  });
});
