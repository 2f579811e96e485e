import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type AdminClient } from "@/dev/cluster/admin-client";
import { helmPath } from "@/dev/cluster/build-helm";
import { requireControlPlane } from "@/dev/cluster/live-testing";
import { READ_KINDS } from "@/lib/sources/live/read-kinds";
import { loadManifests } from "@/lib/sources/load-manifests";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";

// The Helm chart (deploy/helm/vigil), rendered by helm (built by dev/cluster/build-helm.ts, which
// test-integration.sh runs first) with its defaults and with other values, and checked twice: the local API
// server accepts every object (server-side dry-run as the harness admin: schema, defaults, admission with Pod
// Security "restricted" enforced on the namespace), and Vigil's own workload checks find it restricted with no
// POD/EXP finding.

const CHART = join(import.meta.dirname, "vigil");
// The demo's namespace that enforces Pod Security "restricted" (latest): server-side dry-run creates nothing,
// so nothing is left behind. (A namespace of the test's own could not be removed again: the local control plane
// runs no namespace controller, and a deleted namespace stays Terminating.)
const NAMESPACE = "g04";
// Not "vigil": the local control plane already has Vigil's own read-only identity under that name, and a
// dry-run of a cluster-scoped object that exists is refused.
const RELEASE = "vigil-chart";

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
    throw new Error(
      `helm is not built at ${helm}: run \`npx tsx dev/cluster/build-helm.ts\` (test-integration.sh does)`,
    );
  }
  const args = ["template", RELEASE, CHART, "--namespace", NAMESPACE, ...set.flatMap((s) => ["--set", s])];
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

  beforeAll(() => {
    requireControlPlane();
    admin = adminClient();
  });

  afterAll(() => {
    admin?.close();
  });

  it.each(CASES)("renders objects the API server accepts by server-side dry-run: $name", async ({ set }) => {
    const docs = render(set);
    expect(docs.some((d) => d.kind === "Deployment")).toBe(true);
    for (const doc of docs) {
      const answer = await admin.request(
        "POST",
        `${collectionPath(doc)}?dryRun=All&fieldValidation=Strict`,
        doc,
      );
      expect(answer.status, `${doc.kind} ${doc.metadata.name}: ${answer.text}`).toBe(201);
      expect(answer.warnings, `${doc.kind} ${doc.metadata.name}`).toEqual([]);
    }
  });

  it.each(CASES)("runs a pod the API server admits under Pod Security restricted: $name", async ({ set }) => {
    // Pod Security admission enforces on pods, not on Deployments (it only warns about those), so the pod that
    // the Deployment would start is dry-run as a Pod, next to the same pod made privileged: the API server must
    // admit the first and refuse the second, or the check proves nothing.
    const deployment = render(set).find((d) => d.kind === "Deployment") as
      | (Doc & {
          spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
        })
      | undefined;
    expect(deployment).toBeDefined();
    const spec = deployment?.spec.template.spec ?? { containers: [] };
    const pod = (podSpec: Record<string, unknown>) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${RELEASE}-admission-check`, namespace: NAMESPACE },
      spec: podSpec,
    });
    const admitted = await admin.request(
      "POST",
      `/api/v1/namespaces/${NAMESPACE}/pods?dryRun=All`,
      pod(spec),
    );
    expect(admitted.status, admitted.text).toBe(201);
    const privileged = {
      ...spec,
      containers: spec.containers.map((c) => ({
        ...c,
        securityContext: {
          ...(c.securityContext as object),
          privileged: true,
          allowPrivilegeEscalation: true,
        },
      })),
    };
    const refused = await admin.request(
      "POST",
      `/api/v1/namespaces/${NAMESPACE}/pods?dryRun=All`,
      pod(privileged),
    );
    expect(refused.status).toBe(403);
    expect((JSON.parse(refused.text) as { message: string }).message).toMatch(
      /violates PodSecurity "restricted:latest": privileged/,
    );
  });

  it.each(CASES)(
    "passes Vigil's own workload checks: restricted, no POD/EXP finding: $name",
    async ({ set }) => {
      const dir = mkdtempSync(join(tmpdir(), "vigil-chart-"));
      try {
        const docs = render(set);
        // The namespace as installed, so that Vigil sees what admission enforces there.
        docs.push({
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: NAMESPACE, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        } as Doc);
        writeFileSync(
          join(dir, "rendered.json"),
          JSON.stringify({ apiVersion: "v1", kind: "List", items: docs }),
        );
        const snapshot = await loadManifests([dir]);
        // The PodDisruptionBudget (rendered with more than one replica) is the one kind Vigil does not read.
        expect(
          snapshot.warnings.map((w) => w.message).filter((m) => !m.startsWith("kind PodDisruptionBudget ")),
        ).toEqual([]);
        const pss = evaluateWorkloads(snapshot);
        expect(pss.workloads.map((w) => [w.object.name, w.level, w.violations])).toEqual([
          [RELEASE, "restricted", []],
        ]);
        const findings = findWorkloadRisks(snapshot, { pss });
        const pinned = set.some((s) => s.startsWith("image.digest="));
        // Without a digest the image is pinned by tag only (POD-011): the chart cannot know the digest of a
        // release before it is built. Serviceaccount mode reads with its own token, so that token is mounted and
        // holds read permissions (POD-013): that is the mode. Every other POD/EXP rule finds nothing.
        const expected = [
          ...(pinned ? [] : ["POD-011"]),
          ...(set.includes("mode=serviceaccount") ? ["POD-013"] : []),
        ];
        expect(findings.map((f) => f.rule)).toEqual(expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("grants serviceaccount mode get, list and watch on exactly the kinds Vigil reads, and other modes nothing", () => {
    const sa = render(["mode=serviceaccount"]);
    const role = sa.find((d) => d.kind === "ClusterRole") as
      (Doc & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }) | undefined;
    const granted = new Set<string>();
    for (const rule of role?.rules ?? []) {
      for (const g of rule.apiGroups) {
        for (const r of rule.resources) {
          if (g === "authorization.k8s.io")
            expect([r, rule.verbs]).toEqual(["subjectaccessreviews", ["create"]]);
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
