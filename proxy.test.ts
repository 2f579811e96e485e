import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

// The guard in front of every page and route. Sessions here are fresh, so no refresh (and no IdP) is needed;
// refreshing is covered by lib/auth/resolve-session.test.ts and, against the real IdP, by e2e/auth.spec.ts.

const secret = "p".repeat(40);

beforeEach(() => {
  vi.stubEnv("NEXTAUTH_SECRET", secret);
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  vi.stubEnv("OIDC_ISSUER", "");
});
afterEach(() => vi.unstubAllEnvs());

async function liveCookie(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const value = await encode({
    token: {
      sub: "bob",
      username: "bob@example.com",
      name: "Bob",
      groups: ["security-reviewers"],
      idToken: "t",
      issuedAt: now,
      expiresAt: now + 3600,
    },
    secret,
  });
  return `next-auth.session-token=${value}`;
}

function request(path: string, init: { method?: string; cookie?: string } = {}): NextRequest {
  return new NextRequest(`http://localhost:3000${path}`, {
    method: init.method ?? "GET",
    headers: init.cookie ? { cookie: init.cookie } : {},
  });
}

describe("proxy", () => {
  it("sends a page request without session to the sign-in page, keeping where it was going", async () => {
    const res = await proxy(request("/access?ns=g04"));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("http://localhost:3000/signin?callbackUrl=%2Faccess%3Fns%3Dg04");
  });

  it("answers a JSON request without session with 401 and a JSON error", async () => {
    const res = await proxy(request("/api/overview"));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });

  it("answers 405 to writing methods on JSON routes, with or without session", async () => {
    for (const cookie of [undefined, await liveCookie()]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await proxy(request("/api/namespaces", { method, ...(cookie ? { cookie } : {}) }));
        expect(res.status).toBe(405);
        expect(res.headers.get("allow")).toBe("GET, HEAD");
      }
    }
  });

  it("answers 405 to writing methods on pages too, with or without session", async () => {
    for (const cookie of [undefined, await liveCookie()]) {
      for (const path of ["/", "/network", "/signin", "/healthz"]) {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
          const res = await proxy(request(path, { method, ...(cookie ? { cookie } : {}) }));
          expect(res.status, `${method} ${path}`).toBe(405);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe("method-not-allowed");
          expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
        }
      }
    }
    // next-auth's sign-in and callback, and the sign-out route, take a POST.
    const signIn = await proxy(request("/api/auth/signin/oidc", { method: "POST" }));
    expect(signIn.headers.get("x-middleware-next")).toBe("1");
  });

  it("answers the image optimiser's route with 404 and the security headers", async () => {
    const res = await proxy(request("/_next/image?url=%2Ficon.svg&w=64&q=75"));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not-found");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("lets the sign-in page, the probes, /metrics (its own guard) and next-auth's own routes through without a session", async () => {
    for (const path of [
      "/signin",
      "/healthz",
      "/readyz",
      "/metrics",
      "/api/auth/session",
      "/api/auth/callback/oidc",
    ]) {
      const res = await proxy(request(path));
      expect(res.headers.get("x-middleware-next")).toBe("1");
    }
  });

  it("serves the icon and robots.txt without a session, with the security headers, and nothing else of public/", async () => {
    for (const path of ["/icon.svg", "/robots.txt"]) {
      const res = await proxy(request(path));
      expect(res.headers.get("x-middleware-next"), path).toBe("1");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
    for (const path of ["/screenshots/overview.png", "/robots.txt/x", "/icon.svg.map", "/x/robots.txt"]) {
      expect((await proxy(request(path))).status, path).toBe(307);
    }
  });

  it("lets a valid session through and refuses a tampered one, clearing its cookie", async () => {
    const ok = await proxy(request("/", { cookie: await liveCookie() }));
    expect(ok.headers.get("x-middleware-next")).toBe("1");
    const bad = await proxy(request("/", { cookie: `next-auth.session-token=tampered` }));
    expect(bad.status).toBe(307);
    expect(bad.headers.get("location")).toContain("error=SessionExpired");
    expect(bad.headers.get("set-cookie")).toMatch(/next-auth\.session-token=;.*Max-Age=0/i);
  });

  it("puts the security headers and a fresh nonce on every answer", async () => {
    const a = await proxy(request("/signin"));
    const b = await proxy(request("/signin"));
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    expect(nonceOf(a.headers.get("content-security-policy"))).toBeTruthy();
    expect(nonceOf(a.headers.get("content-security-policy"))).not.toBe(
      nonceOf(b.headers.get("content-security-policy")),
    );
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("adds HSTS and expects the __Secure- cookie when served over https", async () => {
    vi.stubEnv("NEXTAUTH_URL", "https://vigil.example.com");
    const res = await proxy(new NextRequest("https://vigil.example.com/signin"));
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
    const plainCookie = await proxy(
      new NextRequest("https://vigil.example.com/api/overview", { headers: { cookie: await liveCookie() } }),
    );
    expect(plainCookie.status).toBe(401);
  });

  it("says clearly when Vigil is not configured, instead of crashing", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", "");
    const res = await proxy(request("/"));
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/NEXTAUTH_SECRET/);
  });
});
