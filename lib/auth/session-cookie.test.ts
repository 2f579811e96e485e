import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chunkSessionCookie,
  readSessionCookie,
  sessionCookieName,
  sessionCookieNames,
} from "@/lib/auth/session-cookie";

describe("the session cookie", () => {
  it("carries the __Secure- prefix over https only", () => {
    expect(sessionCookieName(true)).toBe("__Secure-next-auth.session-token");
    expect(sessionCookieName(false)).toBe("next-auth.session-token");
  });

  it("stays one cookie when the value fits", () => {
    expect(chunkSessionCookie("s", "abc")).toEqual([{ name: "s", value: "abc" }]);
  });

  it("splits a long value into numbered chunks of at most 3933 characters", () => {
    const chunks = chunkSessionCookie("s", "x".repeat(9000));
    expect(chunks.map((c) => c.name)).toEqual(["s.0", "s.1", "s.2"]);
    expect(chunks.every((c) => c.value.length <= 3933)).toBe(true);
  });

  it("reads chunks back in numeric order, whatever order the browser sends them in", () => {
    const cookies = [
      { name: "s.10", value: "K" },
      { name: "other", value: "zzz" },
      { name: "s.2", value: "C" },
      { name: "s.0", value: "A" },
      { name: "s.1", value: "B" },
    ];
    expect(readSessionCookie(cookies, "s")).toBe("ABCK");
    expect(sessionCookieNames(cookies, "s").sort()).toEqual(["s.0", "s.1", "s.10", "s.2"]);
  });

  it("ignores cookies that merely start with the same name", () => {
    expect(readSessionCookie([{ name: "s-other", value: "x" }], "s")).toBeUndefined();
  });

  it("round-trips any value through chunking in any order", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20_000 }), fc.integer(), (value, seed) => {
        const chunks = chunkSessionCookie("n", value);
        const shuffled = [...chunks].sort(
          (a, b) => ((a.name.length * 31 + seed) % 7) - ((b.name.length * 31 + seed) % 7),
        );
        expect(readSessionCookie(shuffled, "n")).toBe(value);
      }),
      { numRuns: 50 },
    );
  });
});
