import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { adminClient, type AdminClient, type ApiAnswer } from "@/dev/cluster/admin-client";
import { REPO_ROOT, paths } from "@/dev/cluster/config";
import { log, userKubeconfig } from "@/dev/cluster/control-plane";
import { READ_KINDS, TLS_SECRETS } from "@/lib/sources/live/read-kinds";
import type { RawObject } from "@/lib/sources/live/read-objects";

// Seeds the local control plane with the demo cluster (lib/sources/demo-source.ts), through the API, as the
// harness admin. There is no controller manager: pods are created directly, the ClusterRole aggregation that
// its clusterrole-aggregation controller would do is done here once, and Vigil's own ServiceAccount gets a
// token from the TokenRequest API.

/** The cert-manager CRDs the demo's Certificate and CertificateRequest need (schema left open on purpose). */
export function certManagerCrds(): RawObject[] {
  const crd = (kind: string, plural: string, singular: string): RawObject => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.cert-manager.io` },
    spec: {
      group: "cert-manager.io",
      names: { kind, listKind: `${kind}List`, plural, singular },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        },
      ],
    },
  });
  return [
    crd("Certificate", "certificates", "certificate"),
    crd("CertificateRequest", "certificaterequests", "certificaterequest"),
  ];
}

/**
 * The network-policy-api CRDs (docs/semantics.md §1b), vendored in dev/cluster/crds from the Go module
 * (ClusterNetworkPolicy v0.3.0, AdminNetworkPolicy and BaselineAdminNetworkPolicy v0.1.7, experimental channel).
 */
export function networkPolicyApiCrds(): RawObject[] {
  const dir = join(REPO_ROOT, "dev", "cluster", "crds");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as RawObject))
    .map((crd) => {
      // Their status (accepted names) is the API server's to write.
      delete crd["status"];
      return crd;
    });
}

/** Vigil's read-only ClusterRole and its binding to vigil/vigil, exactly as deploy/ ships them. */
export function deployRbacObjects(): RawObject[] {
  const text = readFileSync(join(REPO_ROOT, "deploy", "common", "rbac.yaml"), "utf8");
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is RawObject => typeof o === "object" && o !== null);
}

// Creation order: what others refer to first; admission webhooks last so they can never get in the way.
const ORDER = [
  "CustomResourceDefinition",
  "Namespace",
  "Node",
  "ClusterRole",
  "ClusterRoleBinding",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ConfigMap",
  "Secret",
  "Service",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
  "Pod",
  "NetworkPolicy",
  "Ingress",
  "APIService",
  "CertificateSigningRequest",
  "Certificate",
  "CertificateRequest",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
];

// By group and kind: NetworkPolicy and ClusterNetworkPolicy exist in several groups.
const RESOURCE_OF = new Map([...READ_KINDS, TLS_SECRETS].map((k) => [`${k.group}|${k.kind}`, k]));

function meta(obj: RawObject): { name: string; namespace?: string } {
  const m = obj["metadata"] as { name?: unknown; namespace?: unknown } | undefined;
  if (typeof m?.name !== "string") throw new Error(`an object of kind ${String(obj["kind"])} has no name`);
  return { name: m.name, ...(typeof m.namespace === "string" ? { namespace: m.namespace } : {}) };
}

export function collectionPath(obj: RawObject): string {
  const kind = String(obj["kind"]);
  const apiVersion = String(obj["apiVersion"] ?? "");
  const group = apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
  const info = RESOURCE_OF.get(`${group}|${kind}`);
  if (!info) throw new Error(`the seed does not know the kind ${kind}`);
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const { namespace } = meta(obj);
  if (info.namespaced && !namespace) throw new Error(`${kind} ${meta(obj).name} has no namespace`);
  return `${base}${info.namespaced ? `/namespaces/${namespace}` : ""}/${info.resource}`;
}

function fail(what: string, answer: ApiAnswer): never {
  const message = (answer.body as { message?: string } | undefined)?.message ?? answer.text.slice(0, 300);
  throw new Error(`${what}: HTTP ${answer.status}: ${message}`);
}

/** Creates the object, or replaces it when it exists (default, kube-system, the bootstrap roles). */
export async function createOrReplace(client: AdminClient, input: RawObject): Promise<RawObject> {
  const obj: RawObject = structuredClone(input);
  const status = obj["status"];
  delete obj["status"];
  const m = obj["metadata"] as Record<string, unknown>;
  delete m["resourceVersion"];
  delete m["uid"];
  const path = collectionPath(obj);
  const { name } = meta(obj);
  const what = `${String(obj["kind"])} ${meta(obj).namespace ? `${meta(obj).namespace}/` : ""}${name}`;
  // A CertificateSigningRequest's spec.username and groups become the creator's (the harness admin): the API
  // server records who asked, whatever the manifest says.
  let answer = await client.request("POST", path, obj);
  if (answer.status === 409) {
    const current = await client.request("GET", `${path}/${name}`);
    if (current.status !== 200) fail(`reading ${what}`, current);
    const rv = (current.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    answer = await client.request("PUT", `${path}/${name}`, {
      ...obj,
      metadata: { ...m, resourceVersion: rv },
    });
  }
  if (answer.status !== 200 && answer.status !== 201) fail(`creating ${what}`, answer);
  let stored = answer.body as RawObject;
  if (status !== undefined && typeof status === "object" && status !== null) {
    stored = await writeStatus(client, what, `${path}/${name}`, stored, status as Record<string, unknown>);
  }
  return stored;
}

/** Status as the fixtures state it (pods' IPs, certificates issued), since no controller will write it. */
async function writeStatus(
  client: AdminClient,
  what: string,
  objectPath: string,
  stored: RawObject,
  status: Record<string, unknown>,
): Promise<RawObject> {
  let current = stored;
  const conditions = Array.isArray(status["conditions"]) ? (status["conditions"] as { type?: string }[]) : [];
  if (stored["kind"] === "CertificateSigningRequest") {
    // Approval is its own subresource; the certificate may only follow an approval.
    const decisions = conditions.filter((c) => c.type === "Approved" || c.type === "Denied");
    if (decisions.length > 0) {
      const answer = await client.request("PUT", `${objectPath}/approval`, {
        ...current,
        status: { conditions: decisions },
      });
      if (answer.status !== 200) fail(`approving ${what}`, answer);
      current = answer.body as RawObject;
    }
  }
  const answer = await client.request("PUT", `${objectPath}/status`, {
    ...current,
    status: { ...((current["status"] as object | undefined) ?? {}), ...status },
  });
  if (answer.status !== 200) fail(`writing the status of ${what}`, answer);
  return answer.body as RawObject;
}

async function waitForCrd(client: AdminClient, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const answer = await client.request(
      "GET",
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    );
    const conditions = (
      answer.body as { status?: { conditions?: { type: string; status: string }[] } } | undefined
    )?.status?.conditions;
    if (conditions?.some((c) => c.type === "Established" && c.status === "True")) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the CRD ${name} was not established within 30 s`);
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function selects(selector: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const ok =
      e.operator === "In"
        ? has && (e.values ?? []).includes(value ?? "")
        : e.operator === "NotIn"
          ? !has || !(e.values ?? []).includes(value ?? "")
          : e.operator === "Exists"
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

/**
 * What kube-controller-manager's clusterrole-aggregation controller does, run to a fixed point: each
 * aggregated ClusterRole's rules become the union of the rules of every other ClusterRole its selectors match.
 */
export async function aggregateClusterRoles(client: AdminClient): Promise<number> {
  let updated = 0;
  for (let round = 0; round < 10; round++) {
    const answer = await client.request("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles");
    if (answer.status !== 200) fail("listing ClusterRoles", answer);
    type Cr = RawObject & {
      metadata: { name: string; labels?: Record<string, string> };
      rules?: unknown[];
      aggregationRule?: { clusterRoleSelectors?: Selector[] };
    };
    const roles = (answer.body as { items: Cr[] }).items;
    let changed = false;
    for (const role of roles) {
      const selectors = role.aggregationRule?.clusterRoleSelectors;
      if (!selectors) continue;
      const rules: unknown[] = [];
      const seen = new Set<string>();
      for (const other of [...roles].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
        if (other.metadata.name === role.metadata.name) continue;
        if (!selectors.some((s) => selects(s, other.metadata.labels ?? {}))) continue;
        for (const rule of other.rules ?? []) {
          const key = JSON.stringify(rule);
          if (!seen.has(key)) {
            seen.add(key);
            rules.push(rule);
          }
        }
      }
      if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) continue;
      const put = await client.request(
        "PUT",
        `/apis/rbac.authorization.k8s.io/v1/clusterroles/${encodeURIComponent(role.metadata.name)}`,
        { ...role, rules },
      );
      if (put.status !== 200) fail(`aggregating ClusterRole ${role.metadata.name}`, put);
      changed = true;
      updated++;
    }
    if (!changed) return updated;
  }
  return updated;
}

