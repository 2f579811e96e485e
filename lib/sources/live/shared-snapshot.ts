import type { KubeConfig } from "@kubernetes/client-node";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import type { ServedCertificate, Snapshot } from "@/lib/model/types";
import { openApiClient, type ApiClient } from "@/lib/sources/live/api-client";
import { KindListWatch, type KindState, type ListWatchOptions } from "@/lib/sources/live/list-watch";
import { READ_KINDS, TLS_SECRETS } from "@/lib/sources/live/read-kinds";
import { optInGaps } from "@/lib/sources/live/opt-in-gaps";
import type { RawObject } from "@/lib/sources/live/read-objects";

// Serviceaccount mode's one snapshot (docs/architecture.md "Running for an organisation"): every allowlisted kind
// listed once and then watched (list-watch.ts) into one store that each event updates in place; a version
// number moves with every change. The Snapshot the engines read is mapped from the store at most once per
// version (and at most once per `minRebuildMs` under churn), and every viewer is gated from that same one.
// Nothing here is per viewer: the API server's load is the informers', whatever the number of people.

interface SharedSnapshotOptions {
  kubeConfig: KubeConfig;
  includeTlsSecrets: boolean;
  /** The served certificates to read for a snapshot (CERT-013); the handshakes run in the background. */
  planServed: (snapshot: Snapshot, server: string) => ServedCertificate[];
  /** A rebuild waits at least this long after the last one; readers get the last build meanwhile. */
  minRebuildMs: number;
  /** A kind failing for longer than this makes the snapshot not current (/readyz). */
  staleAfterMs: number;
  listWatch: ListWatchOptions;
  clock?: () => number;
}

interface VersionedSnapshot {
  version: number;
  snapshot: Snapshot;
  builtAt: number;
}

interface SharedSnapshotStats {
  version: number;
  builtVersion: number | undefined;
  builtAt: number | undefined;
  kinds: readonly KindState[];
  objects: number;
}

export class SharedSnapshot {
  private version = 0;
  private built: VersionedSnapshot | undefined;
  private building: Promise<VersionedSnapshot> | undefined;
  private watchers: KindListWatch[] = [];
  private client: ApiClient | undefined;
  private started: Promise<void> | undefined;
  private startedAll: (() => void) | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: SharedSnapshotOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Opens the client and starts every kind's list-watch; resolves when each has listed once (or failed once). */
  start(): Promise<void> {
    this.started ??= this.open();
    return this.started;
  }

  private async open(): Promise<void> {
    const kinds = this.options.includeTlsSecrets ? [...READ_KINDS, TLS_SECRETS] : [...READ_KINDS];
    // One socket per open watch, and room for lists beside them.
    this.client = await openApiClient({ kubeConfig: this.options.kubeConfig, concurrency: kinds.length + 4 });
    const client = this.client;
    const all = new Promise<void>((resolve) => (this.startedAll = resolve));
    this.watchers = kinds.map(
      (kind) => new KindListWatch(client, kind, () => this.changed(), this.options.listWatch),
    );
    for (const w of this.watchers) void w.run();
    this.changed();
    await all;
  }

  private changed(): void {
    this.version++;
    if (this.startedAll && this.watchers.every((w) => w.state.status !== "starting")) {
      this.startedAll();
      this.startedAll = undefined;
    }
  }

  /** The current snapshot: built from the store when it moved, at most once per `minRebuildMs`. */
  async current(): Promise<VersionedSnapshot> {
    await this.start();
    const last = this.built;
    if (last && (last.version === this.version || this.clock() - last.builtAt < this.options.minRebuildMs)) {
      return last;
    }
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(): Promise<VersionedSnapshot> {
    await Promise.resolve();
    const version = this.version;
    const objects: RawObject[] = [];
    // Never push(...items): a kind of 200,000 objects would overflow the call stack.
    for (const w of this.watchers) for (const item of w.items()) objects.push(item);
    const builtAt = this.clock();
    const snapshot = buildSnapshot(
      objects.map((object) => ({ object, origin: {} })),
      { kind: "live", name: this.client?.server ?? "", takenAt: new Date(builtAt).toISOString() },
    );
    const gaps = [
      ...this.watchers.flatMap((w) => (w.state.gap ? [w.state.gap] : [])),
      ...optInGaps(this.options),
    ];
    let result: Snapshot = { ...snapshot, gaps: [...snapshot.gaps, ...gaps] };
    result = { ...result, servedCertificates: this.options.planServed(result, this.client?.server ?? "") };
    this.built = { version, snapshot: result, builtAt };
    return this.built;
  }

  /** Loaded and current: every kind listed (or known forbidden/absent) and none failing for too long. */
  isCurrent(): boolean {
    if (!this.built || this.watchers.length === 0) return false;
    const now = this.clock();
    // Every kind known once (listed, or known forbidden or absent), and none failing for too long since.
    return this.watchers.every(
      (w) =>
        w.state.currentAt !== undefined &&
        (w.state.failingSince === undefined || now - w.state.failingSince < this.options.staleAfterMs),
    );
  }

  stats(): SharedSnapshotStats {
    return {
      version: this.version,
      builtVersion: this.built?.version,
      builtAt: this.built?.builtAt,
      kinds: this.watchers.map((w) => w.state),
      objects: this.watchers.reduce((n, w) => n + w.size, 0),
    };
  }

  close(): void {
    for (const w of this.watchers) w.close();
    this.client?.close();
  }
}
