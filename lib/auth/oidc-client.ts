import { tokenFromIdToken, type VigilToken } from "@/lib/auth/session-token";
import type { AuthConfig } from "@/lib/auth/auth-config";
import { VigilError } from "@/lib/errors";

// The few OIDC calls Vigil makes itself (next-auth does the sign-in): discovery, the refresh grant, and the
// end-session URL. The IdP's CA is trusted through NODE_EXTRA_CA_CERTS.

export interface DiscoveryDocument {
  issuer: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

const discoveryCache = new Map<string, { doc: DiscoveryDocument; until: number }>();

export async function discover(issuer: string, fetchImpl: typeof fetch = fetch): Promise<DiscoveryDocument> {
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
    throw new VigilError(
      "unauthenticated",
      `the identity provider refused to refresh the session (${String(body.error ?? res.status)})`,
    );
  }
  if (typeof body.id_token !== "string") {
    throw new VigilError("unauthenticated", "the identity provider returned no ID token on refresh");
  }
  // Some IdPs rotate refresh tokens, others keep the old one valid and return none.
  const refreshToken = typeof body.refresh_token === "string" ? body.refresh_token : token.refreshToken;
  const next = tokenFromIdToken(body.id_token, refreshToken, config);
  if (next.sub !== token.sub)
    throw new VigilError("unauthenticated", "the refreshed ID token is for another user");
  return next;
}

/** Where to send the browser to end the IdP session too, or undefined when the IdP offers no such endpoint. */
export async function endSessionUrl(
  config: AuthConfig,
  idToken: string | undefined,
): Promise<string | undefined> {
  const doc = await discover(config.issuer).catch(() => undefined);
  if (!doc?.end_session_endpoint) return undefined;
  const url = new URL(doc.end_session_endpoint);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("post_logout_redirect_uri", `${config.appUrl}/signin?signed-out=1`);
  return url.toString();
}
