import { NextResponse, type NextRequest } from "next/server";
import { isHttpsUrl, readAuthConfig, type AuthConfig } from "@/lib/auth/auth-config";
import { resolveSession } from "@/lib/auth/resolve-session";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-max-age";
import {
  chunkSessionCookie,
  readSessionCookie,
  sessionCookieName,
  sessionCookieNames,
} from "@/lib/auth/session-cookie";
import { buildSecurityHeaders, createNonce } from "@/lib/http/security-headers";
import { errorResponseOf, methodNotAllowedError, unauthenticatedError, VigilError } from "@/lib/errors";
import { serverEnv } from "@/lib/config/server-env";

// Runs before every page and route (Next 16 "proxy", on the Node.js runtime): guards sessions (pages redirect
// to sign-in, our JSON routes answer 401), refreshes tokens before they expire and persists them in the cookie,
// refuses methods other than GET/HEAD on our JSON routes, and adds the security headers with a CSP nonce.

// Without a session: the sign-in page, the icon it shows, robots.txt (which denies all indexing), and the
// probes, which say nothing but "ok" (app/healthz, app/readyz), and /metrics, which has a guard of its own (a
// bearer token for the scraper, app/metrics). Exact paths only; every other file of public/ stays behind the
// session.
const PUBLIC_PATHS = new Set(["/signin", "/icon.svg", "/robots.txt", "/healthz", "/readyz", "/metrics"]);

function isAuthRoute(path: string): boolean {
  return path === "/api/auth" || path.startsWith("/api/auth/");
}

function isPublic(path: string): boolean {
  return PUBLIC_PATHS.has(path) || isAuthRoute(path);
}

function jsonError(err: unknown): NextResponse {
  const response = errorResponseOf(err);
  return new NextResponse(response.body, { status: response.status, headers: response.headers });
}

function withSecurityHeaders(
  response: NextResponse,
  nonce: string,
  config: AuthConfig | undefined,
  https: boolean,
): NextResponse {
  const headers = buildSecurityHeaders({
    nonce,
    https,
    development: process.env.NODE_ENV !== "production",
    formActionOrigins: config ? [new URL(config.issuer).origin] : [],
  });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function clearSessionCookies(response: NextResponse, names: readonly string[]): void {
  for (const name of names) response.cookies.set(name, "", { path: "/", maxAge: 0 });
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = createNonce();
  const path = request.nextUrl.pathname;
  const isApi = path === "/api" || path.startsWith("/api/");
  let config: AuthConfig | undefined;
  try {
    config = readAuthConfig(serverEnv());
  } catch (err) {
    const message = `Vigil is not configured: ${err instanceof Error ? err.message : String(err)}`;
    console.error(message);
    return withSecurityHeaders(jsonError(new VigilError("internal", message)), nonce, undefined, false);
  }
  const https = isHttpsUrl(config.appUrl) || request.nextUrl.protocol === "https:";
  const finish = (response: NextResponse) => withSecurityHeaders(response, nonce, config, https);

  const requestHeaders = new Headers(request.headers);
  const cookieName = sessionCookieName(isHttpsUrl(config.appUrl));
  const cookies = request.cookies.getAll();
  const existing = sessionCookieNames(cookies, cookieName);
  let reissued: { name: string; value: string }[] | undefined;

  // Vigil is read-only: its pages and JSON routes accept nothing but GET and HEAD, signed in or not. Only
  // next-auth's own routes (sign-in, callback) and the sign-out route take a POST.
  if (!isAuthRoute(path) && request.method !== "GET" && request.method !== "HEAD") {
    return finish(jsonError(methodNotAllowedError(request.method)));
  }
  // Vigil draws no optimised images: the optimiser's route would only fetch and transform on a stranger's
  // behalf (and answered 500 to /icon.svg).
  if (path === "/_next/image") {
    return finish(jsonError(new VigilError("not-found", "Vigil serves no optimised images")));
  }
  if (!isPublic(path)) {
    const resolution = await resolveSession(
      readSessionCookie(cookies, cookieName),
      config,
      Math.floor(Date.now() / 1000),
      SESSION_MAX_AGE_SECONDS,
    );
    if (resolution.kind !== "valid") {
      const response = isApi
        ? jsonError(unauthenticatedError())
        : NextResponse.redirect(signInUrl(request, resolution.kind === "refused"));
      if (resolution.kind === "refused") clearSessionCookies(response, existing);
      return finish(response);
    }
    if (resolution.reissued) {
      reissued = chunkSessionCookie(cookieName, resolution.reissued);
      // The page rendered for this request must already see the refreshed session.
      const others = cookies.filter((c) => !existing.includes(c.name));
      requestHeaders.set("cookie", [...others, ...reissued].map((c) => `${c.name}=${c.value}`).join("; "));
    }
  }

  const csp = buildSecurityHeaders({
    nonce,
    https,
    development: process.env.NODE_ENV !== "production",
    formActionOrigins: [new URL(config.issuer).origin],
  })["Content-Security-Policy"];
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("x-nonce", nonce);
  // The root layout renders meeting mode's class on the first paint (no jump when the client hydrates).
  requestHeaders.set("x-vigil-present", request.nextUrl.searchParams.get("present") === "1" ? "1" : "0");
  if (csp) requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (reissued) {
    clearSessionCookies(
      response,
      existing.filter((n) => !reissued.some((c) => c.name === n)),
    );
    for (const c of reissued) {
      response.cookies.set(c.name, c.value, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: isHttpsUrl(config.appUrl),
        maxAge: SESSION_MAX_AGE_SECONDS,
      });
    }
  }
  return finish(response);
}

function signInUrl(request: NextRequest, expired: boolean): URL {
  const url = new URL("/signin", request.url);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  if (expired) url.searchParams.set("error", "SessionExpired");
  return url;
}

export const config = {
  // Everything but Next's static assets.
  matcher: ["/((?!_next/static|favicon.ico).*)"],
};
