import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkThresholds, classifyValidity } from "@/lib/certs/classify-validity";
import type { CertStatus } from "@/lib/certs/types";

const NOW = new Date("2030-06-15T12:00:00Z");
const DAY = 86_400_000;
const T = { criticalDays: 14, warningDays: 28 };

/** The naive reference: docs/semantics.md §3 read literally, one comparison per status, in days. */
function naiveStatus(
  notBefore: number,
  notAfter: number,
  now: number,
  critical: number,
  warning: number,
): CertStatus {
  if (now < notBefore) return "not-yet-valid";
  if (now > notAfter) return "expired";
  const days = (notAfter - now) / DAY;
  if (days < critical) return "critical";
  if (days < warning) return "warning";
  return "ok";
}

function at(days: number): Date {
  return new Date(NOW.getTime() + days * DAY);
}

describe("classifyValidity", () => {
  it("calls a certificate expired one millisecond after notAfter, and valid at notAfter itself", () => {
    expect(classifyValidity(at(-10), new Date(NOW.getTime() - 1), NOW, T).status).toBe("expired");
    expect(classifyValidity(at(-10), NOW, NOW, T)).toEqual({ status: "critical", daysLeft: 0 });
  });

  it("puts exactly 14 days left in warning and just under 14 in critical", () => {
    expect(classifyValidity(at(-10), at(14), NOW, T)).toEqual({ status: "warning", daysLeft: 14 });
    expect(classifyValidity(at(-10), new Date(at(14).getTime() - 1), NOW, T)).toEqual({
      status: "critical",
      daysLeft: 13,
    });
  });

  it("puts exactly 28 days left in ok and just under 28 in warning", () => {
    expect(classifyValidity(at(-10), at(28), NOW, T).status).toBe("ok");
    expect(classifyValidity(at(-10), new Date(at(28).getTime() - 1), NOW, T).status).toBe("warning");
  });

  it("says not-yet-valid before notBefore, even when notAfter is near", () => {
    expect(classifyValidity(at(1), at(3), NOW, T).status).toBe("not-yet-valid");
    expect(classifyValidity(NOW, at(3), NOW, T).status).toBe("critical");
  });

  it("counts whole days toward zero, so a certificate expired 3.5 days ago has -3 days left", () => {
    expect(classifyValidity(at(-100), at(-3.5), NOW, T)).toEqual({ status: "expired", daysLeft: -3 });
    expect(classifyValidity(at(-100), at(-0.5), NOW, T)).toEqual({ status: "expired", daysLeft: 0 });
  });

  it("honours other thresholds", () => {
    expect(classifyValidity(at(-1), at(20), NOW, { criticalDays: 30, warningDays: 60 }).status).toBe(
      "critical",
    );
    expect(classifyValidity(at(-1), at(45), NOW, { criticalDays: 30, warningDays: 60 }).status).toBe(
      "warning",
    );
  });

  it("rejects thresholds that are negative, not numbers, or in the wrong order", () => {
    expect(() => checkThresholds({ criticalDays: -1, warningDays: 28 })).toThrowError(
      expect.objectContaining({ code: "bad-input" }),
    );
    expect(() => checkThresholds({ criticalDays: Number.NaN, warningDays: 28 })).toThrowError(
      expect.objectContaining({ code: "bad-input" }),
    );
    expect(() => checkThresholds({ criticalDays: 30, warningDays: 10 })).toThrowError(
      expect.objectContaining({ code: "bad-input" }),
    );
  });

  it("agrees with the naive reference on random validity windows, clocks and thresholds", () => {
    const ms = fc.integer({ min: -400 * DAY, max: 400 * DAY });
    fc.assert(
      fc.property(
        ms,
        ms,
        ms,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (nb, na, offset, a, b) => {
          const critical = Math.min(a, b);
          const warning = Math.max(a, b);
          const now = NOW.getTime() + offset;
          const notBefore = NOW.getTime() + nb;
          const notAfter = NOW.getTime() + na;
          const got = classifyValidity(new Date(notBefore), new Date(notAfter), new Date(now), {
            criticalDays: critical,
            warningDays: warning,
          });
          expect(got.status).toBe(naiveStatus(notBefore, notAfter, now, critical, warning));
          expect(got.daysLeft).toBe(Math.trunc((notAfter - now) / DAY) || 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
