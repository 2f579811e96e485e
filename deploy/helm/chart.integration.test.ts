import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type AdminClient } from "@/dev/cluster/admin-client";
import { helmPath } from "@/dev/cluster/build-helm";
import { requireControlPlane } from "@/dev/cluster/live-testing";
import { READ_KINDS } from "@/lib/sources/live/read-objects";
import { loadManifests } from "@/lib/sources/load-manifests";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";

// The Helm chart (deploy/helm/vigil), rendered by helm (built by dev/cluster/build-helm.ts, which
// test-integration.sh runs first) with its defaults and with other values, and checked twice: the local API
// server accepts every object (server-side dry-run as the harness admin: schema, defaults, admission with Pod
// Security "restricted" enforced on the namespace), and Vigil's own workload checks find it restricted with no
// POD/EXP finding.

const CHART = join(import.meta.dirname, "vigil");
const NAMESPACE = "vigil-chart-test";

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<
  string,
  unknown
>;

const CASES: { name: string; set: string[] }[] = [
  { name: "the defaults (token mode)", set: [] },
  {
    name: "serviceaccount mode, 3 replicas, metrics, a pinned image, another ingress class",
    set: [
      "mode=serviceaccount",
      "replicas=3",
      "metrics.enabled=true",
      "image.digest=sha256:" + "0".repeat(64),
      "ingress.className=traefik",
      "cluster.namespaces={shop,g04}",
      "networkPolicy.egressCidr=10.0.0.0/8",
    ],
  },
  {
    name: "snapshot mode, 1 replica, no ingress, no NetworkPolicy",
    set: [
      "mode=snapshot",
      "snapshot.configMap=manifests",
      "replicas=1",
      "ingress.enabled=false",
      "networkPolicy.enabled=false",
    ],
  },
];

function render(set: readonly string[]): Doc[] {
  const helm = helmPath();
  if (!existsSync(helm)) {
    throw new Error(`helm is not built at ${helm}: run \`npx tsx dev/cluster/build-helm.ts\` (test-integration.sh does)`);
  }
  const args = ["template", "vigil", CHART, "--namespace", NAMESPACE, ...set.flatMap((s) => ["--set", s])];
  const run = spawnSync(helm, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`helm template failed: ${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => d !== null);
}

function pluralOf(kind: string): string {
  const special: Record<string, string> = { NetworkPolicy: "networkpolicies", Ingress: "ingresses" };
  return special[kind] ?? `${kind.toLowerCase()}s`;
}

function collectionPath(doc: Doc): string {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  const base = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  const ns = doc.metadata.namespace ? `/namespaces/${doc.metadata.namespace}` : "";
  return `${base}${ns}/${pluralOf(doc.kind)}`;
}

describe("the Helm chart", () => {
  let admin: AdminClient;

  beforeAll(async () => {
    requireControlPlane();
    admin = adminClient();
    // The namespace exists (as `helm install --create-namespace` makes it), enforcing restricted.
    await admin.request("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: NAMESPACE,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
        },
      },
    });
  });

  afterAll(async () => {
    await admin?.request("DELETE", `/api/v1/namespaces/${NAMESPACE}`);
    admin?.close();
  });

  it.each(CASES)("renders objects the API server accepts by server-side dry-run: $name", async ({ set }) => {
    const docs = render(set);
    expect(docs.some((d) => d.kind === "Deployment")).toBe(true);
    for (const doc of docs) {
      const answer = await admin.request("POST", `${collectionPath(doc)}?dryRun=All&fieldValidation=Strict`, doc);
      expect(answer.status, `${doc.kind} ${doc.metadata.name}: ${answer.text}`).toBe(201);
      expect(answer.warnings, `${doc.kind} ${doc.metadata.name}`).toEqual([]);
    }
  });

  it.each(CASES)("passes Vigil's own workload checks: restricted, no POD/EXP finding: $name", async ({ set }) => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-chart-"));
    try {
      const docs = render(set);
      // The namespace as installed, so that Vigil sees what admission enforces there.
      docs.push({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: NAMESPACE, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
      } as Doc);
      writeFileSync(join(dir, "rendered.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items: docs }));
      const snapshot = await loadManifests([dir]);
      expect(snapshot.warnings).toEqual([]);
      const pss = evaluateWorkloads(snapshot);
      expect(pss.workloads.map((w) => [w.object.name, w.level, w.violations])).toEqual([
        ["vigil", "restricted", []],
      ]);
      const findings = findWorkloadRisks(snapshot, { pss });
      const pinned = set.some((s) => s.startsWith("image.digest="));
      // Without a digest the image is pinned by tag only (POD-011): the chart cannot know the digest of a
      // release before it is built; every other POD/EXP rule finds nothing.
      const expected = pinned ? [] : ["POD-011"];
      expect(findings.map((f) => f.rule)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("grants serviceaccount mode get, list and watch on exactly the kinds Vigil reads, and other modes nothing", () => {
    const sa = render(["mode=serviceaccount"]);
    const role = sa.find((d) => d.kind === "ClusterRole") as
      | (Doc & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] })
      | undefined;
    const granted = new Set<string>();
    for (const rule of role?.rules ?? []) {
      for (const g of rule.apiGroups) {
        for (const r of rule.resources) {
          if (g === "authorization.k8s.io") expect([r, rule.verbs]).toEqual(["subjectaccessreviews", ["create"]]);
          else {
            expect([...rule.verbs].sort()).toEqual(["get", "list", "watch"]);
            granted.add(`${g}/${r}`);
          }
        }
      }
    }
    expect([...granted].sort()).toEqual(READ_KINDS.map((k) => `${k.group}/${k.resource}`).sort());
    for (const mode of ["token", "snapshot"]) {
      const extra = mode === "snapshot" ? ["snapshot.configMap=m"] : [];
      expect(render([`mode=${mode}`, ...extra]).filter((d) => d.kind.startsWith("ClusterRole"))).toEqual([]);
    }
  });

  it("refuses an unknown mode, and snapshot mode without its manifests, with a clear message", () => {
    expect(() => render(["mode=admin"])).toThrow(/mode must be token, serviceaccount or snapshot/);
    expect(() => render(["mode=snapshot"])).toThrow(/snapshot.configMap/);
  });
});
