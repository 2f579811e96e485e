import "server-only";
import type { NextAuthOptions } from "next-auth";
import { readAuthConfig, type AuthConfig } from "@/lib/auth/auth-config";
import { refreshSession } from "@/lib/auth/oidc-client";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-max-age";
import { refreshDecision } from "@/lib/auth/refresh-decision";
import { sharedSessionStatus } from "@/lib/auth/session-status";
import { VigilError } from "@/lib/errors";
import { asVigilToken, publicSession, tokenFromIdToken } from "@/lib/auth/session-token";
import { serverEnv } from "@/lib/config/server-env";

// next-auth for Vigil (docs/architecture.md "Authentication"): one generic OIDC provider found by issuer discovery,
// authorization code with PKCE and state, JWT sessions whose ID and refresh tokens stay in the encrypted
// cookie. Built per call, not at import, so that `next build` needs no secret.

export { SESSION_MAX_AGE_SECONDS };

const PROVIDER_ID = "oidc";

export function authConfig(): AuthConfig {
  return readAuthConfig(serverEnv());
}

export function authOptions(config: AuthConfig = authConfig()): NextAuthOptions {
  return {
    secret: config.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin", signOut: "/signin" },
    providers: [
      {
        id: PROVIDER_ID,
        name: "single sign-on",
        type: "oauth",
        wellKnown: `${config.issuer}/.well-known/openid-configuration`,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        authorization: { params: { scope: config.scopes } },
        idToken: true,
        checks: ["pkce", "state"],
        // openid-client gives up on the IdP after 3.5 s by default, which a busy IdP or host exceeds; the
        // sign-in then fails with OAuthCallback. Vigil's own refresh and discovery calls wait 10 s too.
        httpOptions: { timeout: 10_000 },
        profile(profile: Record<string, unknown>) {
          const sub = typeof profile.sub === "string" ? profile.sub : "";
          return {
            id: sub,
            name: typeof profile.name === "string" ? profile.name : sub,
            email: typeof profile.email === "string" ? profile.email : null,
          };
        },
      },
    ],
    callbacks: {
      async jwt({ token, account }) {
        if (account) {
          if (!account.id_token) throw new Error("the identity provider returned no ID token");
          return tokenFromIdToken(account.id_token, account.refresh_token, config);
        }
        const current = asVigilToken(token);
        if (!current) throw new Error("not a Vigil session");
        // Throwing makes next-auth clear the session cookie.
        if (await sharedSessionStatus().isEnded(current, config))
          throw new Error("the session was signed out");
        const times = { ...current, hasRefreshToken: current.refreshToken !== undefined };
        const decision = refreshDecision(times, Math.floor(Date.now() / 1000), config.refreshMarginSeconds);
        if (decision === "fresh") return current;
        // Throwing makes next-auth clear the session cookie: a failed refresh signs the user out.
        if (decision === "expired") throw new Error("the session expired");
        try {
          return await refreshSession(config, current);
        } catch (err) {
          // An IdP outage is no reason to end a session whose ID token is still valid.
          const valid = Math.floor(Date.now() / 1000) < current.expiresAt;
          if (err instanceof VigilError && err.code === "unavailable" && valid) return current;
          throw err;
        }
      },
      async session({ session, token }) {
        const current = asVigilToken(token);
        if (!current) throw new Error("not a Vigil session");
        return { ...publicSession(current), expires: session.expires };
      },
    },
  };
}
