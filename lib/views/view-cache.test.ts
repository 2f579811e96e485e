import { describe, expect, it } from "vitest";
import { ViewCache } from "@/lib/views/view-cache";

describe("ViewCache", () => {
  it("computes a view once per key and serves it again", () => {
    const cache = new ViewCache({ maxBytes: 1_000_000 });
    let runs = 0;
    const compute = () => ({ n: ++runs });
    expect(cache.get("v1|gate|overview", compute)).toEqual({ n: 1 });
    expect(cache.get("v1|gate|overview", compute)).toEqual({ n: 1 });
    expect(cache.get("v2|gate|overview", compute)).toEqual({ n: 2 });
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 2 });
  });

  it("stays within its byte budget, dropping the least recently used first", () => {
    const cache = new ViewCache({ maxBytes: 1000, sizeOf: () => 300 });
    for (const k of ["a", "b", "c"]) cache.get(k, () => k);
    cache.get("a", () => "again");
    cache.get("d", () => "d");
    expect(cache.usage().bytes).toBeLessThanOrEqual(1000);
    expect(cache.get("a", () => "recomputed")).toBe("a");
    expect(cache.get("b", () => "recomputed")).toBe("recomputed");
  });

  it("returns a value heavier than the whole budget without keeping it", () => {
    const cache = new ViewCache({ maxBytes: 100 });
    const big = "x".repeat(1000);
    expect(cache.get("big", () => big)).toBe(big);
    expect(cache.usage()).toEqual({ bytes: 0, entries: 0 });
  });
});
