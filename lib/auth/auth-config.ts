import { VigilError } from "@/lib/errors";

// Sign-in settings from the environment (docs/configuration.md). Without OIDC_ISSUER, Vigil uses the
// embedded demo IdP (dev/idp), which only ever runs beside the demo and the tests.

export interface AuthConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID-token claim holding the user's groups; a dotted path reaches into nested claims. */
  groupsClaim: string;
  /** The ID-token claim that is the user's Kubernetes user name (as the API server maps it). */
  usernameClaim: string;
  /** The scopes asked for at sign-in. */
  scopes: string;
  /** The app's own URL (NEXTAUTH_URL), e.g. http://localhost:3000. */
  appUrl: string;
  secret: string;
  /** Refresh this long before the ID token expires (capped at a third of its lifetime). */
  refreshMarginSeconds: number;
  /** True when the embedded demo IdP is used. */
  demo: boolean;
  /** OIDC_EMAIL_VERIFIED_NOT_REQUIRED=true: accept `email` as the user name without `email_verified`. */
  trustUnverifiedEmail: boolean;
  /**
   * VIGIL_SESSION_RECHECK_SECONDS (default 60, at most 300): how long one replica trusts its last answer of
   * the IdP that a session is still active; the bound on how long a signed-out cookie works elsewhere.
   */
  sessionRecheckSeconds: number;
}

const DEMO_IDP_CLIENT_ID = "vigil";
const DEMO_IDP_CLIENT_SECRET = "vigil-demo-secret";

export function readAuthConfig(raw: Readonly<Record<string, string | undefined>>): AuthConfig {
  // An empty variable (`OIDC_ISSUER=` in an env file) means the same as an absent one. Read by name: this runs
  // on every request, and enumerating the whole process environment cost more than the rest of it.
  const get = (name: string): string | undefined => {
    const value = raw[name]?.trim();
    return value === "" ? undefined : value;
  };
  const demo = !get("OIDC_ISSUER");
  const issuer = (get("OIDC_ISSUER") ?? `https://127.0.0.1:${get("VIGIL_IDP_PORT") ?? "9400"}`).replace(
    /\/+$/,
    "",
  );
  const clientId = get("OIDC_CLIENT_ID") ?? (demo ? DEMO_IDP_CLIENT_ID : undefined);
  const clientSecret = get("OIDC_CLIENT_SECRET") ?? (demo ? DEMO_IDP_CLIENT_SECRET : undefined);
  if (!clientId) throw new VigilError("bad-input", "OIDC_CLIENT_ID is required when OIDC_ISSUER is set");
  if (!clientSecret)
    throw new VigilError("bad-input", "OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set");
  if (!/^https:\/\//.test(issuer))
    throw new VigilError("bad-input", `OIDC_ISSUER must be an https URL, got "${issuer}"`);
  const appUrl = (get("NEXTAUTH_URL") ?? `http://localhost:${get("PORT") ?? "3000"}`).replace(/\/+$/, "");
  const secret = get("NEXTAUTH_SECRET");
  if (!secret || secret.length < 32) {
    throw new VigilError(
      "bad-input",
      "NEXTAUTH_SECRET must be set to a random value of at least 32 characters",
    );
  }
  const margin = Number(get("VIGIL_REFRESH_MARGIN_SECONDS") ?? 60);
  if (!Number.isFinite(margin) || margin < 0) {
    throw new VigilError("bad-input", "VIGIL_REFRESH_MARGIN_SECONDS must be a number of seconds >= 0");
  }
  const recheck = Number(get("VIGIL_SESSION_RECHECK_SECONDS") ?? 60);
  if (!Number.isFinite(recheck) || recheck < 0 || recheck > 300) {
    throw new VigilError(
      "bad-input",
      "VIGIL_SESSION_RECHECK_SECONDS must be a number of seconds from 0 to 300",
    );
  }
  return {
    issuer,
    clientId,
    clientSecret,
    groupsClaim: get("OIDC_GROUPS_CLAIM") || "groups",
    usernameClaim: get("OIDC_USERNAME_CLAIM") || "email",
    scopes: get("OIDC_SCOPES") || "openid email profile groups",
    appUrl,
    secret,
    refreshMarginSeconds: margin,
    demo,
    trustUnverifiedEmail: get("OIDC_EMAIL_VERIFIED_NOT_REQUIRED") === "true",
    sessionRecheckSeconds: recheck,
  };
}

/** True when the app is served over https: cookies get `Secure` and responses get HSTS. */
export function isHttpsUrl(url: string): boolean {
  return url.startsWith("https://");
}
