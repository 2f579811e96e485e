// When to refresh the tokens of a session: a little before the ID token expires, so the token forwarded to
// the API server (token mode) is never stale mid-request. The margin is capped at a third of the token's
// lifetime so that short-lived tokens are not refreshed on every request.

export type RefreshDecision = "fresh" | "refresh" | "expired";

export interface TokenTimes {
  /** Seconds since the epoch, as in the ID token's `iat` and `exp`. */
  issuedAt: number;
  expiresAt: number;
  hasRefreshToken: boolean;
}

export function refreshDecision(
  times: TokenTimes,
  nowSeconds: number,
  marginSeconds: number,
): RefreshDecision {
  const lifetime = Math.max(0, times.expiresAt - times.issuedAt);
  const margin = Math.min(marginSeconds, lifetime / 3);
  if (nowSeconds < times.expiresAt - margin) return "fresh";
  if (times.hasRefreshToken) return "refresh";
  return nowSeconds < times.expiresAt ? "fresh" : "expired";
}
