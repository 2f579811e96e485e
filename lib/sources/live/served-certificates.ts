import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import tls, { type DetailedPeerCertificate, type TLSSocket } from "node:tls";
import type { ObjectRef, ServedCertificate, Snapshot } from "@/lib/model/types";
import type { AddressVerdict } from "@/lib/sources/live/handshake-address-policy";

// Live mode only (docs/semantics.md §3): the certificate an endpoint actually serves, read by a TLS handshake
// with SNI, for CERT-007, CERT-010 and CERT-013. Server and CLI only (node:tls); like read-objects.ts it is
// not marked `import "server-only"` because that marker throws under plain Node and vitest.
//
// Where a handshake goes (docs/security.md "Served-certificate handshakes"): for an Ingress, only to its own
// load-balancer address (status.loadBalancer), with the TLS host as SNI; a load-balancer host name is resolved
// and every address it resolves to must pass the address check, and the handshake then goes to a checked
// address (never a second lookup that could answer differently). The check runs before any packet is sent to
// the target. The API server is the one Vigil already reads, named by the operator's kubeconfig: no check.
//
// `rejectUnauthorized: false` is used ONLY to read the chain of an endpoint whose certificate may well be
// broken (that is what we look for): the connection is closed as soon as the handshake ends, no byte of
// application data is sent or trusted, and the chain is verified later, by lib/certs, against what the
// cluster ships.

interface ServedTarget {
  /** What points at the endpoint: an Ingress, or the API server. */
  source: ObjectRef;
  /** The name asked for by SNI. */
  host: string;
  port: number;
  /** Where to connect: the load balancer's IP or host name, or the API server's host. */
  address: string;
  /** The API server, named by the operator: exempt from the address check. */
  trusted?: boolean;
}

export type ConnectTls = (options: tls.ConnectionOptions) => TLSSocket;
type LookupAll = (hostname: string) => Promise<readonly string[]>;

export interface HandshakeOptions {
  /** Per handshake (lookup included); a host that does not answer in time is reported as unreachable. */
  timeoutMs: number;
  /** The address check (handshake-address-policy.ts), applied to every address before connecting. */
  check: (address: string) => AddressVerdict;
  /** Injected by tests to prove that a refused target is never dialled. */
  connect?: ConnectTls;
  lookup?: LookupAll;
}

const defaultLookup: LookupAll = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

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

/** The one address to dial, after checking every address the target's address stands for; or why not. */
async function resolveChecked(
  target: ServedTarget,
  options: HandshakeOptions,
): Promise<{ address: string } | { refused: string } | { error: string }> {
  const literal = target.address.replace(/^\[|\]$/g, "");
  if (target.trusted) return { address: literal };
  if (isIP(literal) !== 0) {
    const verdict = options.check(literal);
    return verdict.allowed ? { address: literal } : { refused: verdict.reason };
  }
  let addresses: readonly string[];
  try {
    addresses = await (options.lookup ?? defaultLookup)(literal);
  } catch (err) {
    return { error: `unreachable: ${describeError(err)}` };
  }
  if (addresses.length === 0) return { error: "unreachable: host name not found" };
  for (const address of addresses) {
    const verdict = options.check(address);
    if (!verdict.allowed) return { refused: `${literal} resolves to a refused address (${verdict.reason})` };
  }
  return { address: addresses[0] ?? literal };
}

