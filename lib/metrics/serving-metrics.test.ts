import { describe, expect, it } from "vitest";
import { MetricsRegistry } from "@/lib/metrics/registry";
import {
  observeAccessReviews,
  observeCache,
  observeInformers,
  timeLiveRead,
  timeViewCompute,
  type InformerStats,
} from "@/lib/metrics/serving-metrics";
import { TtlCache } from "@/lib/gating/ttl-cache";
import { ViewCache } from "@/lib/views/view-cache";

// Each observer reads its source at scrape time: the figures /metrics shows are the sources' own, as they are
// when scraped.

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("serving metrics", () => {
  it("reports a view cache's hits, misses, bytes and entries as they are at the scrape", () => {
    const registry = new MetricsRegistry();
    const views = new ViewCache({ maxBytes: 1_000_000, sizeOf: () => 100 });
    observeCache("views-test", views, registry);
    views.get("a", () => 1);
    views.get("a", () => 1);
    views.get("b", () => 2);
    let text = registry.render();
    expect(sample(text, 'vigil_cache_hits_total{cache="views-test"}')).toBe(1);
    expect(sample(text, 'vigil_cache_misses_total{cache="views-test"}')).toBe(2);
    expect(sample(text, 'vigil_cache_entries{cache="views-test"}')).toBe(2);
    expect(sample(text, 'vigil_cache_bytes{cache="views-test"}')).toBe(204);
    views.get("b", () => 2);
    text = registry.render();
    expect(sample(text, 'vigil_cache_hits_total{cache="views-test"}')).toBe(2);
  });

  it("counts a TtlCache's hits and misses, an expired entry being a miss", async () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 10, maxBytes: 1_000, sizeOf: () => 1, clock: () => now });
    const registry = new MetricsRegistry();
    observeCache("ttl-test", cache, registry);
    await cache.get("k", async () => 1);
    await cache.get("k", async () => 1);
    now = 11;
    await cache.get("k", async () => 1);
    const text = registry.render();
    expect(sample(text, 'vigil_cache_hits_total{cache="ttl-test"}')).toBe(1);
    expect(sample(text, 'vigil_cache_misses_total{cache="ttl-test"}')).toBe(2);
  });

  it("reports the informers: snapshot age, pending changes, failing kinds, statuses and request counts", () => {
    const registry = new MetricsRegistry();
    let now = 50_000;
    const stats: InformerStats = {
      version: 7,
      builtVersion: 5,
      builtAt: 20_000,
      objects: 42,
      kinds: [
        { kind: { kind: "Pod", group: "" }, status: "synced", lists: 2, watches: 3, events: 9 },
        {
          kind: { kind: "NetworkPolicy", group: "networking.k8s.io" },
          status: "failing",
          failingSince: 35_000,
          lists: 4,
          watches: 1,
          events: 0,
        },
      ],
    };
    observeInformers(
      () => stats,
      () => now,
      registry,
    );
    const text = registry.render();
    expect(sample(text, "vigil_snapshot_age_seconds")).toBe(30);
    expect(sample(text, "vigil_snapshot_pending_changes")).toBe(2);
    expect(sample(text, "vigil_informer_objects")).toBe(42);
    expect(sample(text, 'vigil_informer_failing_seconds{kind="Pod"}')).toBe(0);
    expect(sample(text, 'vigil_informer_failing_seconds{kind="NetworkPolicy.networking.k8s.io"}')).toBe(15);
    expect(
      sample(text, 'vigil_informer_status{kind="NetworkPolicy.networking.k8s.io",status="failing"}'),
    ).toBe(1);
    expect(sample(text, 'vigil_informer_list_requests_total{kind="Pod"}')).toBe(2);
    expect(sample(text, 'vigil_informer_watches_total{kind="Pod"}')).toBe(3);
    expect(sample(text, 'vigil_informer_events_total{kind="Pod"}')).toBe(9);
    // The kind recovers and the snapshot catches up: the next scrape says so.
    stats.kinds = [{ ...stats.kinds[1]!, status: "synced", failingSince: undefined }];
    stats.builtVersion = 7;
    now = 60_000;
    const later = registry.render();
    expect(sample(later, 'vigil_informer_failing_seconds{kind="NetworkPolicy.networking.k8s.io"}')).toBe(0);
    expect(
      sample(later, 'vigil_informer_status{kind="NetworkPolicy.networking.k8s.io",status="failing"}'),
    ).toBe(undefined);
    expect(sample(later, "vigil_snapshot_pending_changes")).toBe(0);
  });

  it("counts access reviews, and times view computations and live reads by bounded labels", async () => {
    const registry = new MetricsRegistry();
    let asked = 3;
    observeAccessReviews(() => asked, registry);
    expect(sample(registry.render(), "vigil_access_reviews_total")).toBe(3);
    asked = 5;
    expect(sample(registry.render(), "vigil_access_reviews_total")).toBe(5);
    expect(timeViewCompute('network-page|{"ns":"shop"}', () => 7, registry)).toBe(7);
    expect(() =>
      timeViewCompute(
        "rbac",
        () => {
          throw new Error("boom");
        },
        registry,
      ),
    ).toThrow("boom");
    await timeLiveRead("token", Promise.resolve(1), registry);
    await expect(timeLiveRead("token", Promise.reject(new Error("denied")), registry)).rejects.toThrow(
      "denied",
    );
    const text = registry.render();
    expect(sample(text, 'vigil_view_compute_seconds_count{view="network-page"}')).toBe(1);
    expect(sample(text, 'vigil_view_compute_seconds_count{view="rbac"}')).toBe(1);
    expect(text).not.toContain("shop");
    expect(sample(text, 'vigil_live_read_seconds_count{mode="token",outcome="ok"}')).toBe(1);
    expect(sample(text, 'vigil_live_read_seconds_count{mode="token",outcome="error"}')).toBe(1);
  });
});
