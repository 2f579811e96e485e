import type { ServedCertificate, Snapshot } from "@/lib/model/types";
import {
  addressChecker,
  allowedRanges,
  clusterNetworksOf,
  type AddressVerdict,
} from "@/lib/sources/live/handshake-address-policy";
import {
  planServedCertificates,
  readServedCertificate,
  targetOf,
  type HandshakeOptions,
} from "@/lib/sources/live/served-certificates";

// Served-certificate handshakes run here, in the background, with their own budget (docs/security.md
// "Served-certificate handshakes"), never inside a page's read: a read plans the endpoints (pending or
// refused, served-certificates.ts), and each page fills in what is known by then and queues the rest. So a
// cluster of silent hosts costs the background queue its timeouts, and no page waits for them.
// Server and CLI only, like the rest of lib/sources/live.

interface HandshakeBudget {
  /** Handshakes in flight at once, for the whole process. */
  concurrency: number;
  /** Per handshake, host-name lookup included. */
  timeoutMs: number;
  /** Endpoints per snapshot; the rest are listed as refused. */
  perSnapshot: number;
  /** How long a chain read is reused before it is read again (the old one is shown meanwhile). */
  keepMs: number;
  /** How long a failed handshake is remembered before it is tried again. */
  retryMs: number;
  /** Results remembered at most (oldest forgotten first), and endpoints waiting at most. */
  maxEntries: number;
}

export const DEFAULT_BUDGET: HandshakeBudget = {
  concurrency: 4,
  timeoutMs: 3_000,
  perSnapshot: 64,
  keepMs: 10 * 60_000,
  retryMs: 60_000,
  maxEntries: 4_096,
};

type Read = (planned: ServedCertificate) => Promise<ServedCertificate>;

function keyOf(e: ServedCertificate): string {
  return JSON.stringify([e.source.kind === "APIServer", e.address ?? "", e.port, e.host]);
}

export class HandshakeScheduler {
  private readonly results = new Map<string, { found: ServedCertificate; until: number }>();
  private readonly waiting: { key: string; planned: ServedCertificate; read: Read }[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private idlers: (() => void)[] = [];

  constructor(
    private readonly budget: HandshakeBudget = DEFAULT_BUDGET,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The entries with what is known now: a pending entry becomes the last result for its endpoint (a stale one
   * is shown while it is read again), or stays pending and is queued for `read`. Returns at once.
   */
  observe(entries: readonly ServedCertificate[], read: Read): ServedCertificate[] {
    const now = this.clock();
    return entries.map((entry) => {
      if (entry.notRead !== "pending") return entry;
      const key = keyOf(entry);
      const known = this.results.get(key);
      if (
        (!known || known.until <= now) &&
        !this.queued.has(key) &&
        this.waiting.length < this.budget.maxEntries
      ) {
        this.queued.add(key);
        this.waiting.push({ key, planned: entry, read });
        this.pump();
      }
      if (!known) return entry;
      const { chain, notRead, error } = known.found;
      return {
        source: entry.source,
        host: entry.host,
        port: entry.port,
        ...(entry.address !== undefined ? { address: entry.address } : {}),
        ...(chain !== undefined ? { chain } : {}),
        ...(notRead !== undefined ? { notRead } : {}),
        ...(error !== undefined ? { error } : {}),
      };
    });
  }

  /** Resolves when nothing is queued or in flight (tests, and a clean shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  private pump(): void {
    while (this.running < this.budget.concurrency) {
      const next = this.waiting.shift();
      if (!next) break;
      this.running++;
      next
        .read(next.planned)
        .catch((err: unknown): ServedCertificate => ({
          ...next.planned,
          notRead: "unreachable",
          error: `unreachable: ${err instanceof Error ? err.message : String(err)}`,
        }))
        .then((found) => {
          const keep = found.chain !== undefined ? this.budget.keepMs : this.budget.retryMs;
          this.results.delete(next.key);
          this.results.set(next.key, { found, until: this.clock() + keep });
          while (this.results.size > this.budget.maxEntries) {
            const oldest = this.results.keys().next().value;
            if (oldest === undefined) break;
            this.results.delete(oldest);
          }
          this.queued.delete(next.key);
          this.running--;
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) {
            const idlers = this.idlers;
            this.idlers = [];
            for (const resolve of idlers) resolve();
          }
        });
    }
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The address check for a snapshot: refused ranges, its cluster networks and VIGIL_CLUSTER_NETWORKS. */
function handshakeCheck(snapshot: Snapshot, env: Env): (address: string) => AddressVerdict {
  const declared = (env.VIGIL_CLUSTER_NETWORKS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return addressChecker({
    allowed: allowedRanges(env),
    cluster: [...clusterNetworksOf(snapshot), ...declared],
  });
}

/** A live read's planned handshakes (nothing dialled): the API server's, and each Ingress TLS host's. */
export function planHandshakes(snapshot: Snapshot, server: string, env: Env): ServedCertificate[] {
  if (env.VIGIL_TLS_HANDSHAKES === "off") return [];
  const url = new URL(server);
  return planServedCertificates(snapshot, {
    apiServer: { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 443) },
    check: handshakeCheck(snapshot, env),
    perSnapshot: DEFAULT_BUDGET.perSnapshot,
  });
}

let shared: HandshakeScheduler | undefined;

/**
 * One viewer's snapshot with its served certificates as known now (see HandshakeScheduler.observe). The API
 * server's certificate is kept only for a viewer who may list nodes cluster-wide (no `nodes` gap): its names
 * and addresses are the control plane's, which is what a node list shows; every viewer may see the rest.
 */
export function observeServedCertificates(snapshot: Snapshot, env: Env = process.env): Snapshot {
  if (snapshot.servedCertificates.length === 0) return snapshot;
  shared ??= new HandshakeScheduler();
  const mayListNodes = !snapshot.gaps.some((g) => g.resource === "nodes" && g.namespace === undefined);
  const visible = snapshot.servedCertificates.filter((c) => c.source.kind !== "APIServer" || mayListNodes);
  // Built only when something is read, once per page: the check of this snapshot's networks.
  let options: HandshakeOptions | undefined;
  const read = (planned: ServedCertificate) => {
    options ??= { timeoutMs: DEFAULT_BUDGET.timeoutMs, check: handshakeCheck(snapshot, env) };
    return readServedCertificate(targetOf(planned), options);
  };
  return { ...snapshot, servedCertificates: shared.observe(visible, read) };
}
