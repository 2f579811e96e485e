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
      "rule,title,severity,expectedDefault,scope,subject,binding,role,object,source,message,docs",
    );
    expect(row).toContain(
      "RBAC-002,Can read Secrets,high,no,cluster,ServiceAccount kubernetes-dashboard/developer-user,ClusterRoleBinding developer-user,ClusterRole cluster-developer,,",
    );
    expect(row).toContain(
      '"ServiceAccount kubernetes-dashboard/developer-user can read secrets, ""everywhere"""',
    );
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const csv = findingsToCsv([{ ...finding, message: '=HYPERLINK("http://x")' }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it("writes JSON with the rule title and docs link beside every field of the finding", () => {
    const json = findingsToJson([finding], {
      generatedAt: "t",
      generatedBy: "bob",
      cluster: "demo",
      snapshotTakenAt: "s",
      area: "rbac",
    });
    expect(json.findings[0]).toEqual({
      ...finding,
      title: "Can read Secrets",
      docs: expect.stringContaining("rbac-good-practices"),
    });
    expect(json).toMatchObject({ generatedBy: "bob", area: "rbac" });
  });
});
