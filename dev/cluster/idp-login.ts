import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { IDP_ISSUER } from "@/dev/cluster/config";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from "@/dev/idp/create-idp";
import { DEMO_PASSWORD } from "@/dev/idp/users";
import { DEV_STATE_DIR, ensureCa } from "@/dev/pki";

// Real ID tokens for the demo users, for the integration tests: drives the running embedded IdP's own login
// page with fetch, exactly as a browser would (authorization-code flow with PKCE and state), then redeems
// the code at the token endpoint as the Vigil client.

export interface IdTokens {
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}

let trusted = false;

/** Adds the dev CA (which signs the IdP's certificate) to the CAs fetch trusts in this process. */
export function trustDevCa(): void {
  if (trusted) return;
  const ca = readFileSync(ensureCa(DEV_STATE_DIR).cert, "utf8");
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), ca]);
  trusted = true;
}

/** A minimal cookie jar: the IdP keeps the interaction and session in cookies across redirects. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

function base64url(buf: Buffer): string {
  return buf.toString("base64url");
}

/** Follows redirects by hand (fetch would drop the cookies set on the way), until `stop` says so. */
async function follow(
  start: URL,
  jar: CookieJar,
  stop: (url: URL) => boolean,
  init?: RequestInit,
): Promise<{ url: URL; res?: Response }> {
  let url = start;
  let request: RequestInit | undefined = init;
  for (let hop = 0; hop < 10; hop++) {
    if (stop(url)) return { url };
    const res = await fetch(url, {
      ...request,
      redirect: "manual",
      headers: { ...(request?.headers as Record<string, string> | undefined), cookie: jar.header() },
    });
    jar.store(res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url);
      request = undefined;
      continue;
    }
    return { url, res };
  }
  throw new Error(`too many redirects from ${start.href}`);
}

/**
 * Signs `username` in at the IdP and returns its tokens. `redirectUri` must be one the IdP accepts for the
 * Vigil client; nothing needs to listen there: the code is read from the redirect itself.
 */
export async function loginWithIdp(
  username: string,
  opts: { issuer?: string; password?: string; redirectUri?: string } = {},
): Promise<IdTokens> {
  trustDevCa();
  const issuer = opts.issuer ?? IDP_ISSUER;
  const redirectUri =
    opts.redirectUri ?? `http://localhost:${process.env.PORT ?? "3000"}/api/auth/callback/oidc`;
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash("sha256").update(verifier).digest());
  const state = base64url(randomBytes(16));
  const auth = new URL(discovery.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: DEMO_CLIENT_ID,
    response_type: "code",
    scope: "openid email profile groups",
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  const jar = new CookieJar();
  const isCallback = (u: URL) => u.href.startsWith(redirectUri);

  // 1. The authorization request lands on the IdP's login page.
  const page = await follow(auth, jar, isCallback);
  if (!page.res || page.res.status !== 200) {
    throw new Error(
      `the IdP did not show its login page (HTTP ${page.res?.status ?? "redirect"} at ${page.url.href})`,
    );
  }
  const html = await page.res.text();
  const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1];
  if (!action) throw new Error("the IdP's login page has no sign-in form");

  // 2. Submit the form; the redirects end at the client's callback with the code.
  const done = await follow(new URL(action.replaceAll("&amp;", "&"), page.url), jar, isCallback, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password: opts.password ?? DEMO_PASSWORD }).toString(),
  });
  if (!isCallback(done.url)) {
    throw new Error(`signing in as ${username} failed (HTTP ${done.res?.status} at ${done.url.href})`);
  }
  if (done.url.searchParams.get("state") !== state) throw new Error("the IdP returned a different state");
  const code = done.url.searchParams.get("code");
  if (!code)
    throw new Error(`no authorization code: ${done.url.searchParams.get("error") ?? "unknown error"}`);

  // 3. Redeem the code with the PKCE verifier, as the confidential Vigil client.
  const tokenRes = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${DEMO_CLIENT_ID}:${DEMO_CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await tokenRes.json()) as {
    id_token?: string;
    refresh_token?: string;
    expires_in?: number;
    error?: string;
  };
  if (!tokenRes.ok || !body.id_token) {
    throw new Error(`the token endpoint refused the code: ${body.error ?? `HTTP ${tokenRes.status}`}`);
  }
  return { idToken: body.id_token, refreshToken: body.refresh_token, expiresIn: body.expires_in ?? 0 };
}
