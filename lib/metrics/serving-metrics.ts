import { metrics, type MetricsRegistry } from "@/lib/metrics/registry";

// What serving an organisation costs, for /metrics (docs/deployment.md "Metrics"): the caches (hits, misses,
// bytes), the shared informers of serviceaccount mode (how far behind the served snapshot is, which kinds
// fail, how many lists and events), the access reviews asked, and how long page computations and per-viewer
// live reads take. Each observer reads its source at scrape time; the sources stay free of metrics code.
// Labels are bounded: a cache's name, a kind's name, a view's name (the memo name up to its first `|`).

interface CountingCache {
  hits: number;
  misses: number;
  usage(): { bytes: number; entries: number };
}

interface InformerKind {
  kind: { kind: string; group: string };
  status: string;
  failingSince?: number;
  lists: number;
  watches: number;
  events: number;
}

export interface InformerStats {
  version: number;
  builtVersion: number | undefined;
  builtAt: number | undefined;
  kinds: readonly InformerKind[];
  objects: number;
}

// On globalThis like the registry: Next.js may evaluate this module once per server layer, and the counters'
// `collect`, registered by the first evaluation, must see the caches every layer adds.
const CACHES = Symbol.for("vigil.metrics.caches");
const caches = ((globalThis as Record<symbol, unknown>)[CACHES] ??= new Map<string, CountingCache>()) as Map<
  string,
  CountingCache
>;

/** Counts `cache` under `vigil_cache_*{cache=name}`; a second call with the same name replaces the first. */
export function observeCache(name: string, cache: CountingCache, registry: MetricsRegistry = metrics): void {
  caches.set(name, cache);
  const each =
    (read: (c: CountingCache) => number) =>
    (m: { reset(): void; set(l: { cache: string }, v: number): void }) => {
      m.reset();
      for (const [cache, c] of caches) m.set({ cache }, read(c));
    };
  registry.counter({
    name: "vigil_cache_hits_total",
    help: "Lookups answered from the cache.",
    labelNames: ["cache"],
    collect: each((c) => c.hits),
  });
  registry.counter({
    name: "vigil_cache_misses_total",
    help: "Lookups that computed or loaded their value.",
    labelNames: ["cache"],
    collect: each((c) => c.misses),
  });
  registry.gauge({
    name: "vigil_cache_bytes",
    help: "Estimated bytes the cache holds (each cache is bounded by its own setting).",
    labelNames: ["cache"],
    collect: each((c) => c.usage().bytes),
  });
  registry.gauge({
    name: "vigil_cache_entries",
    help: "Entries the cache holds.",
    labelNames: ["cache"],
    collect: each((c) => c.usage().entries),
  });
}

/** The shared informers of serviceaccount mode, read at each scrape. */
export function observeInformers(
  stats: () => InformerStats,
  clock: () => number = Date.now,
  registry: MetricsRegistry = metrics,
): void {
  const kindLabel = (k: InformerKind) =>
    k.kind.group === "" ? k.kind.kind : `${k.kind.kind}.${k.kind.group}`;
  registry.gauge({
    name: "vigil_snapshot_age_seconds",
    help: "Seconds since the served snapshot was built from the informers' store.",
    collect: (g) => {
      const s = stats();
      g.reset();
      if (s.builtAt !== undefined) g.set(undefined, Math.max(0, (clock() - s.builtAt) / 1000));
    },
  });
  registry.gauge({
    name: "vigil_snapshot_pending_changes",
    help: "Changes the informers have applied that the served snapshot does not include yet (0 when current).",
    collect: (g) => {
      const s = stats();
      g.set(undefined, s.builtVersion === undefined ? s.version : s.version - s.builtVersion);
    },
  });
  registry.gauge({
    name: "vigil_informer_objects",
    help: "Objects held by the informers' store.",
    collect: (g) => g.set(undefined, stats().objects),
  });
  registry.gauge({
    name: "vigil_informer_failing_seconds",
    help: "Per kind, seconds since its list or watch started failing (0 while it works); over 60 s the replica is not ready.",
    labelNames: ["kind"],
    collect: (g) => {
      g.reset();
      const now = clock();
      for (const k of stats().kinds) {
        g.set(
          { kind: kindLabel(k) },
          k.failingSince === undefined ? 0 : Math.max(0, (now - k.failingSince) / 1000),
        );
      }
    },
  });
  registry.gauge({
    name: "vigil_informer_status",
    help: "Per kind, 1 for its state: starting, synced, forbidden, too-large, absent or failing.",
    labelNames: ["kind", "status"],
    collect: (g) => {
      g.reset();
      for (const k of stats().kinds) g.set({ kind: kindLabel(k), status: k.status }, 1);
    },
  });
  const perKind =
    (read: (k: InformerKind) => number) =>
    (c: { reset(): void; set(l: { kind: string }, v: number): void }) => {
      c.reset();
      for (const k of stats().kinds) c.set({ kind: kindLabel(k) }, read(k));
    };
  registry.counter({
    name: "vigil_informer_list_requests_total",
    help: "Per kind, list requests (pages included) the informers sent.",
    labelNames: ["kind"],
    collect: perKind((k) => k.lists),
  });
  registry.counter({
    name: "vigil_informer_watches_total",
    help: "Per kind, watches the informers opened.",
    labelNames: ["kind"],
    collect: perKind((k) => k.watches),
  });
  registry.counter({
    name: "vigil_informer_events_total",
    help: "Per kind, changes applied from watch events.",
    labelNames: ["kind"],
    collect: perKind((k) => k.events),
  });
}

/** SubjectAccessReviews serviceaccount mode asked the API server (answers are cached per identity). */
export function observeAccessReviews(asked: () => number, registry: MetricsRegistry = metrics): void {
  registry.counter({
    name: "vigil_access_reviews_total",
    help: "SubjectAccessReviews sent to the API server on behalf of viewers (serviceaccount mode).",
    collect: (c) => c.set(undefined, asked()),
  });
}

/** Times a page computation (an engine run or a view model) that the view cache did not have. */
export function timeViewCompute<T>(name: string, compute: () => T, registry: MetricsRegistry = metrics): T {
  const view = name.split("|", 1)[0] ?? name;
  const stop = registry
    .histogram({
      name: "vigil_view_compute_seconds",
      help: "Seconds to compute an engine result or a page's view model that was not cached, by view.",
      labelNames: ["view"],
    })
    .startTimer({ view });
  try {
    return compute();
  } finally {
    stop();
  }
}

/** Times a viewer's own live read (token mode: each viewer reads with their own token). */
export async function timeLiveRead<T>(
  mode: string,
  read: Promise<T>,
  registry: MetricsRegistry = metrics,
): Promise<T> {
  const stop = registry
    .histogram({
      name: "vigil_live_read_seconds",
      help: "Seconds a viewer's own read of the cluster took (token mode), by outcome.",
      labelNames: ["mode", "outcome"],
    })
    .startTimer({ mode });
  try {
    const value = await read;
    stop({ outcome: "ok" });
    return value;
  } catch (err) {
    stop({ outcome: "error" });
    throw err;
  }
}
