import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readAuthConfig } from "@/lib/auth/auth-config";
import { decodeSessionCookie, resolveSession, singleFlight } from "@/lib/auth/resolve-session";
import type { VigilToken } from "@/lib/auth/session-token";
import { VigilError } from "@/lib/errors";

const config = readAuthConfig({ NEXTAUTH_SECRET: "s".repeat(40) });
const token: VigilToken = {
  sub: "alice",
  username: "alice@example.com",
  name: "Alice",
  email: "alice@example.com",
  groups: ["team-frontend"],
  idToken: "id-1",
  refreshToken: "rt-1",
  issuedAt: 1000,
  expiresAt: 4600,
};

async function cookieFor(t: VigilToken, secret = config.secret, maxAge = 3600): Promise<string> {
  return encode({ token: { ...t }, secret, maxAge });
}

const noRefresh = {
  refresh: async (): Promise<VigilToken> => {
    throw new Error("refresh must not be called");
  },
};

describe("resolveSession", () => {
  it("treats a request without cookie as anonymous", async () => {
    expect(await resolveSession(undefined, config, 2000, 3600, noRefresh)).toEqual({ kind: "anonymous" });
  });

  it("accepts a fresh session without refreshing", async () => {
    const r = await resolveSession(await cookieFor(token), config, 2000, 3600, noRefresh);
    expect(r).toEqual({ kind: "valid", token });
  });

  it("refuses a cookie sealed with another secret (a forged session)", async () => {
    const forged = await cookieFor(token, "f".repeat(40));
    expect((await resolveSession(forged, config, 2000, 3600, noRefresh)).kind).toBe("refused");
    expect((await resolveSession("garbage", config, 2000, 3600, noRefresh)).kind).toBe("refused");
  });

  it("refuses a cookie whose own lifetime is over", async () => {
    const expired = await cookieFor(token, config.secret, -60);
    expect((await resolveSession(expired, config, 2000, 3600, noRefresh)).kind).toBe("refused");
  });

  it("refreshes near expiry and reissues a cookie that decodes to the new tokens", async () => {
    const refreshed = { ...token, idToken: "id-2", issuedAt: 4560, expiresAt: 8160 };
    const r = await resolveSession(await cookieFor(token), config, 4560, 3600, {
      refresh: async () => refreshed,
    });
    expect(r.kind).toBe("valid");
    if (r.kind !== "valid" || !r.reissued) throw new Error("expected a reissued cookie");
    expect(await decodeSessionCookie(r.reissued, config.secret)).toEqual(refreshed);
  });

  it("signs the user out when the refresh fails", async () => {
    const failing = {
      refresh: async (): Promise<VigilToken> => {
        throw new VigilError(
          "unauthenticated",
          "the identity provider refused to refresh the session (invalid_grant)",
        );
      },
    };
    const r = await resolveSession(await cookieFor(token), config, 4590, 3600, failing);
    expect(r).toEqual({
      kind: "refused",
      reason: "the identity provider refused to refresh the session (invalid_grant)",
    });
  });

  it("keeps a still-valid session when the IdP does not answer, and ends it once the ID token expires", async () => {
    const down = {
      refresh: async (): Promise<VigilToken> => {
        throw new VigilError("unavailable", "the identity provider did not answer the token refresh");
      },
    };
    const cookie = await cookieFor(token);
    expect(await resolveSession(cookie, config, 4590, 3600, down)).toEqual({ kind: "valid", token });
    expect((await resolveSession(cookie, config, 4600, 3600, down)).kind).toBe("refused");
  });

  it("refuses an expired session that cannot be refreshed", async () => {
    const { refreshToken: _unused, ...withoutRefresh } = token;
    void _unused;
    const r = await resolveSession(await cookieFor(withoutRefresh), config, 5000, 3600, noRefresh);
    expect(r.kind).toBe("refused");
  });

  it("refreshes once for concurrent requests with the same refresh token, and again once the moment has passed", async () => {
    let now = 0;
    let calls = 0;
    const refresh = singleFlight(
      async (_c, t) => {
        calls++;
        return { ...t, idToken: `id-${calls + 1}`, expiresAt: t.expiresAt + 3600 };
      },
      30_000,
      () => now,
    );
    const cookie = await cookieFor(token);
    const results = await Promise.all(
      [1, 2, 3].map(() => resolveSession(cookie, config, 4590, 3600, { refresh })),
    );
    expect(calls).toBe(1);
    expect(results.every((r) => r.kind === "valid" && r.token.idToken === "id-2")).toBe(true);
    now = 30_000;
    await resolveSession(cookie, config, 4590, 3600, { refresh });
    expect(calls).toBe(2);
  });

  it("shares a refreshed token only while it is fresh itself", async () => {
    // Short tokens (30 s, as in the end-to-end tests): the refreshed one needs refreshing 10 s before it ends.
    let now = 100_000;
    let calls = 0;
    const refresh = singleFlight(
      async (_c, t) => {
        calls++;
        return { ...t, idToken: `id-${calls + 1}`, issuedAt: now / 1000, expiresAt: now / 1000 + 30 };
      },
      30_000,
      () => now,
    );
    const old = await cookieFor({ ...token, issuedAt: 70, expiresAt: 100 });
    const first = await resolveSession(old, config, now / 1000, 3600, { refresh });
    expect(first.kind === "valid" && first.token.idToken).toBe("id-2");
    now += 19_000; // the shared token (expires at 130 s) still has 11 s: reused
    const second = await resolveSession(old, config, now / 1000, 3600, { refresh });
    expect(second.kind === "valid" && second.token.idToken).toBe("id-2");
    expect(calls).toBe(1);
    now += 2_000; // 9 s left, inside its own refresh margin: a new refresh, not the nearly expired token
    const third = await resolveSession(old, config, now / 1000, 3600, { refresh });
    expect(third.kind === "valid" && third.token.idToken).toBe("id-3");
    expect(calls).toBe(2);
  });
});

