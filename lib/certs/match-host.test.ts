import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchHost } from "@/lib/certs/match-host";

/** Naive RFC 6125 reference: compare label by label; `*` matches any one non-empty label, leftmost only. */
function naiveMatch(sans: readonly string[], host: string): boolean {
  const h = host.toLowerCase().split(".");
  return sans.some((san) => {
    const p = san.toLowerCase().split(".");
    if (p.length !== h.length) return false;
    if (p[0] === "*" && p.length < 3) return false;
    return p.every((label, i) =>
      i === 0 && label === "*" && h[0] !== "*" ? (h[0] ?? "") !== "" : label === h[i],
    );
  });
}

describe("matchHost", () => {
  it("covers an exact DNS name, case-insensitively and ignoring a trailing dot", () => {
    expect(matchHost(["shop.example.com"], "Shop.Example.COM")).toBe(true);
    expect(matchHost(["shop.example.com."], "shop.example.com")).toBe(true);
  });

  it("lets a wildcard cover exactly one label", () => {
    expect(matchHost(["*.example.com"], "a.example.com")).toBe(true);
    expect(matchHost(["*.example.com"], "a.b.example.com")).toBe(false);
    expect(matchHost(["*.example.com"], "example.com")).toBe(false);
  });

  it("never lets a wildcard span a whole top-level domain or sit inside a label", () => {
    expect(matchHost(["*.com"], "example.com")).toBe(false);
    expect(matchHost(["a*.example.com"], "ab.example.com")).toBe(false);
    expect(matchHost(["*a.example.com"], "ba.example.com")).toBe(false);
  });

  it("lets a wildcard Ingress host be covered by the same wildcard only", () => {
    expect(matchHost(["*.example.com"], "*.example.com")).toBe(true);
    expect(matchHost(["a.example.com"], "*.example.com")).toBe(false);
  });

  it("covers nothing with no DNS names (the common name is ignored)", () => {
    expect(matchHost([], "accounting.internal.acme.com")).toBe(false);
    expect(matchHost(["accounting.tls"], "accounting.internal.acme.com")).toBe(false);
  });

  it("agrees with the label-by-label reference on random names", () => {
    const label = fc.constantFrom("a", "b", "shop", "x1");
    const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));
    const san = fc.oneof(
      name,
      name.map((n) => `*.${n}`),
    );
    fc.assert(
      fc.property(fc.array(san, { maxLength: 3 }), name, (sans, host) => {
        expect(matchHost(sans, host)).toBe(naiveMatch(sans, host));
      }),
      { numRuns: 2000 },
    );
  });
});
