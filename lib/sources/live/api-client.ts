import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

// The request functions of the shared informers (list-watch.ts); read-objects.ts has the same GET for the
// one-shot reader (docs/architecture.md "Cluster access modes"). Server and CLI only, like read-objects.ts
// (the CLI runs under plain Node, where the "server-only" marker throws).
//
// Read-only by construction: both take a path and nothing else and call `https.get`, so no other method can
// be issued; they send no header but Accept and Authorization (never Impersonate-*, whatever the kubeconfig
// says). Paths come only from read-kinds' `listPath` allowlist.

import { isRecord, type Answer, type GetJson } from "@/lib/sources/live/list-kind";
import { formatBytes, MiB, readBoundedBody } from "@/lib/sources/live/read-bounded-body";

const MAX_EVENT_BYTES = 32 * MiB;

/** How a watch ended: "ended" when the server closed the stream (its timeoutSeconds), else an HTTP answer. */
type WatchEnd = { kind: "ended" } | { kind: "answer"; answer: Answer };

interface WatchHandle {
  done: Promise<WatchEnd>;
  abort(): void;
}

/** Streams a watch: `onLine` gets each newline-delimited JSON event as it arrives. */
type WatchLines = (
  path: string,
  onLine: (line: string) => void,
  idleMs: number,
  onOpen?: () => void,
) => WatchHandle;

interface ApiClientOptions {
  /** Where the API server is and how to trust it; its user credentials are used unless `bearerToken` is set. */
  kubeConfig: KubeConfig;
  /** Token mode: the signed-in user's ID token. The kubeconfig's own credentials are then not sent at all. */
  bearerToken?: string;
  /** Per list request. Default 15 s. */
  timeoutMs?: number;
  /** Sockets at once (the lists in flight, plus open watches). Default 4. */
  concurrency?: number;
}

/** The two discovery documents, in the aggregated form (apidiscovery.k8s.io/v2): every group, resource and verb. */
type DiscoveryPath = "/api" | "/apis";

const AGGREGATED_DISCOVERY =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;q=0.5";

export interface ApiClient {
  getJson: GetJson;
  /** GET /api or /apis, asking for aggregated discovery (the who-can form's suggestions). */
  getDiscovery(path: DiscoveryPath, maxBytes: number): Promise<Answer>;
  watchLines: WatchLines;
  /** The server's URL, as the kubeconfig names it. */
  server: string;
  close(): void;
}

export async function openApiClient(options: ApiClientOptions): Promise<ApiClient> {
  const cluster = options.kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const server = new URL(cluster.server);
  const tlsOptions: https.RequestOptions = {};
  await options.kubeConfig.applyToHTTPSOptions(tlsOptions);
  const headers: Record<string, string> = { Accept: "application/json" };
  let authorization: string | undefined;
  const givenHeaders = isRecord(tlsOptions.headers) ? tlsOptions.headers : {};
  const given = givenHeaders["Authorization"] ?? givenHeaders["authorization"];
  if (typeof given === "string") authorization = given;
  const agentOptions: https.AgentOptions = {
    keepAlive: true,
    maxSockets: options.concurrency ?? 4,
    ca: tlsOptions.ca,
    servername: tlsOptions.servername,
  };
  if (tlsOptions.rejectUnauthorized !== undefined)
    agentOptions.rejectUnauthorized = tlsOptions.rejectUnauthorized;
  if (options.bearerToken !== undefined) {
    // Token mode: only the user's identity may reach the API server, never Vigil's own certificate or token.
    authorization = `Bearer ${options.bearerToken}`;
  } else {
    agentOptions.cert = tlsOptions.cert;
    agentOptions.key = tlsOptions.key;
    agentOptions.pfx = tlsOptions.pfx;
    agentOptions.passphrase = tlsOptions.passphrase;
    if (tlsOptions.auth) authorization = `Basic ${Buffer.from(tlsOptions.auth).toString("base64")}`;
  }
  if (authorization) headers["Authorization"] = authorization;
  if (server.protocol !== "https:") throw new Error(`the API server URL must be https: ${cluster.server}`);
  const agent = new https.Agent(agentOptions);
  const prefix = server.pathname.replace(/\/$/, "");
  const timeoutMs = options.timeoutMs ?? 15_000;
  const urlOf = (path: string) => new URL(server.origin + prefix + path);

  const get = (path: string, maxBytes: number, accept?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = https.get(
        urlOf(path),
        { headers: accept ? { ...headers, Accept: accept } : headers, agent },
        (res) => {
          readBoundedBody(res, maxBytes).then(
            (body) => resolve({ status: res.statusCode ?? 0, body }),
            (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
          );
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
    });

  const getJson: GetJson = (path, maxBytes) => get(path, maxBytes);
  const getDiscovery = (path: DiscoveryPath, maxBytes: number) =>
    get(path === "/api" ? "/api" : "/apis", maxBytes, AGGREGATED_DISCOVERY);

  const watchLines: WatchLines = (path, onLine, idleMs, onOpen) => {
    let abort = () => {};
    const done = new Promise<WatchEnd>((resolve, reject) => {
      const req = https.get(urlOf(path), { headers, agent }, (res) => {
        const status = res.statusCode ?? 0;
        if (status === 200) onOpen?.();
        const chunks: Buffer[] = [];
        let pending = "";
        res.on("data", (chunk: Buffer) => {
          if (status !== 200) {
            chunks.push(chunk);
            return;
          }
          pending += chunk.toString("utf8");
          let nl = pending.indexOf("\n");
          while (nl >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line !== "") onLine(line);
            nl = pending.indexOf("\n");
          }
          // One event is one object: as large as a list page at most (read-bounded-body's bound for lists).
          if (pending.length > MAX_EVENT_BYTES)
            req.destroy(new Error(`a watch event was larger than ${formatBytes(MAX_EVENT_BYTES)}`));
        });
        res.on("end", () => {
          if (status !== 200)
            resolve({ kind: "answer", answer: { status, body: Buffer.concat(chunks).toString("utf8") } });
          else {
            if (pending.trim() !== "") onLine(pending.trim());
            resolve({ kind: "ended" });
          }
        });
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("the watch was cut")));
      });
      // A watch carries events and bookmarks; silence longer than this means the connection is gone.
      req.setTimeout(idleMs, () => req.destroy(new Error(`the watch was silent for ${idleMs} ms`)));
      req.on("error", reject);
      abort = () => req.destroy(new Error("stopped"));
    });
    return { done, abort: () => abort() };
  };

  return { getJson, getDiscovery, watchLines, server: cluster.server, close: () => agent.destroy() };
}
