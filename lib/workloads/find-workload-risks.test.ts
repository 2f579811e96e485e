import { describe, expect, it } from "vitest";
import { findWorkloadRisks, imageProblem } from "@/lib/workloads/find-workload-risks";
import { hostPathRisk } from "@/lib/workloads/host-paths";
import { deploymentObject, good, podObject, snapshotOf, withSc } from "@/lib/workloads/testing";

const rules = (fs: { rule: string }[]) => [...new Set(fs.map((f) => f.rule))].sort();

describe("workload findings", () => {
  it("names the container and field of a privileged container and of a writable docker.sock mount", () => {
    const s = snapshotOf(
      podObject({
        containers: [
          {
            ...withSc({ privileged: true }),
            volumeMounts: [{ name: "sock", mountPath: "/var/run/docker.sock" }],
          },
        ],
        volumes: [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }],
      }),
    );
    const fs = findWorkloadRisks(s);
    expect(fs.find((f) => f.rule === "POD-001")).toMatchObject({
      severity: "critical",
      container: "app",
      field: "spec.containers[0].securityContext.privileged",
    });
    expect(fs.find((f) => f.rule === "POD-003")).toMatchObject({
      severity: "critical",
      field: "spec.volumes[0].hostPath",
    });
  });

  it("reads Secrets in env from the pod spec only, and names the variable", () => {
    const s = snapshotOf(
      deploymentObject({
        containers: [
          {
            ...good(),
            env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }],
          },
        ],
      }),
    );
    const f = findWorkloadRisks(s).find((x) => x.rule === "POD-012");
    expect(f).toMatchObject({ field: "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef" });
    expect(f?.message).toContain("DB_PASSWORD");
  });

  it("does not call a pod root when runAsNonRoot comes from the pod level, nor when the pod runs in a user namespace", () => {
    const inherit = {
      securityContext: { runAsNonRoot: true },
      containers: [{ name: "a", image: "a@sha256:1" }],
    };
    expect(rules(findWorkloadRisks(snapshotOf(podObject(inherit))))).not.toContain("POD-006");
    expect(
      rules(
        findWorkloadRisks(
          snapshotOf(podObject({ hostUsers: false, containers: [{ name: "a", image: "a" }] })),
        ),
      ),
    ).not.toContain("POD-006");
    expect(
      rules(findWorkloadRisks(snapshotOf(podObject({ containers: [{ name: "a", image: "a" }] })))),
    ).toContain("POD-006");
  });

  it("flags the default service account only when it holds permissions, and a legacy token Secret", () => {
    const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "ns" } };
    const role = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "r", namespace: "ns" },
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
    };
    const rb = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "rb", namespace: "ns" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
      subjects: [{ kind: "ServiceAccount", name: "default" }],
    };
    const token = {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/service-account-token",
      metadata: {
        name: "default-token",
        namespace: "ns",
        annotations: { "kubernetes.io/service-account.name": "default" },
      },
    };
    const pod = podObject({ containers: [good()] });
    expect(rules(findWorkloadRisks(snapshotOf(sa, pod)))).not.toContain("POD-015");
    const fs = findWorkloadRisks(snapshotOf(sa, role, rb, token, pod));
    expect(rules(fs)).toEqual(expect.arrayContaining(["POD-013", "POD-014", "POD-015"]));
  });

  it("finds the Dashboard's skip-login, a NodePort without allow-list and an Ingress without TLS or auth before an admin UI", () => {
    const dash = deploymentObject(
      {
        containers: [
          {
            name: "dashboard",
            image: "kubernetesui/dashboard:v2.7.0",
            args: ["--enable-skip-login", "--auto-generate-certificates"],
          },
        ],
      },
      {},
      "dash",
    );
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "dash", namespace: "ns" },
      spec: { type: "NodePort", selector: { app: "dash" }, ports: [{ port: 80, nodePort: 30080 }] },
    };
    const ing = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "dash", namespace: "ns" },
      spec: {
        rules: [
          {
            host: "dash.example",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "dash", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    };
    const fs = findWorkloadRisks(snapshotOf(dash, svc, ing));
    expect(rules(fs)).toEqual(expect.arrayContaining(["EXP-001", "EXP-002", "EXP-003", "EXP-004"]));
    expect(fs.find((f) => f.rule === "EXP-004")?.severity).toBe("critical");
  });

  it("reports a namespace without an enforce label and a workload its enforced level would reject", () => {
    const ns = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "ns", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    };
    const fs = findWorkloadRisks(
      snapshotOf(ns, deploymentObject({ containers: [{ name: "a", image: "a" }] })),
    );
    expect(fs.find((f) => f.rule === "POD-017")?.message).toContain("restricted:latest");
    expect(rules(fs)).not.toContain("POD-016");
    expect(rules(findWorkloadRisks(snapshotOf(podObject({ containers: [good()] }))))).toContain("POD-016");
  });

  it("classifies host paths and images", () => {
    expect(hostPathRisk("/var/run/containerd/containerd.sock")).toBe("socket");
    expect(hostPathRisk("/var/lib/kubelet/pods")).toBe("sensitive");
    expect(hostPathRisk("/var")).toBe("sensitive");
    expect(hostPathRisk("/data/cache")).toBe("other");
    expect(imageProblem("nginx")?.message).toContain("no tag");
    expect(imageProblem("registry:5000/nginx")?.message).toContain("no tag");
    expect(imageProblem("nginx:latest")?.severity).toBe("medium");
    expect(imageProblem("nginx:1.27@sha256:abc")).toBeUndefined();
  });
});
