import type { AccessGap } from "@/lib/model/types";
import type { ApiClient } from "@/lib/sources/live/api-client";
import {
  gapResource,
  listAll,
  sanitize,
  type ListBounds,
  type ListOutcome,
} from "@/lib/sources/live/list-kind";
import { MiB } from "@/lib/sources/live/read-bounded-body";
import { listPath, TLS_SECRETS, type ResourceKind } from "@/lib/sources/live/read-kinds";
import type { RawObject } from "@/lib/sources/live/read-objects";

// One kind of the shared informers of serviceaccount mode (docs/architecture.md "Running for an organisation"):
// list it once, then watch from the list's resourceVersion, so the API server's load does not depend on how
// many people look. The Kubernetes API's own protocol, as client-go's reflector follows it:
// - a watch starts at the list's resourceVersion and moves it forward with every event and bookmark
//   (allowWatchBookmarks: the server then says how far it has come even when nothing of this kind changes);
// - the server ends a watch after timeoutSeconds: watch again from the last resourceVersion, no relist;
// - 410 Gone (as an HTTP status or as an ERROR event) means that version is compacted away: list again;
// - anything else (refused connection, 5xx, a cut stream) waits, doubling from `baseMs` to `maxMs`, with jitter
//   so that replicas restarted together do not retry in step;
// - a kind Vigil may not list (403) is a gap, as in the one-shot reader; a kind not served (an optional CRD,
//   404) is absent; both are asked again every `recheckMs`, since RBAC and CRDs change.
// Written here rather than with client-node's ListWatch, which stops for good on any error other than 410
// and a client-side timeout (the caller must restart it, and then gets no events for what it already
// knew), sends no allowWatchBookmarks, and keeps whole objects (ConfigMap values, TLS keys) in its store.

