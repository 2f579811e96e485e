import { createHash } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import type { AuthConfig } from "@/lib/auth/auth-config";
import { refreshSession } from "@/lib/auth/oidc-client";
import { refreshDecision } from "@/lib/auth/refresh-decision";
import { sharedSessionStatus, type SessionStatus } from "@/lib/auth/session-status";
import { asVigilToken, type VigilToken } from "@/lib/auth/session-token";
import { VigilError } from "@/lib/errors";

// Decides, for one request, whether its session cookie holds a valid Vigil session; refreshes the tokens
// when they are about to expire (proxy.ts persists the result, since server components cannot write cookies:
// next-auth issue 7522). A cookie that does not decrypt, has expired, or whose refresh fails is refused.

type SessionResolution =
  | { kind: "anonymous" }
  | { kind: "refused"; reason: string }
  | { kind: "valid"; token: VigilToken; reissued?: string };

interface ResolveDeps {
  refresh: (config: AuthConfig, token: VigilToken) => Promise<VigilToken>;
  /** Whether sign-out has ended the session (lib/auth/session-status.ts); not checked when absent. */
  status?: Pick<SessionStatus, "isEnded">;
}

/**
 * One refresh per refresh token at a time. A page and its own fetches arrive together with the same expiring
 * cookie; with an IdP that rotates refresh tokens, a second use of the old one would count as token theft and
 * revoke the whole grant. Requests that still carry the old cookie a moment later get the same result, but
 * only while that result is itself fresh: a refreshed token handed out near its own expiry would fail the
 * page's second check (read-session.ts) a moment later.
 */
export function singleFlight(
  refresh: ResolveDeps["refresh"],
  holdMs = 30_000,
  clock: () => number = Date.now,
): ResolveDeps["refresh"] {
  const flights = new Map<string, { result: Promise<VigilToken>; until: number }>();
  return (config, token) => {
    const now = clock();
    for (const [k, f] of flights) if (f.until <= now) flights.delete(k);
    const key = createHash("sha256")
      .update(token.refreshToken ?? token.idToken)
      .digest("hex");
    const existing = flights.get(key);
    if (existing) return existing.result;
    const flight = { result: refresh(config, token), until: now + holdMs };
    flight.result = flight.result.then((refreshed) => {
      // Shared no longer than until the refreshed token would be refreshed in its turn.
      const lifetime = Math.max(0, refreshed.expiresAt - refreshed.issuedAt);
      const refreshAt = refreshed.expiresAt - Math.min(config.refreshMarginSeconds, lifetime / 3);
      flight.until = Math.min(flight.until, refreshAt * 1000);
      return refreshed;
    });
    flights.set(key, flight);
    return flight.result;
  };
}

const sharedRefresh = singleFlight(refreshSession);

/**
 * Cookies already opened, by their sealed value. Opening one costs a key derivation (HKDF) and a decryption,
 * and every page view opens the same cookie in proxy.ts, in the page and in each of its fetches: under load
 * that was 5% of the server's time. The same value under the same secret always opens to the same token, so
 * an entry answers until the cookie's own `exp` (with next-auth's 15 s of clock tolerance) and then opens
 * nothing. A value that does not open is never kept. Bounded: the oldest entry goes first.
 */
const OPENED_MAX = 2_000;
const CLOCK_TOLERANCE_SECONDS = 15;
const opened = new Map<string, { secret: string; token: Readonly<VigilToken>; exp: number }>();

export async function decodeSessionCookie(
  value: string,
  secret: string,
  nowSeconds: number = Date.now() / 1000,
): Promise<VigilToken | undefined> {
  const hit = opened.get(value);
  if (hit && hit.secret === secret) {
    if (hit.exp > nowSeconds - CLOCK_TOLERANCE_SECONDS) return hit.token;
    opened.delete(value);
    return undefined;
  }
  try {
    const payload = await decode({ token: value, secret });
    const token = asVigilToken(payload);
    if (token && typeof payload?.exp === "number") {
      // Frozen: every caller shares this one object.
      Object.freeze(token.groups);
      opened.set(value, { secret, token: Object.freeze(token), exp: payload.exp });
      if (opened.size > OPENED_MAX) opened.delete(opened.keys().next().value as string);
    }
    return token;
  } catch {
    return undefined;
  }
}

export async function resolveSession(
  cookieValue: string | undefined,
  config: AuthConfig,
  nowSeconds: number,
  maxAgeSeconds: number,
  deps: ResolveDeps = { refresh: sharedRefresh, status: sharedSessionStatus() },
): Promise<SessionResolution> {
  if (cookieValue === undefined || cookieValue === "") return { kind: "anonymous" };
  const token = await decodeSessionCookie(cookieValue, config.secret);
  if (!token) return { kind: "refused", reason: "the session cookie is invalid or has expired" };
  if (deps.status && (await deps.status.isEnded(token, config))) {
    return { kind: "refused", reason: "the session was signed out" };
  }
  const decision = refreshDecision(
    { ...token, hasRefreshToken: token.refreshToken !== undefined },
    nowSeconds,
    config.refreshMarginSeconds,
  );
  if (decision === "fresh") return { kind: "valid", token };
  if (decision === "expired") return { kind: "refused", reason: "the sign-in has expired" };
  try {
    const refreshed = await deps.refresh(config, token);
    const reissued = await encode({ token: { ...refreshed }, secret: config.secret, maxAge: maxAgeSeconds });
    return { kind: "valid", token: refreshed, reissued };
  } catch (err) {
    // An IdP that does not answer is no reason to end a session whose ID token is still valid.
    if (err instanceof VigilError && err.code === "unavailable" && nowSeconds < token.expiresAt) {
      return { kind: "valid", token };
    }
    return {
      kind: "refused",
      reason: err instanceof Error ? err.message : "the session could not be refreshed",
    };
  }
}
