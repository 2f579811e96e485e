import { estimateBytes } from "@/lib/gating/estimate-bytes";

// A small in-memory cache with a lifetime, bounded by the estimated bytes of what it holds (not by a count:
// one viewer of a large cluster can weigh as much as a thousand viewers of a small one). It holds promises so
// that concurrent requests of one key share one load; a value is weighed once, when its load settles, and the
// least recently used values are evicted until the total fits. Keys are identities (mode, user, groups) or
// carry one: an entry is never served to anyone else.

interface TtlCacheOptions<V> {
  ttlMs: number;
  /** The most the settled values (and their keys) may weigh together; a value heavier than this is not kept. */
  maxBytes: number;
  /** The weight of one value; estimateBytes (the V8 heap it holds) by default. */
  sizeOf?: (value: V) => number;
  /**
   * Each hit extends the lifetime by `ttlMs` (an entry then goes once unused for that long). Only for keys that
   * decide their value entirely, which a later load would return unchanged.
   */
  sliding?: boolean;
  clock?: () => number;
}

interface Entry<V> {
  value: Promise<V>;
  until: number;
  /** Undefined while the load is in flight. */
  bytes?: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly clock: () => number;
  private readonly sizeOf: (value: V) => number;
  private total = 0;
  /** Requests served from the cache and requests that loaded, for /metrics. */
  hits = 0;
  misses = 0;

  constructor(private readonly options: TtlCacheOptions<V>) {
    this.clock = options.clock ?? Date.now;
    this.sizeOf = options.sizeOf ?? estimateBytes;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) {
      this.hits++;
      if (this.options.sliding) hit.until = now + this.options.ttlMs;
      // Most recently used goes last: eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    this.misses++;
    if (hit) this.remove(key, hit);
    const value = load();
    const entry: Entry<V> = { value, until: now + this.options.ttlMs };
    this.entries.set(key, entry);
    value.then(
      (settled) => {
        if (this.entries.get(key) !== entry) return;
        const bytes = this.sizeOf(settled) + 2 * key.length;
        // Heavier than the whole budget: served to the requests that waited for it, never kept.
        if (bytes > this.options.maxBytes) {
          this.entries.delete(key);
          return;
        }
        entry.bytes = bytes;
        this.total += bytes;
        this.evictBeyondBudget();
      },
      // A failed load is not remembered: the next request tries again.
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  /** What the cache holds now: settled entries' estimated bytes, and entries in total (loads included). */
  usage(): { bytes: number; entries: number } {
    return { bytes: this.total, entries: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.total -= entry.bytes ?? 0;
  }

  private evictBeyondBudget(): void {
    if (this.total <= this.options.maxBytes) return;
    // Expired values first, then the least recently used. Loads in flight weigh nothing yet and are shared by
    // the requests waiting on them: they stay.
    const now = this.clock();
    for (const [key, entry] of this.entries) {
      if (entry.bytes !== undefined && entry.until <= now) this.remove(key, entry);
    }
    for (const [key, entry] of this.entries) {
      if (this.total <= this.options.maxBytes) return;
      if (entry.bytes !== undefined) this.remove(key, entry);
    }
  }
}

/**
 * The cache key of one identity in one mode: groups sorted, every part delimited unambiguously. `credential`
 * (a digest of the token that reads the cluster, in token mode) keeps what one token could read from being
 * served to another token of the same name, which the API server may judge differently.
 */
export function identityKey(mode: string, user: string, groups: readonly string[], credential = ""): string {
  return JSON.stringify([mode, user, [...new Set(groups)].sort(), credential]);
}

/** VIGIL_CACHE_SECONDS (default 30): how long a viewer's data is reused. */
export function cacheTtlMs(env: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(env.VIGIL_CACHE_SECONDS ?? 30);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
}

/** VIGIL_CACHE_MEGABYTES (default 256): the estimated bytes all viewers' cached data may hold together. */
export function cacheMaxBytes(env: Readonly<Record<string, string | undefined>>): number {
  const megabytes = Number(env.VIGIL_CACHE_MEGABYTES ?? 256);
  return (Number.isFinite(megabytes) && megabytes >= 0 ? megabytes : 256) * 1024 * 1024;
}
