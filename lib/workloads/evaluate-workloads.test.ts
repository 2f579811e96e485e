import { describe, expect, it } from "vitest";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { namespacePolicy } from "@/lib/workloads/pss-policy";
import { deploymentObject, good, podObject, snapshotOf, withSc } from "@/lib/workloads/testing";

const ns = (labels: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name: "ns", labels },
});
const P = "pod-security.kubernetes.io/";

describe("namespace Pod Security labels", () => {
  it("default to privileged:latest in every mode", () => {
    const p = namespacePolicy({});
    expect([p.enforce, p.audit, p.warn]).toEqual(Array(3).fill({ level: "privileged", version: "latest" }));
    expect(p.enforceLabelled).toBe(false);
  });

  it("make warn follow a stricter enforce level and its version, unless warn is labelled", () => {
    expect(namespacePolicy({ [`${P}enforce`]: "baseline", [`${P}enforce-version`]: "v1.30" }).warn).toEqual({
      level: "baseline",
      version: "v1.30",
    });
    expect(namespacePolicy({ [`${P}enforce`]: "baseline", [`${P}warn`]: "privileged" }).warn.level).toBe(
      "privileged",
    );
    expect(namespacePolicy({ [`${P}enforce`]: "baseline", [`${P}warn-version`]: "v1.20" }).warn).toEqual({
      level: "baseline",
      version: "v1.20",
    });
  });

  it("read an invalid enforce level as restricted (fail closed), an invalid warn level as privileged, a bad version as latest", () => {
    const p = namespacePolicy({
      [`${P}enforce`]: "Restricted",
      [`${P}warn`]: "strict",
      [`${P}enforce-version`]: "1.30",
    });
    expect(p.enforce).toEqual({ level: "restricted", version: "latest" });
    expect(p.warn.level).toBe("privileged");
    expect(p.errors).toHaveLength(3);
  });
});

describe("evaluateWorkloads", () => {
  it("evaluates a pinned namespace at its version, and reports the drift of templates and pods", () => {
    const runAsRoot = { containers: [withSc({ runAsUser: 0 })] };
    const result = evaluateWorkloads(
      snapshotOf(
        ns({ [`${P}enforce`]: "restricted", [`${P}enforce-version`]: "v1.22" }),
        podObject(runAsRoot, {}, "root"),
        deploymentObject({ containers: [{ name: "plain", image: "nginx" }] }, {}, "plain"),
      ),
    );
    const root = result.workloads.find((w) => w.object.name === "root");
    // runAsUser is a restricted check only from v1.23: the namespace admits it, the latest restricted does not.
    expect(root).toMatchObject({
      level: "baseline",
      rejectedByNamespace: false,
      namespaceEnforce: { level: "restricted", version: "v1.22" },
    });
    expect(root?.failedRestricted).toEqual(["runAsUser"]);
    const plain = result.workloads.find((w) => w.object.name === "plain");
    expect(plain?.rejectedByNamespace).toBe(true);
    expect(plain?.violations.find((v) => v.check === "allowPrivilegeEscalation")?.field).toBe(
      "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
    );
    expect(result.namespaces[0]).toMatchObject({
      namespace: "ns",
      total: 2,
      rejectedByEnforce: [{ kind: "Deployment", name: "plain" }],
      whatIf: { baseline: [], restricted: [{ name: "plain" }, { name: "root" }] },
    });
  });

  it("does not evaluate a template twice through its representative pod, and a namespace without labels enforces nothing", () => {
    const result = evaluateWorkloads(snapshotOf(deploymentObject({ containers: [good()] })));
    expect(result.workloads.map((w) => w.object.kind)).toEqual(["Deployment"]);
    expect(result.workloads[0]).toMatchObject({
      level: "restricted",
      namespaceEnforce: null,
      rejectedByNamespace: false,
    });
  });
});
