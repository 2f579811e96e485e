import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refreshDecision, type RefreshDecision, type TokenTimes } from "@/lib/auth/refresh-decision";

// A naive restatement of the rule, second by second.
function naiveDecision(t: TokenTimes, now: number, margin: number): RefreshDecision {
  const refreshFrom = t.expiresAt - Math.min(margin, (t.expiresAt - t.issuedAt) / 3);
  if (now >= t.expiresAt && !t.hasRefreshToken) return "expired";
  if (now >= refreshFrom && t.hasRefreshToken) return "refresh";
  return now >= t.expiresAt ? "expired" : "fresh";
}

describe("refreshDecision", () => {
  const hour = { issuedAt: 1000, expiresAt: 4600, hasRefreshToken: true };

  it("keeps a token that is far from expiry", () => {
    expect(refreshDecision(hour, 2000, 60)).toBe("fresh");
  });

  it("refreshes within the margin before expiry", () => {
    expect(refreshDecision(hour, 4541, 60)).toBe("refresh");
    expect(refreshDecision(hour, 4539, 60)).toBe("fresh");
  });

  it("refreshes an expired token when it has a refresh token", () => {
    expect(refreshDecision(hour, 9999, 60)).toBe("refresh");
  });

  it("caps the margin at a third of a short token's lifetime", () => {
    const short = { issuedAt: 0, expiresAt: 30, hasRefreshToken: true };
    expect(refreshDecision(short, 19, 60)).toBe("fresh");
    expect(refreshDecision(short, 20, 60)).toBe("refresh");
  });

  it("lets a token without refresh token live to its expiry and no further", () => {
    const noRefresh = { ...hour, hasRefreshToken: false };
    expect(refreshDecision(noRefresh, 4599, 60)).toBe("fresh");
    expect(refreshDecision(noRefresh, 4600, 60)).toBe("expired");
  });

  it("agrees with the naive rule on random times", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 600 }),
        fc.boolean(),
        (issuedAt, lifetime, now, margin, hasRefreshToken) => {
          const t = { issuedAt, expiresAt: issuedAt + lifetime, hasRefreshToken };
          expect(refreshDecision(t, now, margin)).toBe(naiveDecision(t, now, margin));
        },
      ),
    );
  });
});
