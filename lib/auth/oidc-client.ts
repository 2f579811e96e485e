import { tokenFromIdToken, type VigilToken } from "@/lib/auth/session-token";
import type { AuthConfig } from "@/lib/auth/auth-config";
import { VigilError } from "@/lib/errors";

// The few OIDC calls Vigil makes itself (next-auth does the sign-in): discovery, the refresh grant, and the
// end-session URL. The IdP's CA is trusted through NODE_EXTRA_CA_CERTS.

interface DiscoveryDocument {
  issuer: string;
  token_endpoint: string;
  end_session_endpoint?: string;
  /** RFC 7009: sign-out revokes the refresh token (and with it, at most IdPs, the grant). */
  revocation_endpoint?: string;
  /** RFC 7662: each replica asks, at most every VIGIL_SESSION_RECHECK_SECONDS, whether the grant still lives. */
  introspection_endpoint?: string;
}

const discoveryCache = new Map<string, { doc: DiscoveryDocument; until: number }>();

async function discover(issuer: string, fetchImpl: typeof fetch = fetch): Promise<DiscoveryDocument> {
  const cached = discoveryCache.get(issuer);
  if (cached && cached.until > Date.now()) return cached.doc;
  let doc: unknown;
  try {
    const res = await fetchImpl(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = await res.json();
  } catch (err) {
    throw new VigilError(
      "unavailable",
      `the identity provider ${issuer} did not answer its discovery document`,
      { cause: err },
    );
  }
  const d = doc as Partial<DiscoveryDocument>;
  if (typeof d.token_endpoint !== "string" || typeof d.issuer !== "string") {
    throw new VigilError(
      "unavailable",
      `the identity provider ${issuer} published an incomplete discovery document`,
    );
  }
  const result: DiscoveryDocument = {
    issuer: d.issuer,
    token_endpoint: d.token_endpoint,
    ...(typeof d.end_session_endpoint === "string" ? { end_session_endpoint: d.end_session_endpoint } : {}),
    ...(typeof d.revocation_endpoint === "string" ? { revocation_endpoint: d.revocation_endpoint } : {}),
    ...(typeof d.introspection_endpoint === "string"
      ? { introspection_endpoint: d.introspection_endpoint }
      : {}),
  };
  discoveryCache.set(issuer, { doc: result, until: Date.now() + 10 * 60_000 });
  return result;
}

/** RFC 6749 2.3.1: client id and secret are form-encoded before going into the Basic header. */
function basicAuth(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`).toString("base64")}`;
}

/** Uses the refresh token; throws a VigilError("unauthenticated") when the IdP refuses it. */
export async function refreshSession(
  config: AuthConfig,
  token: VigilToken,
  fetchImpl: typeof fetch = fetch,
): Promise<VigilToken> {
  if (!token.refreshToken) throw new VigilError("unauthenticated", "the session has no refresh token");
  const { token_endpoint } = await discover(config.issuer, fetchImpl);
  let res: Response;
  try {
    res = await fetchImpl(token_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: basicAuth(config.clientId, config.clientSecret),
      },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: token.refreshToken,
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new VigilError("unavailable", "the identity provider did not answer the token refresh", {
      cause: err,
    });
  }
  const body = (await res.json().catch(() => ({}))) as {
    id_token?: unknown;
    refresh_token?: unknown;
    error?: unknown;
  };
  if (!res.ok) {
    // RFC 6749 5.2: a refusal is a 400 (or 401 for client authentication) with an error code. Anything else
    // (a 5xx, a 429, a proxy's error page) is an outage: it must not end a session that is still valid.
    const refused = (res.status === 400 || res.status === 401) && typeof body.error === "string";
    throw new VigilError(
      refused ? "unauthenticated" : "unavailable",
      refused
        ? `the identity provider refused to refresh the session (${String(body.error)})`
        : `the identity provider could not refresh the session (HTTP ${res.status})`,
    );
  }
  if (typeof body.id_token !== "string") {
    throw new VigilError("unauthenticated", "the identity provider returned no ID token on refresh");
  }
  // Some IdPs rotate refresh tokens, others keep the old one valid and return none.
  const refreshToken = typeof body.refresh_token === "string" ? body.refresh_token : token.refreshToken;
  const next = tokenFromIdToken(body.id_token, refreshToken, config, token.sid);
  if (next.sub !== token.sub)
    throw new VigilError("unauthenticated", "the refreshed ID token is for another user");
  return next;
}

/** POSTs a token to one of the IdP's client-authenticated endpoints (revocation, introspection). */
async function postToken(
  config: AuthConfig,
  endpoint: string,
  token: string,
  fetchImpl: typeof fetch,
): Promise<Response> {
  try {
    return await fetchImpl(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: basicAuth(config.clientId, config.clientSecret),
      },
      body: new URLSearchParams({ token, token_type_hint: "refresh_token" }).toString(),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (err) {
    throw new VigilError("unavailable", "the identity provider did not answer", { cause: err });
  }
}

/**
 * Sign-out: revokes the session's refresh token at the IdP (RFC 7009), which ends the grant there, so that
 * every replica's next check (introspectSession) finds the session over. False when the IdP offers no
 * revocation endpoint or the session has no refresh token; throws "unavailable" when the IdP does not answer.
 */
export async function revokeSession(
  config: AuthConfig,
  token: VigilToken,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  if (!token.refreshToken) return false;
  const doc = await discover(config.issuer, fetchImpl);
  if (!doc.revocation_endpoint) return false;
  const res = await postToken(config, doc.revocation_endpoint, token.refreshToken, fetchImpl);
  if (!res.ok) {
    throw new VigilError("unavailable", `the identity provider refused the revocation (HTTP ${res.status})`);
  }
  return true;
}

/**
 * Whether the IdP still holds the session's grant (RFC 7662 introspection of its refresh token): "active",
 * "ended", or "unknown" when it cannot tell (no refresh token, no introspection endpoint). Throws
 * "unavailable" when the IdP does not answer.
 */
export async function introspectSession(
  config: AuthConfig,
  token: VigilToken,
  fetchImpl: typeof fetch = fetch,
): Promise<"active" | "ended" | "unknown"> {
  if (!token.refreshToken) return "unknown";
  const doc = await discover(config.issuer, fetchImpl);
  if (!doc.introspection_endpoint) return "unknown";
  const res = await postToken(config, doc.introspection_endpoint, token.refreshToken, fetchImpl);
  if (!res.ok) {
    throw new VigilError(
      "unavailable",
      `the identity provider refused the introspection (HTTP ${res.status})`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as { active?: unknown };
  if (typeof body.active !== "boolean") {
    throw new VigilError("unavailable", "the identity provider's introspection answer has no `active`");
  }
  return body.active ? "active" : "ended";
}

/**
 * Where to send the browser to end the IdP session too, or undefined when the IdP offers no such endpoint.
 * Never with id_token_hint: in token mode the ID token is the user's API credential, and a URL ends up in
 * browser history and the IdP's access logs. client_id names the client instead (OpenID RP-Initiated
 * Logout 1.0, section 2), which is enough for the IdP to honour post_logout_redirect_uri.
 */
export async function endSessionUrl(config: AuthConfig): Promise<string | undefined> {
  const doc = await discover(config.issuer).catch(() => undefined);
  if (!doc?.end_session_endpoint) return undefined;
  const url = new URL(doc.end_session_endpoint);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("post_logout_redirect_uri", `${config.appUrl}/signin?signed-out=1`);
  return url.toString();
}
