import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import tls from "node:tls";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startIdp, type RunningIdp } from "@/dev/idp/create-idp";
import { readAuthConfig } from "@/lib/auth/auth-config";
import { endSessionUrl, refreshSession, revokeSession } from "@/lib/auth/oidc-client";
import { SessionStatus } from "@/lib/auth/session-status";
import { tokenFromIdToken } from "@/lib/auth/session-token";
import { VigilError } from "@/lib/errors";

// The embedded IdP, driven over real https like the app and a browser would.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let idp: RunningIdp;
let ca: Buffer;
let stateDir: string;
const appOrigin = "http://localhost:3999";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

/** A tiny cookie jar: follows the redirects of one browser session inside the IdP. */
class Browser {
  cookies = new Map<string, string>();
  async go(url: string, init: { method?: string; body?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    };
    if (init.body) headers["content-type"] = "application/x-www-form-urlencoded";
    const reply = await send(url, { ...init, headers });
    const setCookie = reply.headers["set-cookie"];
    for (const c of Array.isArray(setCookie) ? setCookie : []) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return reply;
  }
  /** Follows redirects inside the IdP; returns the first reply that is not a redirect to the IdP. */
  async follow(
    url: string,
    init: { method?: string; body?: string } = {},
  ): Promise<{ reply: Reply; url: string }> {
    let reply = await this.go(url, init);
    let current = url;
    while (reply.status >= 300 && reply.status < 400) {
      const location = new URL(String(reply.headers.location), current).toString();
      if (!location.startsWith(idp.issuer)) return { reply, url: location };
      current = location;
      reply = await this.go(location);
    }
    return { reply, url: current };
  }
}

function decodeJwt(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
}

