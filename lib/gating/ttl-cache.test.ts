import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cacheMaxBytes, identityKey, TtlCache } from "@/lib/gating/ttl-cache";

const MiB = 1024 * 1024;
/** Lets the cache see settled loads (it weighs a value when its promise settles). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the per-identity cache", () => {
  it("reuses a value within its lifetime and loads again after", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, maxBytes: MiB, clock: () => now });
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    now = 999;
    expect(await cache.get("a", load)).toBe(1);
    now = 1000;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("with a sliding lifetime, keeps a value while it is asked for and loads again once unused that long", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, maxBytes: MiB, sliding: true, clock: () => now });
    const load = async () => ++loads;
    for (now = 0; now <= 5000; now += 900) expect(await cache.get("a", load)).toBe(1);
    now += 1000;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("shares one load between concurrent requests of the same identity", async () => {
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, maxBytes: MiB, clock: () => 0 });
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
  });

  it("does not remember a failed load", async () => {
    const cache = new TtlCache<number>({ ttlMs: 1000, maxBytes: MiB, clock: () => 0 });
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => 7)).toBe(7);
  });

  it("evicts the least recently used values once their bytes pass the budget", async () => {
    // Each value weighs 100 (its key adds 2): three fit in 320 bytes, a fourth does not.
    const cache = new TtlCache<string>({ ttlMs: 1000, maxBytes: 320, sizeOf: () => 100, clock: () => 0 });
    for (const k of ["a", "b", "c"]) await cache.get(k, async () => k);
    await settle();
    await cache.get("a", async () => "reloaded"); // a hit: "a" is now the most recently used
    await cache.get("d", async () => "d");
    await settle();
    expect(cache.usage()).toEqual({ bytes: 306, entries: 3 });
    expect(await cache.get("a", async () => "reloaded")).toBe("a");
    expect(await cache.get("b", async () => "reloaded")).toBe("reloaded");
  });

  it("weighs values by what they hold, not by how many there are", async () => {
    const cache = new TtlCache<string[]>({ ttlMs: 1000, maxBytes: 56 * 1024, clock: () => 0 });
    const small = Array.from({ length: 10 }, (_, i) => `s${i}`);
    for (let i = 0; i < 50; i++) await cache.get(`small-${i}`, async () => [...small]);
    await settle();
    expect(cache.usage().entries).toBe(50);
    // One value of ~48 KiB pushes out about half of the small ones; it is kept itself.
    const big = Array.from({ length: 1000 }, (_, i) => `big-${String(i).padStart(20, "0")}`);
    await cache.get("big", async () => big);
    await settle();
    expect(cache.usage().bytes).toBeLessThanOrEqual(56 * 1024);
    expect(cache.usage().entries).toBeLessThan(50);
    expect(await cache.get("big", async () => [])).toBe(big);
  });

  it("serves a value heavier than the whole budget without keeping it or evicting others", async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxBytes: 1000, clock: () => 0 });
    await cache.get("small", async () => "x");
    await settle();
    expect(await cache.get("huge", async () => "y".repeat(5000))).toHaveLength(5000);
    await settle();
    expect(await cache.get("huge", async () => "again")).toBe("again");
    expect(await cache.get("small", async () => "reloaded")).toBe("x");
  });

  it("never holds more than its budget, whatever the order of loads and hits", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 400 })), {
          maxLength: 60,
        }),
        async (ops) => {
          let now = 0;
          const cache = new TtlCache<number>({
            ttlMs: 50,
            maxBytes: 1000,
            sizeOf: (v) => v,
            clock: () => now,
          });
          for (const [key, weight] of ops) {
            now += 7;
            expect(await cache.get(`k${key}`, async () => weight)).toBeGreaterThanOrEqual(0);
            await settle();
            expect(cache.usage().bytes).toBeLessThanOrEqual(1000);
            expect(cache.usage().bytes).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("reads its budget from VIGIL_CACHE_MEGABYTES, 256 MiB by default", () => {
    expect(cacheMaxBytes({})).toBe(256 * MiB);
    expect(cacheMaxBytes({ VIGIL_CACHE_MEGABYTES: "64" })).toBe(64 * MiB);
    expect(cacheMaxBytes({ VIGIL_CACHE_MEGABYTES: "lots" })).toBe(256 * MiB);
  });

  it("keys identities by mode, user and the set of groups, never confusing two users", () => {
    expect(identityKey("snapshot", "alice", ["b", "a", "a"])).toBe(
      identityKey("snapshot", "alice", ["a", "b"]),
    );
    expect(identityKey("snapshot", "alice", ["a"])).not.toBe(identityKey("snapshot", "bob", ["a"]));
    expect(identityKey("snapshot", "a,b", [])).not.toBe(identityKey("snapshot", "a", ["b"]));
    expect(identityKey("token", "alice", [])).not.toBe(identityKey("snapshot", "alice", []));
    expect(identityKey("token", "alice", [], "digest-1")).not.toBe(
      identityKey("token", "alice", [], "digest-2"),
    );
  });
});
