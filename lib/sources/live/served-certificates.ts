import { isIP } from "node:net";
import tls, { type DetailedPeerCertificate } from "node:tls";
import type { ObjectRef, ServedCertificate, Snapshot } from "@/lib/model/types";

// Live mode only (docs/semantics.md §3): the certificate an endpoint actually serves, read by a TLS handshake
// with SNI, for CERT-007, CERT-010 and CERT-013. Server and CLI only (node:tls); like read-objects.ts it is
// not marked `import "server-only"` because that marker throws under plain Node and vitest.
//
// `rejectUnauthorized: false` is used ONLY to read the chain of an endpoint whose certificate may well be
// broken (that is what we look for): the connection is closed as soon as the handshake ends, no byte of
// application data is sent or trusted, and the chain is verified later, by lib/certs, against what the
// cluster ships.

export interface ServedTarget {
  /** What points at the endpoint: an Ingress, or the API server. */
  source: ObjectRef;
  /** The name asked for by SNI (and connected to, unless `address` is given). */
  host: string;
  port: number;
  /** Where to connect when it differs from `host` (e.g. the ingress controller's load balancer IP). */
  address?: string;
}

export interface ReadServedOptions {
  /** Per handshake; a host that does not answer in time is reported as unreachable. */
  timeoutMs?: number;
  /** Handshakes in flight at once. */
  concurrency?: number;
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** The chain as the peer sent it, leaf first (Node links it through `issuerCertificate`). */
function chainOf(leaf: DetailedPeerCertificate): string {
  const pems: string[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    pems.push(toPem(cert.raw));
    cert = cert.issuerCertificate;
  }
  return pems.join("");
}

function describeError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const text: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host name not found",
    EAI_AGAIN: "host name lookup failed",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ECONNRESET: "connection reset during the TLS handshake",
  };
  if (code && text[code]) return text[code];
  return err instanceof Error ? err.message : String(err);
}

/** One handshake. Never throws: an unreachable endpoint comes back with `error` and no `chain`. */
export function readServedCertificate(
  target: ServedTarget,
  options: ReadServedOptions = {},
): Promise<ServedCertificate> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const base = { source: target.source, host: target.host, port: target.port };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ServedCertificate) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const socket = tls.connect({
      host: target.address ?? target.host,
      port: target.port,
      // SNI takes a host name, never an IP literal (RFC 6066 section 3).
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      rejectUnauthorized: false,
    });
    const timer = setTimeout(
      () => finish({ ...base, error: `unreachable: no TLS handshake within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once("secureConnect", () => {
      const peer = socket.getPeerCertificate(true);
      if (!peer.raw) finish({ ...base, error: "the endpoint completed the handshake without a certificate" });
      else finish({ ...base, chain: chainOf(peer) });
    });
    socket.once("error", (err) => finish({ ...base, error: `unreachable: ${describeError(err)}` }));
  });
}

/** Every target, at most `concurrency` at a time, in the order given. */
export async function readServedCertificates(
  targets: readonly ServedTarget[],
  options: ReadServedOptions = {},
): Promise<ServedCertificate[]> {
  const results: ServedCertificate[] = new Array<ServedCertificate>(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const target = targets[i];
      if (target) results[i] = await readServedCertificate(target, options);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, targets.length)) }, worker),
  );
  return results;
}

/** The endpoints worth a handshake: every TLS host of every Ingress on 443, and the API server when known. */
export function servedTargetsFor(
  snapshot: Snapshot,
  apiServer?: { host: string; port: number },
): ServedTarget[] {
  const targets: ServedTarget[] = [];
  const seen = new Set<string>();
  for (const ingress of snapshot.ingresses) {
    for (const entry of ingress.tls) {
      for (const host of entry.hosts) {
        // A wildcard host names no endpoint that can be dialled.
        if (host.startsWith("*")) continue;
        const key = `${ingress.namespace}/${ingress.name}/${host}`;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({
          source: { kind: "Ingress", namespace: ingress.namespace, name: ingress.name },
          host,
          port: 443,
        });
      }
    }
  }
  if (apiServer) targets.push({ source: { kind: "APIServer", name: "kube-apiserver" }, ...apiServer });
  return targets;
}

/**
 * The snapshot with `servedCertificates` filled in by one handshake per endpoint (live modes): what
 * lib/sources/load-viewer-snapshot.ts calls after reading the objects, when handshakes are enabled.
 */
export async function addServedCertificates(
  snapshot: Snapshot,
  options: ReadServedOptions & { apiServer?: { host: string; port: number } } = {},
): Promise<Snapshot> {
  const targets = servedTargetsFor(snapshot, options.apiServer);
  return { ...snapshot, servedCertificates: await readServedCertificates(targets, options) };
}