export interface ListWatchOptions {
  pageSize: number;
  /** Bytes read at most per list page and per whole list (as the one-shot reader); default 32 MiB and 256 MiB. */
  maxPageBytes?: number;
  maxListBytes?: number;
  /** The server-side length of one watch (timeoutSeconds); jittered by up to a half, as client-go does. */
  watchSeconds: number;
  backoff: { baseMs: number; maxMs: number };
  /** How often a forbidden or absent kind is listed again. */
  recheckMs: number;
  /** 0..1; Math.random unless a test sets it. */
  random?: () => number;
  clock?: () => number;
  /** Waits; a test may make it resolve at once. Must resolve early when `signal` aborts. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

type KindStatus = "starting" | "synced" | "forbidden" | "too-large" | "absent" | "failing";

export interface KindState {
  kind: ResourceKind;
  status: KindStatus;
  /** What the page says when the kind is missing or stale. */
  gap?: AccessGap;
  /** When the kind was last known current (list done, watch open, or a watch ended cleanly). */
  currentAt?: number;
  /** Failing since (ms), for readiness. */
  failingSince?: number;
  lists: number;
  watches: number;
  /** Changes applied from watch events. */
  events: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function metadataOf(o: unknown): Record<string, unknown> {
  return isRecord(o) && isRecord(o["metadata"]) ? o["metadata"] : {};
}

/** managedFields are often the larger part of an object and the model never reads them: not kept. */
function slim(o: RawObject): RawObject {
  const m = o["metadata"];
  if (!isRecord(m) || !("managedFields" in m)) return o;
  const rest: Record<string, unknown> = { ...m };
  delete rest["managedFields"];
  return { ...o, metadata: rest };
}

function keyOf(o: unknown): string {
  const m = metadataOf(o);
  return `${typeof m["namespace"] === "string" ? m["namespace"] : ""}/${String(m["name"] ?? "")}`;
}

function defaultDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export class KindListWatch {
  readonly state: KindState;
  private readonly objects = new Map<string, RawObject>();
  private served: ResourceKind;
  private resourceVersion: string | undefined;
  private failures = 0;
  private readonly stop = new AbortController();
  private watch: { abort(): void } | undefined;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly delay: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(
    private readonly client: ApiClient,
    kind: ResourceKind,
    private readonly onChange: () => void,
    private readonly options: ListWatchOptions,
  ) {
    this.served = kind;
    this.state = { kind, status: "starting", lists: 0, watches: 0, events: 0 };
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.delay = options.delay ?? defaultDelay;
  }

  /** The objects as of the last event, sanitized like the one-shot reader's. */
  items(): Iterable<RawObject> {
    return this.objects.values();
  }

  get size(): number {
    return this.objects.size;
  }

  /** Runs until `close`; never throws. */
  async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        if (this.resourceVersion === undefined) {
          const listed = await this.list();
          if (!listed) {
            await this.delay(this.options.recheckMs, this.stop.signal);
            continue;
          }
        }
        await this.watchOnce();
      } catch (err) {
        if (this.stop.signal.aborted) break;
        this.fail(err instanceof Error ? err.message : String(err));
        await this.delay(this.backoffMs(), this.stop.signal);
      }
    }
  }

  close(): void {
    this.stop.abort();
    this.watch?.abort();
  }

  private backoffMs(): number {
    const { baseMs, maxMs } = this.options.backoff;
    const ms = Math.min(maxMs, baseMs * 2 ** Math.max(0, this.failures - 1));
    return Math.round(ms * (0.5 + this.random() / 2));
  }

  private where(): string {
    const k = this.served;
    return k.group === "" ? k.resource : `${k.resource}.${k.group}`;
  }

  private fail(message: string): void {
    this.failures++;
    const s = this.state;
    s.failingSince ??= this.clock();
    const had = s.status === "synced" || s.currentAt !== undefined;
    s.status = "failing";
    s.gap = {
      resource: gapResource(s.kind),
      status: "unavailable",
      message: had
        ? `${this.where()} may be out of date: Vigil lost its watch (${message}) and is reconnecting`
        : message,
    };
    this.onChange();
  }

  private current(): void {
    const s = this.state;
    const changed = s.status !== "synced";
    this.failures = 0;
    s.status = "synced";
    s.currentAt = this.clock();
    delete s.failingSince;
    delete s.gap;
    if (changed) this.onChange();
  }

  /** One full list (with fallback versions); false when the kind is forbidden or absent. */
  private async list(): Promise<boolean> {
    const kind = this.state.kind;
    let served = kind;
    const bounds: ListBounds = {
      pageSize: this.options.pageSize,
      maxPageBytes: this.options.maxPageBytes ?? 32 * MiB,
      maxListBytes: this.options.maxListBytes ?? 256 * MiB,
    };
    let outcome: ListOutcome = await listAll(this.client.getJson, kind, undefined, bounds);
    this.state.lists += outcome.requests;
    for (const version of kind.fallbackVersions ?? []) {
      if (outcome.ok || outcome.status !== "absent") break;
      served = { ...kind, version };
      outcome = await listAll(this.client.getJson, served, undefined, bounds);
      this.state.lists += outcome.requests;
    }
    if (!outcome.ok) {
      if (outcome.status === "unavailable") throw new Error(outcome.message);
      const had = this.objects.size > 0 || this.state.status !== outcome.status;
      this.objects.clear();
      this.state.status = outcome.status;
      this.state.currentAt = this.clock();
      delete this.state.failingSince;
      this.failures = 0;
      if (outcome.status === "forbidden" || outcome.status === "too-large")
        this.state.gap = { resource: gapResource(kind), status: outcome.status, message: outcome.message };
      else delete this.state.gap;
      if (had) this.onChange();
      return false;
    }
    this.served = served;
    this.objects.clear();
    for (const item of outcome.items) this.objects.set(keyOf(item), slim(item));
    this.resourceVersion = outcome.resourceVersion;
    this.current();
    this.onChange();
    return true;
  }

  private async watchOnce(): Promise<void> {
    const kind = this.served;
    const seconds = Math.round(this.options.watchSeconds * (1 + this.random() / 2));
    const query = new URLSearchParams({
      watch: "1",
      resourceVersion: this.resourceVersion ?? "",
      allowWatchBookmarks: "true",
      timeoutSeconds: String(seconds),
    });
    if (kind === TLS_SECRETS) query.set("fieldSelector", "type=kubernetes.io/tls");
    const apiVersion = kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
    let gone = false;
    let failure: string | undefined;
    const handle = this.client.watchLines(
      listPath(kind, undefined, query),
      (line) => {
        if (gone || failure) return;
        let event: unknown;
        try {
          event = JSON.parse(line);
        } catch {
          failure = "the watch sent something that is not JSON";
          handle.abort();
          return;
        }
        const type = isRecord(event) ? event["type"] : undefined;
        const object = isRecord(event) && isRecord(event["object"]) ? event["object"] : {};
        if (type === "ERROR") {
          if (object["code"] === 410) gone = true;
          else
            failure = `the watch failed: ${String(object["message"] ?? object["code"] ?? "an error event")}`;
          handle.abort();
          return;
        }
        const rv = metadataOf(object)["resourceVersion"];
        if (typeof rv === "string" && rv !== "") this.resourceVersion = rv;
        if (type === "BOOKMARK") return;
        const key = keyOf(object);
        if (type === "DELETED") this.objects.delete(key);
        else if (type === "ADDED" || type === "MODIFIED") {
          const kept = sanitize(kind, { ...object, apiVersion, kind: kind.kind });
          if (kept) this.objects.set(key, slim(kept));
          else this.objects.delete(key);
        } else return;
        this.state.events++;
        this.onChange();
      },
      (seconds + 30) * 1000,
      // The watch is open from a known version: the kind is current until it fails.
      () => this.current(),
    );
    this.watch = handle;
    this.state.watches++;
    let end;
    try {
      end = await handle.done;
    } catch (err) {
      if (gone) end = { kind: "ended" as const };
      else if (failure) throw new Error(failure);
      else throw err;
    } finally {
      this.watch = undefined;
    }
    if (gone) {
      // Compacted away: list again at once (client-go's reflector does the same).
      this.resourceVersion = undefined;
      return;
    }
    if (failure) throw new Error(failure);
    if (end.kind === "answer") {
      if (end.answer.status === 410) {
        this.resourceVersion = undefined;
        return;
      }
      throw new Error(`the watch got HTTP ${end.answer.status}`);
    }
  }
}
