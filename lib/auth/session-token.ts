import { randomUUID } from "node:crypto";
import { extractGroups } from "@/lib/auth/extract-groups";
import { VigilError } from "@/lib/errors";

// What Vigil keeps in its encrypted session cookie (next-auth JWT strategy). The ID and refresh tokens never
// leave the server: the browser only ever reads `publicSession` (name, email, groups).

// A type alias, not an interface: next-auth's JWT type is an index-signature record.
export type VigilToken = {
  /**
   * Vigil's own session id, random at sign-in and kept across refreshes: what sign-out marks as ended
   * (lib/auth/session-status.ts). Absent in cookies sealed before it existed.
   */
  sid?: string;
  sub: string;
  /** The Kubernetes user name: the claim named by OIDC_USERNAME_CLAIM (default `email`), else `sub`. */
  username: string;
  name: string;
  email?: string;
  groups: string[];
  idToken: string;
  refreshToken?: string;
  /** Seconds since the epoch: the ID token's `iat` and `exp`. */
  issuedAt: number;
  expiresAt: number;
};

interface PublicSession {
  user: { name: string; email?: string; groups: string[] };
}

/**
 * Reads the claims of an ID token without checking its signature. Only for tokens received directly from
 * the IdP's token endpoint over TLS with client authentication (OpenID Connect Core 3.1.3.7): at sign-in
 * next-auth has verified it fully; on refresh it comes straight from the token endpoint.
 */
function readIdTokenClaims(idToken: string): Record<string, unknown> {
  const parts = idToken.split(".");
  if (parts.length !== 3 || !parts[1])
    throw new VigilError("unauthenticated", "the IdP returned a malformed ID token");
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    throw new VigilError("unauthenticated", "the IdP returned a malformed ID token");
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new VigilError("unauthenticated", "the IdP returned a malformed ID token");
  }
  return claims as Record<string, unknown>;
}

/** The session token for a freshly issued ID token (at sign-in or after a refresh). */
interface ClaimNames {
  groupsClaim: string;
  usernameClaim: string;
  /** OIDC_EMAIL_VERIFIED_NOT_REQUIRED: the operator vouches for every e-mail address the IdP issues. */
  trustUnverifiedEmail?: boolean;
}

export function tokenFromIdToken(
  idToken: string,
  refreshToken: string | undefined,
  names: ClaimNames,
  sid: string = randomUUID(),
): VigilToken {
  const claims = readIdTokenClaims(idToken);
  const { sub, exp, iat } = claims;
  if (typeof sub !== "string" || sub === "")
    throw new VigilError("unauthenticated", "the ID token has no subject");
  if (typeof exp !== "number") throw new VigilError("unauthenticated", "the ID token has no expiry");
  // Anyone may type any address into an IdP that does not verify it: the API server refuses an unverified
  // `email` as a user name, and so does Vigil, unless the operator says the claim is trusted.
  if (
    names.usernameClaim === "email" &&
    typeof claims.email === "string" &&
    claims.email_verified !== true &&
    claims.email_verified !== "true" &&
    !names.trustUnverifiedEmail
  ) {
    throw new VigilError(
      "unauthenticated",
      "the identity provider does not say this e-mail address is verified (email_verified): sign-in refused",
    );
  }
  const email = typeof claims.email === "string" ? claims.email : undefined;
  const name =
    typeof claims.name === "string" && claims.name !== ""
      ? claims.name
      : typeof claims.preferred_username === "string"
        ? claims.preferred_username
        : (email ?? sub);
  const username = claims[names.usernameClaim];
  return {
    sid,
    sub,
    username: typeof username === "string" && username !== "" ? username : sub,
    name,
    ...(email ? { email } : {}),
    groups: extractGroups(claims, names.groupsClaim),
    idToken,
    ...(refreshToken ? { refreshToken } : {}),
    issuedAt: typeof iat === "number" ? iat : exp - 300,
    expiresAt: exp,
  };
}

/** Narrows a decoded next-auth JWT to Vigil's token, or undefined when it is not one (forged, older shape). */
export function asVigilToken(value: unknown): VigilToken | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const t = value as Record<string, unknown>;
  const ok =
    typeof t.sub === "string" &&
    typeof t.username === "string" &&
    typeof t.name === "string" &&
    Array.isArray(t.groups) &&
    t.groups.every((g) => typeof g === "string") &&
    typeof t.idToken === "string" &&
    typeof t.issuedAt === "number" &&
    typeof t.expiresAt === "number" &&
    (t.email === undefined || typeof t.email === "string") &&
    (t.sid === undefined || typeof t.sid === "string") &&
    (t.refreshToken === undefined || typeof t.refreshToken === "string");
  if (!ok) return undefined;
  return {
    ...(typeof t.sid === "string" ? { sid: t.sid } : {}),
    sub: t.sub as string,
    username: t.username as string,
    name: t.name as string,
    ...(typeof t.email === "string" ? { email: t.email } : {}),
    groups: t.groups as string[],
    idToken: t.idToken as string,
    ...(typeof t.refreshToken === "string" ? { refreshToken: t.refreshToken } : {}),
    issuedAt: t.issuedAt as number,
    expiresAt: t.expiresAt as number,
  };
}

/** The only part of a session the browser ever sees. */
export function publicSession(token: VigilToken): PublicSession {
  return {
    user: { name: token.name, ...(token.email ? { email: token.email } : {}), groups: [...token.groups] },
  };
}
