import { describe, expect, it } from "vitest";
import {
  errorBodyOf,
  errorResponseOf,
  exitCodeOf,
  httpStatusOf,
  methodNotAllowedError,
  unauthenticatedError,
  VigilError,
  type ErrorCode,
} from "@/lib/errors";

describe("errors", () => {
  it("maps every code to one HTTP status and one CLI exit", () => {
    const cases: [ErrorCode, number, number][] = [
      ["bad-input", 400, 2],
      ["invalid-manifest", 400, 2],
      ["too-large", 413, 2],
      ["unauthenticated", 401, 1],
      ["method-not-allowed", 405, 1],
      ["rate-limited", 429, 1],
      ["unavailable", 503, 1],
    ];
    for (const [code, status, exit] of cases) {
      const err = new VigilError(code, "x");
      expect(httpStatusOf(err)).toBe(status);
      expect(exitCodeOf(err)).toBe(exit);
    }
  });

  it("answers anything that is not ours as internal, without its message", async () => {
    const res = errorResponseOf(new Error("secret detail"));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal", message: "internal error" } });
  });

  it("adds Allow to 405 and Retry-After to a rate-limited answer", () => {
    expect(errorResponseOf(methodNotAllowedError("POST")).headers.get("allow")).toBe("GET, HEAD");
    const limited = errorResponseOf(new VigilError("rate-limited", "wait", { retryAfterSeconds: 2.2 }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  it("has one unauthenticated error", () => {
    expect(errorBodyOf(unauthenticatedError()).error.code).toBe("unauthenticated");
  });
});
