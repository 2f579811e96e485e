import { describe, expect, it } from "vitest";
import { identityKey, TtlCache } from "@/lib/gating/ttl-cache";

describe("the per-identity cache", () => {
  it("reuses a value within its lifetime and loads again after", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 10, clock: () => now });
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    now = 999;
    expect(await cache.get("a", load)).toBe(1);
    now = 1000;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("shares one load between concurrent requests of the same identity", async () => {
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 10, clock: () => 0 });
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
  });

  it("does not remember a failed load", async () => {
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 10, clock: () => 0 });
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => 7)).toBe(7);
  });

  it("forgets the oldest entries beyond its size", async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 2, clock: () => 0 });
    for (const k of ["a", "b", "c"]) await cache.get(k, async () => k);
    expect(await cache.get("a", async () => "reloaded")).toBe("reloaded");
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
