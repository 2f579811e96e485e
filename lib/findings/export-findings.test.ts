import { describe, expect, it } from "vitest";
import { findingsToCsv, findingsToJson } from "@/lib/findings/export-findings";
import type { Finding } from "@/lib/findings/types";

const finding: Finding = {
  rule: "RBAC-002",
  severity: "high",
  message: 'ServiceAccount kubernetes-dashboard/developer-user can read secrets, "everywhere"',
  subject: { kind: "ServiceAccount", namespace: "kubernetes-dashboard", name: "developer-user" },
  binding: { kind: "ClusterRoleBinding", name: "developer-user" },
  role: { kind: "ClusterRole", name: "cluster-developer" },
  scope: "cluster",
};

describe("exporting findings", () => {
  it("writes CSV with a header, the rule ID, severity and references, quoting commas and quotes", () => {
    const csv = findingsToCsv([finding]);
    const [header, row] = csv.trimEnd().split("\r\n");
    expect(header).toBe(
      "rule,title,severity,expectedDefault,scope,subject,binding,role,object,source,message,remediation,docs,reference",
    );
    expect(row).toContain(
      "RBAC-002,Can read Secrets,high,no,cluster,ServiceAccount kubernetes-dashboard/developer-user,ClusterRoleBinding developer-user,ClusterRole cluster-developer,,",
    );
    expect(row).toContain(
      '"ServiceAccount kubernetes-dashboard/developer-user can read secrets, ""everywhere"""',
    );
  });

  it("gives each row the rule's remediation and a link to its own section of the manual", () => {
    const row = findingsToCsv([finding], "https://vigil.example").trimEnd().split("\r\n")[1] ?? "";
    expect(row).toContain("Remove get, list and watch on secrets");
    expect(row).toContain(",https://vigil.example/docs/findings#rbac-002,https://kubernetes.io/");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const csv = findingsToCsv([{ ...finding, message: '=HYPERLINK("http://x")' }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it("writes JSON with the rule title, remediation and docs link beside every field of the finding", () => {
    const json = findingsToJson(
      [finding],
      { generatedAt: "t", generatedBy: "bob", cluster: "demo", snapshotTakenAt: "s", area: "rbac" },
      "https://vigil.example",
    );
    expect(json.findings[0]).toEqual({
      ...finding,
      title: "Can read Secrets",
      remediation: expect.stringMatching(/^Remove get, list and watch on secrets/),
      docs: "https://vigil.example/docs/findings#rbac-002",
      reference: expect.stringContaining("rbac-good-practices"),
    });
    expect(json).toMatchObject({ generatedBy: "bob", area: "rbac" });
  });
});
