import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { READ_KINDS } from "@/lib/sources/live/read-kinds";
import { loadManifests } from "@/lib/sources/load-manifests";
import type { Container, Snapshot } from "@/lib/model/types";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { findRbacRisks } from "@/lib/rbac/find-rbac-risks";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";

// deploy/ follows what Vigil checks: its own engines find nothing high or critical about it, its ClusterRole
// is exactly the kinds the reader reads (read-only, no Secrets), and its pod is locked down.

const DEPLOY = import.meta.dirname;
const MODES = ["token-mode", "serviceaccount-mode"] as const;

function load(mode: (typeof MODES)[number]): Promise<Snapshot> {
  return loadManifests([join(DEPLOY, "common"), join(DEPLOY, mode)]);
}

const serious = (severity: string) => severity === "critical" || severity === "high";

describe("deploy/", () => {
  it.each(MODES)("loads without warnings in %s", async (mode) => {
    const snapshot = await load(mode);
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`)).toEqual([
      "Deployment vigil/vigil",
    ]);
  });

  it("grants get, list and watch on exactly the kinds Vigil reads, never Secrets, plus creating SubjectAccessReviews", async () => {
    const snapshot = await load("serviceaccount-mode");
    const role = snapshot.roles.find((r) => r.kind === "ClusterRole" && r.name === "vigil-reader");
    expect(role).toBeDefined();
    const granted = new Set<string>();
    for (const rule of role?.rules ?? []) {
      expect(rule.resourceNames).toEqual([]);
      expect(rule.nonResourceURLs).toEqual([]);
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
          if (group === "authorization.k8s.io") {
            expect([resource, rule.verbs]).toEqual(["subjectaccessreviews", ["create"]]);
          } else {
            expect([...rule.verbs].sort()).toEqual(["get", "list", "watch"]);
            granted.add(`${group}/${resource}`);
          }
        }
      }
    }
    expect([...granted].sort()).toEqual(READ_KINDS.map((k) => `${k.group}/${k.resource}`).sort());
    expect([...granted].some((g) => g.endsWith("/secrets"))).toBe(false);
    const binding = snapshot.bindings.find((b) => b.name === "vigil-reader");
    expect(binding?.subjects).toEqual([{ kind: "ServiceAccount", namespace: "vigil", name: "vigil" }]);
  });

  it.each(MODES)("gives Vigil's own RBAC no high or critical finding (%s)", async (mode) => {
    const findings = findRbacRisks(await load(mode)).filter((f) => serious(f.severity));
    expect(findings).toEqual([]);
  });

  it.each(MODES)("gives Vigil's own network setup no high or critical finding (%s)", async (mode) => {
    const findings = findNetworkRisks(await load(mode)).filter((f) => serious(f.severity));
    expect(findings).toEqual([]);
  });

  it.each(MODES)("has default-deny ingress and egress in Vigil's namespace (%s)", async (mode) => {
    const findings = findNetworkRisks(await load(mode));
    expect(findings.filter((f) => f.rule === "NET-001" || f.rule === "NET-002")).toEqual([]);
  });

  it.each(MODES)(
    "runs non-root, read-only, without capabilities, under RuntimeDefault seccomp (%s)",
    async (mode) => {
      const snapshot = await load(mode);
      const template = snapshot.workloads[0]?.template;
      expect(template).toBeDefined();
      if (!template) return;
      expect(template.hostNetwork).toBe(false);
      expect(template.security.runAsNonRoot).toBe(true);
      expect(template.security.seccompProfile).toBe("RuntimeDefault");
      const containers: Container[] = [...template.containers, ...template.initContainers];
      expect(containers.length).toBeGreaterThan(0);
      for (const c of containers) {
        expect(c.security.privileged).toBe(false);
        expect(c.security.allowPrivilegeEscalation).toBe(false);
        expect(c.security.readOnlyRootFilesystem).toBe(true);
        expect(c.security.capabilitiesDrop).toEqual(["ALL"]);
        expect(c.security.capabilitiesAdd).toEqual([]);
        // Secrets are mounted files (OIDC_CLIENT_SECRET_FILE, NEXTAUTH_SECRET_FILE), never environment values.
        expect(c.envSecretRefs).toEqual([]);
      }
    },
  );

  it.each(MODES)(
    "passes Vigil's own workload checks: restricted, no POD/EXP finding but the tag pin and the mode's token (%s)",
    async (mode) => {
      const snapshot = await load(mode);
      const pss = evaluateWorkloads(snapshot);
      expect(pss.workloads.map((w) => [w.object.name, w.level, w.violations])).toEqual([
        ["vigil", "restricted", []],
      ]);
      // The image is pinned by tag (POD-011): a release's digest is not known before it is built. Serviceaccount
      // mode reads with its own token, so that token is mounted and holds (read-only) permissions: POD-013 is
      // the mode itself; token mode, the default, mounts no token at all.
      const expected = mode === "serviceaccount-mode" ? ["POD-011", "POD-013"] : ["POD-011"];
      expect(findWorkloadRisks(snapshot, { pss }).map((f) => f.rule)).toEqual(expected);
    },
  );

  it.each(MODES)("probes /readyz and /healthz and sizes memory above the measured peak in %s", (mode) => {
    const doc = parse(readFileSync(join(DEPLOY, mode, "deployment.yaml"), "utf8")) as {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    const c = doc.spec.template.spec.containers[0] as {
      readinessProbe?: { httpGet?: { path: string } };
      livenessProbe?: { httpGet?: { path: string } };
      resources: { requests: { memory: string }; limits: { memory: string } };
      env: { name: string; value?: string }[];
    };
    expect(c.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(c.livenessProbe?.httpGet?.path).toBe("/healthz");
    const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? Number.NaN);
    // docs/deployment.md "Sizing": the request holds the highest peak measured with these Node options (a replica
    // that has computed every namespace's pages: 754-831 MiB); the limit holds that and the viewers' snapshot
    // cache at its default budget too (256 MiB of estimated bytes, ~281 MiB of heap at the measured ratio 0.91).
    const highestPeak = 831;
    const snapshotCacheHeap = Math.ceil(256 / 0.91);
    expect(mib(c.resources.requests.memory)).toBeGreaterThanOrEqual(highestPeak);
    expect(mib(c.resources.limits.memory)).toBeGreaterThanOrEqual(highestPeak + snapshotCacheHeap);
    const nodeOptions = c.env.find((e) => e.name === "NODE_OPTIONS")?.value ?? "";
    const heap = /--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1];
    expect(Number(heap)).toBeLessThan(mib(c.resources.limits.memory));
    // The young generation bounded too: left to V8 it takes 128 MiB (docs/benchmarks.md).
    expect(Number(/--max-semi-space-size=(\d+)/.exec(nodeOptions)?.[1])).toBeLessThanOrEqual(16);
  });

  it("mounts no service-account token in token mode, and one in serviceaccount mode", async () => {
    const token = (await load("token-mode")).workloads[0]?.template;
    const sa = (await load("serviceaccount-mode")).workloads[0]?.template;
    expect(token?.automountServiceAccountToken).toBe(false);
    expect(sa?.automountServiceAccountToken).toBe(true);
    expect((await load("token-mode")).serviceAccounts).toContainEqual({
      namespace: "vigil",
      name: "vigil",
      automountServiceAccountToken: false,
    });
  });

  it("serves Vigil through an Ingress with TLS for its host", async () => {
    const snapshot = await load("token-mode");
    expect(snapshot.ingresses).toHaveLength(1);
    const ingress = snapshot.ingresses[0];
    const hosts = ingress?.rules.map((r) => r.host) ?? [];
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) {
      expect(ingress?.tls.some((t) => host !== undefined && t.hosts.includes(host) && t.secretName)).toBe(
        true,
      );
    }
  });

  it("gives token mode a kubeconfig with the in-cluster API server and CA, and no credentials", () => {
    const cm = parse(readFileSync(join(DEPLOY, "token-mode", "kubeconfig.yaml"), "utf8")) as {
      data: { config: string };
    };
    const config = parse(cm.data.config) as {
      clusters: { cluster: Record<string, unknown> }[];
      users: { user: Record<string, unknown> }[];
    };
    expect(config.clusters[0]?.cluster).toEqual({
      server: "https://kubernetes.default.svc",
      "certificate-authority": "/etc/vigil/kube-ca/ca.crt",
    });
    expect(config.users.map((u) => u.user)).toEqual([{}]);
  });
});