/** A token for vigil/vigil from the TokenRequest API, written into `.cluster/vigil.kubeconfig`. */
async function writeVigilKubeconfig(client: AdminClient): Promise<void> {
  const answer = await client.request("POST", "/api/v1/namespaces/vigil/serviceaccounts/vigil/token", {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    spec: { expirationSeconds: 24 * 3600 },
  });
  if (answer.status !== 201 && answer.status !== 200) fail("requesting a token for vigil/vigil", answer);
  const token = (answer.body as { status: { token: string } }).status.token;
  writeFileSync(paths.vigilKubeconfig, userKubeconfig("system:serviceaccount:vigil:vigil", token), {
    mode: 0o600,
  });
}

/** Seeds `objects` (raw Kubernetes JSON) plus the cert-manager CRDs and Vigil's own RBAC. */
export async function seedCluster(
  objects: readonly RawObject[],
): Promise<{ created: number; aggregated: number }> {
  const client = adminClient();
  const started = Date.now();
  try {
    const all = [...certManagerCrds(), ...networkPolicyApiCrds(), ...objects, ...deployRbacObjects()];
    const rank = (o: RawObject) => {
      const i = ORDER.indexOf(String(o["kind"]));
      return i === -1 ? ORDER.length : i;
    };
    const sorted = all.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i);
    let created = 0;
    const isWebhook = (o: RawObject) => String(o["kind"]).endsWith("WebhookConfiguration");
    for (const { o } of sorted.filter(({ o }) => o["kind"] === "CustomResourceDefinition")) {
      await createOrReplace(client, o);
      created++;
    }
    for (const { o } of sorted.filter(({ o }) => o["kind"] === "CustomResourceDefinition")) {
      await waitForCrd(client, meta(o).name);
    }
    for (const { o } of sorted.filter(({ o }) => o["kind"] !== "CustomResourceDefinition" && !isWebhook(o))) {
      await createOrReplace(client, o);
      created++;
    }
    await writeVigilKubeconfig(client);
    for (const { o } of sorted.filter(({ o }) => isWebhook(o))) {
      await createOrReplace(client, o);
      created++;
    }
    const aggregated = await aggregateClusterRoles(client);
    log(
      `seeded ${created} objects (${aggregated} aggregated ClusterRoles) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { created, aggregated };
  } finally {
    client.close();
  }
}
