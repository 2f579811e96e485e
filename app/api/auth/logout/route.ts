// Sign-out: ends Vigil's session and then the IdP's (end_session_endpoint with id_token_hint).
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth-options";
import { isHttpsUrl } from "@/lib/auth/auth-config";
import { endSessionUrl } from "@/lib/auth/oidc-client";
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
  const target = (await endSessionUrl(config, token?.idToken)) ?? `${config.appUrl}/signin?signed-out=1`;
  const response = NextResponse.redirect(target, 303);
  for (const name of sessionCookieNames(cookies, cookieName))
    response.cookies.set(name, "", { path: "/", maxAge: 0 });
  return response;
}

export function GET(): Response {
  return errorResponseOf(new VigilError("method-not-allowed", "sign out with POST"), { Allow: "POST" });
}
