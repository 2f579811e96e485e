import { existsSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { VigilError } from "@/lib/errors";
import type { AccessGap } from "@/lib/model/types";
import { POLICY_KINDS } from "@/lib/sources/live/policy-kinds";
import { openApiClient, type Answer, type GetJson } from "@/lib/sources/live/api-client";

// THE read-only raw reader of a live cluster (docs/architecture.md "Cluster access modes"), used by the live access
// modes and `vigil snapshot`. Server and CLI only: it is not marked `import "server-only"` because the
// `vigil` CLI runs it under plain Node, where that marker module throws; it imports client-node, which is
// listed in serverExternalPackages and never reaches a client bundle.
//
// Read-only by construction:
// - the functions that talk to the API server (api-client.ts) take a path and nothing else: they call
//   `https.get`, so no other method can be issued, and send no header but Accept and Authorization
//   (never Impersonate-*, whatever the kubeconfig says);
// - paths are built only from the allowlist below (`listPath`), never passed through from a caller;
// - Secrets are read only when asked for, only of type kubernetes.io/tls, and `tls.key` is deleted the
//   moment the response is parsed.
// A 403, 404 or error on one kind (or one namespace of it) becomes an AccessGap and the rest goes on.

/** A raw Kubernetes object as JSON, ready for the model's `buildSnapshot`. */
export type RawObject = Record<string, unknown>;

export interface ResourceKind {
  /** "" for the core group. */
  group: string;
  version: string;
  /** The plural resource name, as RBAC and URLs spell it. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Served by a CRD that many clusters lack (cert-manager): a 404 means "not installed", not a gap. */
  optional?: boolean;
  /** Older versions to try, in order, when this one is not served (404). */
  fallbackVersions?: readonly string[];
}

/** Exactly the kinds the snapshot model holds (lib/model/types.ts), in the order they are read. */
export const READ_KINDS: readonly ResourceKind[] = [
  { group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false },
  { group: "", version: "v1", resource: "nodes", kind: "Node", namespaced: false },
  { group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true },
  { group: "apps", version: "v1", resource: "deployments", kind: "Deployment", namespaced: true },
  { group: "apps", version: "v1", resource: "statefulsets", kind: "StatefulSet", namespaced: true },
  { group: "apps", version: "v1", resource: "daemonsets", kind: "DaemonSet", namespaced: true },
  { group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet", namespaced: true },
  { group: "batch", version: "v1", resource: "jobs", kind: "Job", namespaced: true },
  { group: "batch", version: "v1", resource: "cronjobs", kind: "CronJob", namespaced: true },
  { group: "", version: "v1", resource: "services", kind: "Service", namespaced: true },
  { group: "networking.k8s.io", version: "v1", resource: "ingresses", kind: "Ingress", namespaced: true },
  {
    group: "networking.k8s.io",
    version: "v1",
    resource: "networkpolicies",
    kind: "NetworkPolicy",
    namespaced: true,
  },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", kind: "Role", namespaced: true },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "clusterroles",
    kind: "ClusterRole",
    namespaced: false,
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "rolebindings",
    kind: "RoleBinding",
    namespaced: true,
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "clusterrolebindings",
    kind: "ClusterRoleBinding",
    namespaced: false,
  },
  { group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true },
  { group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    resource: "validatingwebhookconfigurations",
    kind: "ValidatingWebhookConfiguration",
    namespaced: false,
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    resource: "mutatingwebhookconfigurations",
    kind: "MutatingWebhookConfiguration",
    namespaced: false,
  },
  {
    group: "apiregistration.k8s.io",
    version: "v1",
    resource: "apiservices",
    kind: "APIService",
    namespaced: false,
  },
  {
    group: "apiextensions.k8s.io",
    version: "v1",
    resource: "customresourcedefinitions",
    kind: "CustomResourceDefinition",
    namespaced: false,
  },
  {
    group: "certificates.k8s.io",
    version: "v1",
    resource: "certificatesigningrequests",
    kind: "CertificateSigningRequest",
    namespaced: false,
  },
  {
    group: "cert-manager.io",
    version: "v1",
    resource: "certificates",
    kind: "Certificate",
    namespaced: true,
    optional: true,
  },
  {
    group: "cert-manager.io",
    version: "v1",
    resource: "certificaterequests",
    kind: "CertificateRequest",
    namespaced: true,
    optional: true,
  },
  ...POLICY_KINDS,
];

/** Read only with `includeTlsSecrets`, and then only Secrets of type kubernetes.io/tls. */
export const TLS_SECRETS: ResourceKind = {
  group: "",
  version: "v1",
  resource: "secrets",
  kind: "Secret",
  namespaced: true,
};

export interface ReadOptions {
  /** Where the API server is and how to trust it; its user credentials are used unless `bearerToken` is set. */
  kubeConfig: KubeConfig;
  /** Token mode: the signed-in user's ID token. The kubeconfig's own credentials are then not sent at all. */
  bearerToken?: string;
  /**
   * The namespaces to read one by one when a cluster-wide list is forbidden. Default: the namespaces the
   * cluster-wide namespace list returned, or, when that too is forbidden, `VIGIL_NAMESPACES` (comma-separated).
   */
  namespaces?: readonly string[];
  includeTlsSecrets?: boolean;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  /** Items per page (`limit`). Default 500. */
  pageSize?: number;
  /** Lists run at the same time. Default 4. */
  concurrency?: number;
}

export interface ReadResult {
  /** The server's URL, as the kubeconfig names it. */
  server: string;
  objects: RawObject[];
  gaps: AccessGap[];
  /** The number of GET requests sent. */
  requests: number;
}

/** Throws for a path that is not a list of an allowlisted kind: there is no generic pass-through. */
export function listPath(kind: ResourceKind, namespace: string | undefined, query: URLSearchParams): string {
  const listed = READ_KINDS.some(
    (k) =>
      k === kind ||
      (k.group === kind.group &&
        k.resource === kind.resource &&
        k.namespaced === kind.namespaced &&
        (k.fallbackVersions ?? []).includes(kind.version)),
  );
  if (kind !== TLS_SECRETS && !listed) {
    throw new Error(`not an allowlisted kind: ${kind.resource}`);
  }
  if (namespace !== undefined && (!kind.namespaced || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))) {
    throw new Error(`not a namespace name: ${namespace}`);
  }
  const base = kind.group === "" ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const ns = namespace === undefined ? "" : `/namespaces/${namespace}`;
  return `${base}${ns}/${kind.resource}?${query.toString()}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

/** Drops what the model never keeps, as early as possible: Secret values other than the TLS certificates. */
export function sanitize(kind: ResourceKind, item: RawObject): RawObject | undefined {
  if (kind === TLS_SECRETS) {
    if (item["type"] !== "kubernetes.io/tls") return undefined;
    const data = isRecord(item["data"]) ? item["data"] : {};
    // The private key goes first and entirely; other values than the certificates are blanked, their names kept.
    delete data["tls.key"];
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(data)) kept[key] = key === "tls.crt" || key === "ca.crt" ? data[key] : "";
    const rest: RawObject = { ...item, data: kept };
    delete rest["stringData"];
    return rest;
  }
  if (kind.resource === "configmaps") {
    // The model keeps only certificates from ConfigMaps; other values (often configuration secrets) never travel.
    const data = isRecord(item["data"]) ? item["data"] : {};
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === "string" && value.includes(PEM_CERTIFICATE)) kept[key] = value;
    }
    const rest: RawObject = { ...item, data: kept };
    delete rest["binaryData"];
    return rest;
  }
  return item;
}

/** Policy kinds of other groups share plural names (networkpolicies): their gaps name the group too. */
export function gapResource(kind: ResourceKind): string {
  return POLICY_KINDS.includes(kind) ? describe(kind) : kind.resource;
}

function describe(kind: ResourceKind): string {
  return kind.group === "" ? kind.resource : `${kind.resource}.${kind.group}`;
}

export type ListOutcome =
  | { ok: true; items: RawObject[]; requests: number; resourceVersion: string }
  | { ok: false; status: "forbidden" | "unavailable" | "absent"; message: string; requests: number };

/** Lists one kind, cluster-wide or in one namespace, page by page. */
export async function listAll(
  getJson: GetJson,
  kind: ResourceKind,
  namespace: string | undefined,
  pageSize: number,
): Promise<ListOutcome> {
  const items: RawObject[] = [];
  let cont: string | undefined;
  let requests = 0;
  let restarted = false;
  const where = namespace === undefined ? "cluster-wide" : `in namespace ${namespace}`;
  for (;;) {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (cont) query.set("continue", cont);
    if (kind === TLS_SECRETS) query.set("fieldSelector", "type=kubernetes.io/tls");
    let answer: Answer;
    requests++;
    try {
      answer = await getJson(listPath(kind, namespace, query));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        status: "unavailable",
        message: `could not list ${describe(kind)} ${where}: ${message}`,
        requests,
      };
    }
    if (answer.status === 403) {
      return {
        ok: false,
        status: "forbidden",
        message: `you may not list ${describe(kind)} ${where}`,
        requests,
      };
    }
    if (answer.status === 410 && cont && !restarted) {
      // The continue token expired (the list changed too much while paging): start the list over, once.
      restarted = true;
      items.length = 0;
      cont = undefined;
      continue;
    }
    if (answer.status === 401) {
      return {
        ok: false,
        status: "unavailable",
        message: `could not list ${describe(kind)} ${where}: the API server did not accept the credentials (HTTP 401)`,
        requests,
      };
    }
    if (answer.status === 404 && kind.optional) {
      return {
        ok: false,
        status: "absent",
        message: `${describe(kind)} is not served by this cluster`,
        requests,
      };
    }
    if (answer.status !== 200) {
      return {
        ok: false,
        status: "unavailable",
        message: `could not list ${describe(kind)} ${where}: HTTP ${answer.status}`,
        requests,
      };
    }
    let list: unknown;
    try {
      list = JSON.parse(answer.body);
    } catch {
      return {
        ok: false,
        status: "unavailable",
        message: `the list of ${describe(kind)} ${where} is not JSON`,
        requests,
      };
    }
    const page = isRecord(list) && Array.isArray(list["items"]) ? (list["items"] as unknown[]) : [];
    const apiVersion = kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
    for (const raw of page) {
      if (!isRecord(raw)) continue;
      // List items come without kind and apiVersion; the model needs them.
      const kept = sanitize(kind, { apiVersion, kind: kind.kind, ...raw });
      if (kept) items.push(kept);
    }
    const metadata = isRecord(list) && isRecord(list["metadata"]) ? list["metadata"] : {};
    cont =
      typeof metadata["continue"] === "string" && metadata["continue"] !== ""
        ? metadata["continue"]
        : undefined;
    // The list's resourceVersion is where a watch of it starts (the same on every page of one list).
    const resourceVersion =
      typeof metadata["resourceVersion"] === "string" ? metadata["resourceVersion"] : "";
    if (!cont) return { ok: true, items, requests, resourceVersion };
  }
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

/** The namespaces of `VIGIL_NAMESPACES` (comma-separated), for viewers who may not list namespaces. */
export function configuredNamespaces(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  return (env["VIGIL_NAMESPACES"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Reads every allowlisted kind the credentials may read; what they may not becomes a gap. */
export async function readObjects(options: ReadOptions): Promise<ReadResult> {
  const { getJson, server, close } = await openApiClient(options);
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 4;
  const objects: RawObject[] = [];
  const gaps: AccessGap[] = [];
  let requests = 0;
  try {
    // Namespaces first: their names are the fallback for per-namespace reads.
    const [namespaceKind, ...others] = READ_KINDS;
    if (!namespaceKind) throw new Error("unreachable: READ_KINDS is empty");
    const nsList = await listAll(getJson, namespaceKind, undefined, pageSize);
    requests += nsList.requests;
    let namespaces: readonly string[];
    if (nsList.ok) {
      for (const item of nsList.items) objects.push(item);
      namespaces =
        options.namespaces ??
        nsList.items.flatMap((o) => {
          const name = isRecord(o["metadata"]) ? o["metadata"]["name"] : undefined;
          return typeof name === "string" ? [name] : [];
        });
    } else {
      if (nsList.status !== "absent")
        gaps.push({ resource: "namespaces", status: nsList.status, message: nsList.message });
      namespaces = options.namespaces ?? configuredNamespaces();
    }
    const kinds = options.includeTlsSecrets ? [...others, TLS_SECRETS] : others;
    const perKind = await inBatches(
      kinds.map((kind) => async () => {
        const found: RawObject[] = [];
        const kindGaps: AccessGap[] = [];
        let count = 0;
        let served = kind;
        let all = await listAll(getJson, kind, undefined, pageSize);
        count += all.requests;
        for (const version of kind.fallbackVersions ?? []) {
          if (all.ok || all.status !== "absent") break;
          served = { ...kind, version };
          all = await listAll(getJson, served, undefined, pageSize);
          count += all.requests;
        }
        if (all.ok) return { found: all.items, kindGaps, count };
        if (all.status === "absent") return { found, kindGaps, count };
        if (!kind.namespaced || all.status !== "forbidden" || namespaces.length === 0) {
          kindGaps.push({ resource: gapResource(kind), status: all.status, message: all.message });
          return { found, kindGaps, count };
        }
        // Forbidden cluster-wide: a RoleBinding may still allow it namespace by namespace.
        for (const ns of namespaces) {
          const one = await listAll(getJson, served, ns, pageSize);
          count += one.requests;
          if (one.ok) for (const item of one.items) found.push(item);
          else if (one.status !== "absent") {
            kindGaps.push({
              resource: gapResource(kind),
              namespace: ns,
              status: one.status,
              message: one.message,
            });
          }
        }
        return { found, kindGaps, count };
      }),
      concurrency,
    );
    for (const { found, kindGaps, count } of perKind) {
      // Never push(...list): a list of 200,000 objects would overflow the call stack.
      for (const item of found) objects.push(item);
      for (const gap of kindGaps) gaps.push(gap);
      requests += count;
    }
  } finally {
    close();
  }
  return { server, objects, gaps, requests };
}

/**
 * The credentials and server for `readObjects`: a kubeconfig file, the in-cluster service account, or the
 * default kubeconfig (KUBECONFIG, ~/.kube/config, then in-cluster). Bad input is a VigilError.
 */
export function loadKubeConfig(
  opts: { file?: string; context?: string; inCluster?: boolean } = {},
): KubeConfig {
  const kc = new KubeConfig();
  const { file, context } = opts;
  if (file !== undefined) {
    if (!existsSync(file)) throw new VigilError("unreadable-path", `cannot read the kubeconfig ${file}`);
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw new VigilError("bad-input", `the kubeconfig ${file} is not valid: ${(err as Error).message}`);
    }
  } else if (opts.inCluster) {
    kc.loadFromCluster();
  } else {
    try {
      kc.loadFromDefault();
    } catch (err) {
      throw new VigilError("bad-input", `cannot load the default kubeconfig: ${(err as Error).message}`);
    }
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new VigilError(
        "bad-input",
        `no context "${context}" in the kubeconfig (it has: ${known.join(", ") || "none"})`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new VigilError("bad-input", "the kubeconfig has no current cluster");
  return kc;
}