describe("decodeSessionCookie", () => {
  it("opens a cookie it has opened before to the same token, until the cookie's own exp", async () => {
    const sealed = await cookieFor({ ...token, sid: "memo-1" }, config.secret, 600);
    const now = Date.now() / 1000;
    const first = await decodeSessionCookie(sealed, config.secret, now);
    expect(first).toEqual({ ...token, sid: "memo-1" });
    expect(await decodeSessionCookie(sealed, config.secret, now + 1)).toEqual(first);
    // 600 s of lifetime and 15 s of clock tolerance: still open at +610 s, closed at +620 s and after.
    expect(await decodeSessionCookie(sealed, config.secret, now + 610)).toEqual(first);
    expect(await decodeSessionCookie(sealed, config.secret, now + 620)).toBeUndefined();
  });

  it("never opens a remembered cookie under another secret", async () => {
    const sealed = await cookieFor({ ...token, sid: "memo-2" });
    expect(await decodeSessionCookie(sealed, config.secret)).toBeDefined();
    expect(await decodeSessionCookie(sealed, "o".repeat(40))).toBeUndefined();
    expect(await decodeSessionCookie(sealed, config.secret)).toBeDefined();
  });

  it("hands out a frozen token, since every caller shares it", async () => {
    const sealed = await cookieFor({ ...token, sid: "memo-3" });
    const opened = await decodeSessionCookie(sealed, config.secret);
    expect(Object.isFrozen(opened)).toBe(true);
    expect(Object.isFrozen(opened?.groups)).toBe(true);
  });

  it("keeps nothing of a value that does not open", async () => {
    expect(await decodeSessionCookie("garbage", config.secret)).toBeUndefined();
    expect(await decodeSessionCookie("garbage", config.secret)).toBeUndefined();
  });
});