function handshake(
  target: ServedTarget,
  address: string,
  options: HandshakeOptions,
  base: ServedCertificate,
): Promise<ServedCertificate> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ServedCertificate) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const unreachable = (error: string): ServedCertificate => ({ ...base, notRead: "unreachable", error });
    const socket = (options.connect ?? tls.connect)({
      host: address,
      port: target.port,
      // SNI takes a host name, never an IP literal (RFC 6066 section 3).
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      rejectUnauthorized: false,
    });
    const timer = setTimeout(
      () => finish(unreachable(`unreachable: no TLS handshake within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.once("secureConnect", () => {
      const peer = socket.getPeerCertificate(true);
      if (!peer.raw) finish(unreachable("the endpoint completed the handshake without a certificate"));
      else finish({ ...base, chain: chainOf(peer) });
    });
    socket.once("error", (err) => finish(unreachable(`unreachable: ${describeError(err)}`)));
  });
}

/** One handshake, after the address check. Never throws: a chain, or `notRead` with `error`. */
export async function readServedCertificate(
  target: ServedTarget,
  options: HandshakeOptions,
): Promise<ServedCertificate> {
  const base: ServedCertificate = {
    source: target.source,
    host: target.host,
    port: target.port,
    address: target.address,
  };
  const resolved = await resolveChecked(target, options);
  if ("refused" in resolved) return { ...base, notRead: "refused", error: `refused: ${resolved.refused}` };
  if ("error" in resolved) return { ...base, notRead: "unreachable", error: resolved.error };
  return handshake(target, resolved.address, options, base);
}

interface PlanOptions {
  /** The API server Vigil reads, from the operator's kubeconfig. */
  apiServer?: { host: string; port: number };
  check: (address: string) => AddressVerdict;
  /** Handshakes per snapshot; endpoints beyond are listed as refused (the API server comes first). */
  perSnapshot: number;
}

/**
 * The endpoints worth a handshake, as not-yet-read entries of `servedCertificates`: the API server when given,
 * then each TLS host of each Ingress on 443 at the Ingress's first load-balancer address. Nothing is dialled
 * here; an entry is "pending" (lib/sources/live/handshake-scheduler.ts reads it in the background) or
 * "refused" at once: an Ingress without a load-balancer address (its host names alone say nothing about where
 * it is served), an IP address the check refuses, or one endpoint too many for the budget.
 */
export function planServedCertificates(snapshot: Snapshot, options: PlanOptions): ServedCertificate[] {
  const planned: ServedCertificate[] = [];
  const add = (entry: ServedCertificate, refused?: string) => {
    const reason =
      refused ?? (planned.length >= options.perSnapshot ? overBudget(options.perSnapshot) : undefined);
    planned.push(
      reason
        ? { ...entry, notRead: "refused", error: `refused: ${reason}` }
        : { ...entry, notRead: "pending", error: "handshake pending: shown on a later page load" },
    );
  };
  if (options.apiServer) {
    const { host, port } = options.apiServer;
    add({ source: API_SERVER, host, port, address: host });
  }
  const seen = new Set<string>();
  for (const ingress of snapshot.ingresses) {
    const lb = ingress.loadBalancer.find((e) => e.ip ?? e.hostname);
    const address = lb?.ip ?? lb?.hostname;
    const verdict = address && isIP(address) !== 0 ? options.check(address) : undefined;
    for (const entry of ingress.tls) {
      for (const host of entry.hosts) {
        // A wildcard host names no endpoint that can be dialled.
        if (host.startsWith("*")) continue;
        const key = `${ingress.namespace}/${ingress.name}/${host}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const source = { kind: "Ingress", namespace: ingress.namespace, name: ingress.name };
        if (!address)
          add({ source, host, port: 443 }, "the Ingress has no load-balancer address in its status");
        else
          add({ source, host, port: 443, address }, verdict && !verdict.allowed ? verdict.reason : undefined);
      }
    }
  }
  return planned;
}

const API_SERVER: ObjectRef = { kind: "APIServer", name: "kube-apiserver" };

function overBudget(perSnapshot: number): string {
  return `over the budget of ${perSnapshot} handshakes per snapshot`;
}

/** What readServedCertificate needs of a planned entry: only the API server is exempt from the check. */
export function targetOf(planned: ServedCertificate): ServedTarget {
  return {
    source: planned.source,
    host: planned.host,
    port: planned.port,
    address: planned.address ?? planned.host,
    ...(planned.source.kind === API_SERVER.kind ? { trusted: true } : {}),
  };
}
