import type { AccessGap } from "@/lib/model/types";
import { gapResource, isRecord, listAll, type ListBounds } from "@/lib/sources/live/list-kind";
import { openApiClient } from "@/lib/sources/live/api-client";
import { MiB } from "@/lib/sources/live/read-bounded-body";
import { READ_KINDS, TLS_SECRETS } from "@/lib/sources/live/read-kinds";
import type { KubeConfig } from "@kubernetes/client-node";

// THE read-only raw reader of a live cluster (docs/architecture.md "Cluster access modes"), used by the live access
// modes and `vigil snapshot`. Server and CLI only: it is not marked `import "server-only"` because the
// `vigil` CLI runs it under plain Node, where that marker module throws; it imports client-node, which is
// listed in serverExternalPackages and never reaches a client bundle.
//
// Read-only by construction:
// - the one function that talks to the API server, `getJson` (api-client.ts), takes a path and nothing else: it calls
//   `https.get`, so no other method can be issued, and it sends no header but Accept and Authorization
//   (never Impersonate-*, whatever the kubeconfig says);
// - paths are built only from the allowlist of read-kinds.ts (`listPath`), never passed through from a caller;
// - Secrets are read only when asked for, only of type kubernetes.io/tls, and `tls.key` is deleted the
//   moment the response is parsed.
// A 403, 404 or error on one kind (or one namespace of it) becomes an AccessGap and the rest goes on.

/** A raw Kubernetes object as JSON, ready for the model's `buildSnapshot`. */
export type RawObject = Record<string, unknown>;

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
  /** The most one page of a list may weigh (bytes of JSON). Default 32 MiB. */
  maxPageBytes?: number;
  /** The most all pages of one list may weigh together. Default 256 MiB. */
  maxListBytes?: number;
}

export interface ReadResult {
  /** The server's URL, as the kubeconfig names it. */
  server: string;
  objects: RawObject[];
  gaps: AccessGap[];
  /** The number of GET requests sent. */
  requests: number;
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
  // The same one GET-only client as the shared informers (api-client.ts): one place handles credentials.
  const { getJson, server, close } = await openApiClient(options);
  const bounds: ListBounds = {
    pageSize: options.pageSize ?? 500,
    maxPageBytes: options.maxPageBytes ?? 32 * MiB,
    maxListBytes: options.maxListBytes ?? 256 * MiB,
  };
  const concurrency = options.concurrency ?? 4;
  const objects: RawObject[] = [];
  const gaps: AccessGap[] = [];
  let requests = 0;
  try {
    // Namespaces first: their names are the fallback for per-namespace reads.
    const [namespaceKind, ...others] = READ_KINDS;
    if (!namespaceKind) throw new Error("unreachable: READ_KINDS is empty");
    const nsList = await listAll(getJson, namespaceKind, undefined, bounds);
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
        let all = await listAll(getJson, kind, undefined, bounds);
        count += all.requests;
        for (const version of kind.fallbackVersions ?? []) {
          if (all.ok || all.status !== "absent") break;
          served = { ...kind, version };
          all = await listAll(getJson, served, undefined, bounds);
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
          const one = await listAll(getJson, served, ns, bounds);
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