async function authorize(browser: Browser, verifier: string): Promise<Reply> {
  const params = new URLSearchParams({
    client_id: DEMO_CLIENT_ID,
    response_type: "code",
    redirect_uri: `${appOrigin}/api/auth/callback/oidc`,
    scope: "openid email profile groups",
    state: "s1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  const { reply } = await browser.follow(`${idp.issuer}/auth?${params}`);
  return reply;
}

function loginAction(page: string): string {
  const action = /action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error("no login form");
  return new URL(action.replace(/&amp;/g, "&"), idp.issuer).toString();
}

async function tokenRequest(form: Record<string, string>): Promise<Reply> {
  return send(`${idp.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${DEMO_CLIENT_ID}:${DEMO_CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams(form).toString(),
  });
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "vigil-idp-test-"));
  idp = await startIdp({ port: await freePort(), stateDir, appOrigins: [appOrigin], idTokenTtlSeconds: 60 });
  ca = readFileSync(idp.caCertPath);
});

afterAll(async () => {
  await idp.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("the embedded IdP", () => {
  it("shows its own login page with labelled fields, a Sign in button and no external resources", async () => {
    const page = await authorize(new Browser(), randomBytes(32).toString("base64url"));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<label for="username">Username</label>');
    expect(page.body).toContain('<label for="password">Password</label>');
    expect(page.body).toContain('<button type="submit">Sign in</button>');
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("says clearly that a wrong password is wrong and asks again", async () => {
    const browser = new Browser();
    const page = await authorize(browser, randomBytes(32).toString("base64url"));
    const reply = await browser.go(loginAction(page.body), {
      method: "POST",
      body: "username=alice&password=nope",
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('role="alert"');
    expect(reply.body).toContain("Wrong username or password");
  });

  it("signs alice in without a consent page and issues ID and refresh tokens carrying email and groups", async () => {
    const browser = new Browser();
    const verifier = randomBytes(32).toString("base64url");
    const page = await authorize(browser, verifier);
    const { reply, url } = await browser.follow(loginAction(page.body), {
      method: "POST",
      body: "username=alice&password=demo",
    });
    expect(reply.status).toBe(303);
    const callback = new URL(url);
    expect(callback.origin + callback.pathname).toBe(`${appOrigin}/api/auth/callback/oidc`);
    expect(callback.searchParams.get("state")).toBe("s1");
    const code = callback.searchParams.get("code") ?? "";

    const tokens = await tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: `${appOrigin}/api/auth/callback/oidc`,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    const body = JSON.parse(tokens.body) as { id_token: string; refresh_token?: string };
    const claims = decodeJwt(body.id_token);
    expect(claims).toMatchObject({
      sub: "alice",
      email: "alice@example.com",
      name: "Alice",
      groups: ["team-frontend"],
      aud: "vigil",
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
    expect(body.refresh_token).toBeTruthy();

    const refreshed = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: body.refresh_token ?? "",
    });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt((JSON.parse(refreshed.body) as { id_token: string }).id_token)).toMatchObject({
      sub: "alice",
      groups: ["team-frontend"],
    });
  });

  it("refuses a code exchange without the PKCE verifier", async () => {
    const browser = new Browser();
    const page = await authorize(browser, randomBytes(32).toString("base64url"));
    const { url } = await browser.follow(loginAction(page.body), {
      method: "POST",
      body: "username=bob&password=demo",
    });
    const code = new URL(url).searchParams.get("code") ?? "";
    const tokens = await tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: `${appOrigin}/api/auth/callback/oidc`,
    });
    expect(tokens.status).toBe(400);
  });

  it("advertises an end-session endpoint", async () => {
    const discovery = JSON.parse(
      (await send(`${idp.issuer}/.well-known/openid-configuration`)).body,
    ) as Record<string, unknown>;
    expect(discovery.end_session_endpoint).toBe(`${idp.issuer}/session/end`);
  });

  it("refuses to start in production mode", async () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      await expect(
        startIdp({ port: 1, stateDir, appOrigins: [appOrigin], idTokenTtlSeconds: 60 }),
      ).rejects.toThrow(/production/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

/** Signs `user` in through the login page and redeems the code: the tokens Vigil's session would hold. */
async function signIn(user: string): Promise<{ id_token: string; refresh_token: string }> {
  const browser = new Browser();
  const verifier = randomBytes(32).toString("base64url");
  const page = await authorize(browser, verifier);
  const { url } = await browser.follow(loginAction(page.body), {
    method: "POST",
    body: `username=${user}&password=demo`,
  });
  const tokens = await tokenRequest({
    grant_type: "authorization_code",
    code: new URL(url).searchParams.get("code") ?? "",
    redirect_uri: `${appOrigin}/api/auth/callback/oidc`,
    code_verifier: verifier,
  });
  return JSON.parse(tokens.body) as { id_token: string; refresh_token: string };
}

describe("sign-out against the embedded IdP", () => {
  // Vigil's own OIDC calls use fetch, which trusts the default CAs: add the test CA for this file.
  beforeAll(() => {
    tls.setDefaultCACertificates([...tls.getCACertificates("default"), ca.toString("utf8")]);
  });

  function vigilConfig() {
    return readAuthConfig({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: DEMO_CLIENT_ID,
      OIDC_CLIENT_SECRET: DEMO_CLIENT_SECRET,
      NEXTAUTH_SECRET: "n".repeat(40),
      NEXTAUTH_URL: appOrigin,
      VIGIL_SESSION_RECHECK_SECONDS: "60",
    });
  }

  it("ends the session at once where it was signed out and, through the IdP, on another replica within the recheck interval", async () => {
    const config = vigilConfig();
    const tokens = await signIn("alice");
    const session = tokenFromIdToken(tokens.id_token, tokens.refresh_token, config);
    let now = 0;
    const here = new SessionStatus(undefined, () => now);
    const elsewhere = new SessionStatus(undefined, () => now);
    expect(await here.isEnded(session, config)).toBe(false);
    expect(await elsewhere.isEnded(session, config)).toBe(false);

    // What the sign-out route does.
    here.markEnded(session);
    expect(await revokeSession(config, session)).toBe(true);
    expect(await here.isEnded(session, config)).toBe(true);

    // The other replica trusts its last answer for at most the interval, then asks the IdP and ends it too.
    now = 30_000;
    expect(await elsewhere.isEnded(session, config)).toBe(false);
    now = 60_000;
    expect(await elsewhere.isEnded(session, config)).toBe(true);

    // And the copied cookie's refresh token can no longer be used.
    let code: string | undefined;
    try {
      await refreshSession(config, session);
    } catch (err) {
      code = err instanceof VigilError ? err.code : "other";
    }
    expect(code).toBe("unauthenticated");
  });

  it("leaves another session of the same user alone", async () => {
    const config = vigilConfig();
    const first = await signIn("bob");
    const second = await signIn("bob");
    const a = tokenFromIdToken(first.id_token, first.refresh_token, config);
    const b = tokenFromIdToken(second.id_token, second.refresh_token, config);
    await revokeSession(config, a);
    const status = new SessionStatus();
    expect(await status.isEnded(a, config)).toBe(true);
    expect(await status.isEnded(b, config)).toBe(false);
  });

  it("ends the IdP session without the ID token in the URL, and the IdP accepts that", async () => {
    const url = await endSessionUrl(vigilConfig());
    expect(url).toBeDefined();
    const target = new URL(url ?? "");
    expect(target.searchParams.has("id_token_hint")).toBe(false);
    expect(target.searchParams.get("client_id")).toBe(DEMO_CLIENT_ID);
    const reply = await send(target.toString());
    // The IdP's own confirmation page, not an error about the missing hint or the redirect URI.
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/<form/);
  });
});
