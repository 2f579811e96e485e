import { describe, expect, it } from "vitest";
import { estimateBytes } from "@/lib/gating/estimate-bytes";

describe("estimating the bytes a value holds", () => {
  it("grows with the text and the number of items a value holds", () => {
    expect(estimateBytes("a".repeat(1000))).toBeGreaterThan(estimateBytes("a".repeat(10)) + 900);
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `pod-${i}`, port: i }));
    expect(estimateBytes(items(2000))).toBeGreaterThan(1.9 * estimateBytes(items(1000)));
  });

  it("counts an object reached twice once, and ends on cycles", () => {
    const shared = { text: "x".repeat(10_000) };
    expect(estimateBytes([shared, shared])).toBeLessThan(estimateBytes([shared, { ...shared }]));
    const cycle: { self?: unknown; name: string } = { name: "loop" };
    cycle.self = cycle;
    expect(estimateBytes(cycle)).toBeGreaterThan(0);
  });

  it("walks a value nested far deeper than the call stack allows", () => {
    let deep: { next?: unknown } = {};
    for (let i = 0; i < 200_000; i++) deep = { next: deep };
    expect(estimateBytes(deep)).toBeGreaterThan(200_000 * 24);
  });

  it("counts maps, sets, dates and byte arrays", () => {
    const map = new Map([["key", "v".repeat(500)]]);
    expect(estimateBytes(map)).toBeGreaterThan(500);
    expect(estimateBytes(new Set(["s".repeat(500)]))).toBeGreaterThan(500);
    expect(estimateBytes(new Uint8Array(4096))).toBeGreaterThan(4096);
    expect(estimateBytes(new Date(0))).toBeGreaterThan(0);
  });
});
