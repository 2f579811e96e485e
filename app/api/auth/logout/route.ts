// Sign-out: ends Vigil's session (here at once, on other replicas through the IdP: lib/auth/session-status.ts),
// revokes the refresh token at the IdP, then ends the IdP's session (end_session_endpoint with client_id, never
// the ID token in a URL).
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth-options";
import { isHttpsUrl } from "@/lib/auth/auth-config";
import { endSessionUrl, revokeSession } from "@/lib/auth/oidc-client";
import { sharedSessionStatus } from "@/lib/auth/session-status";
import { decodeSessionCookie } from "@/lib/auth/resolve-session";
import { errorResponseOf, VigilError } from "@/lib/errors";
import { readSessionCookie, sessionCookieName, sessionCookieNames } from "@/lib/auth/session-cookie";

export async function POST(request: NextRequest): Promise<Response> {
  const config = authConfig();
  // A cross-site form must not sign people out: browsers send Origin on every POST.
  const origin = request.headers.get("origin");
  if (origin !== new URL(config.appUrl).origin && origin !== request.nextUrl.origin) {
    return errorResponseOf(new VigilError("forbidden", "sign-out must come from Vigil itself"));
  }
  const cookieName = sessionCookieName(isHttpsUrl(config.appUrl));
  const cookies = request.cookies.getAll();
  const value = readSessionCookie(cookies, cookieName);
  const token = value ? await decodeSessionCookie(value, config.secret) : undefined;
  if (token) {
    // At once on this instance; on the others at their next check of the IdP (VIGIL_SESSION_RECHECK_SECONDS).
    sharedSessionStatus().markEnded(token);
    try {
      await revokeSession(config, token);
    } catch (err) {
      console.error(`sign-out: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const target = (await endSessionUrl(config)) ?? `${config.appUrl}/signin?signed-out=1`;
  const response = NextResponse.redirect(target, 303);
  for (const name of sessionCookieNames(cookies, cookieName))
    response.cookies.set(name, "", { path: "/", maxAge: 0 });
  return response;
}

export function GET(): Response {
  return errorResponseOf(new VigilError("method-not-allowed", "sign out with POST"), { Allow: "POST" });
}
