import { estimateBytes } from "@/lib/gating/estimate-bytes";

// Engine results and page view models, kept per gated snapshot (docs/architecture.md "Running for an
// organisation"): the key starts with the snapshot's own key, which names its version and its gate (the
// viewers who may see exactly the same share it), so a page is computed once per (version, gate, view) and
// never again per request. Bounded by estimated bytes (VIGIL_VIEW_CACHE_MEGABYTES); the least recently used
// go first. A value heavier than the whole budget is returned and not kept.
// A snapshot's key changes when it does (a new version, a new source load): old keys are never asked again
// and age out of the front.

interface ViewCacheOptions {
  maxBytes: number;
  sizeOf?: (value: unknown) => number;
}

export class ViewCache {
  private readonly entries = new Map<string, { value: unknown; bytes: number }>();
  private total = 0;
  private readonly sizeOf: (value: unknown) => number;
  hits = 0;
  misses = 0;

  constructor(private readonly options: ViewCacheOptions) {
    this.sizeOf = options.sizeOf ?? estimateBytes;
  }

  get<T>(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    this.misses++;
    const value = compute();
    const bytes = this.sizeOf(value) + 2 * key.length;
    if (bytes > this.options.maxBytes) return value;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.options.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
    return value;
  }

  usage(): { bytes: number; entries: number } {
    return { bytes: this.total, entries: this.entries.size };
  }
}

/** VIGIL_VIEW_CACHE_MEGABYTES (default 160): what cached engine results and view models may weigh together. */
export function viewCacheMaxBytes(env: Readonly<Record<string, string | undefined>>): number {
  const megabytes = Number(env.VIGIL_VIEW_CACHE_MEGABYTES ?? 160);
  return (Number.isFinite(megabytes) && megabytes >= 0 ? megabytes : 160) * 1024 * 1024;
}
