// A small in-memory cache with a lifetime, holding promises so that concurrent requests of one identity share
// one load. Keys are identities (mode, user, groups): an entry is never served to anyone else.

export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  clock?: () => number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>();
  private readonly clock: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    this.entries.delete(key);
    const value = load();
    this.entries.set(key, { value, until: now + this.options.ttlMs });
    // A failed load is not remembered: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
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
