import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import http from "node:http";
import { connect, type AddressInfo } from "node:net";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { REPO_ROOT } from "@/dev/cluster/config";
import { trustDevCa } from "@/dev/cluster/idp-login";
import { DEMO_PASSWORD } from "@/dev/idp/users";

// For the integration tests that need the app itself: production instances of Vigil (`next start`, from the
// build `next build` made), a small proxy that puts them behind one port on 127.0.0.1, and a sign-in through
// the app's real flow (next-auth, then the IdP's login form), driven by fetch as a browser would.

/**
 * A session cookie for `user` (`<user>@example.com`) in `groups`, sealed with the app's secret as a sign-in seals
 * it, valid for an hour. No refresh token: the IdP is never asked. For benchmarks and tests of what a signed-in
 * person is served, never of the sign-in itself.
 */
export async function sealedSessionCookie(
  secret: string,
  user: string,
  groups: readonly string[],
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = {
    sid: `sealed-${user}`,
    sub: user,
    username: `${user}@example.com`,
    name: user,
    groups: [...groups],
    idToken: "sealed",
    issuedAt: now,
    expiresAt: now + 3600,
  };
  return `next-auth.session-token=${await encode({ token, secret })}`;
}

export interface AppInstance {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (the kernel's choice), for instances behind the proxy. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(what: string, ok: () => Promise<boolean>, child: ChildProcess, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts `next start` on `port` with `env` added to this process's; resolves once /readyz answers 200. */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startApp(
  port: number,
  env: Record<string, string>,
  readyWithinMs = 120_000,
): Promise<AppInstance> {
  if (!existsSync(join(REPO_ROOT, ".next", "BUILD_ID"))) {
    throw new Error("the app is not built: run `next build` first (dev/scripts/test-integration.sh does)");
  }
  // A server left on the port by an earlier run would answer the readiness poll below in this one's place.
  if (await portAnswers(port)) {
    throw new Error(`port ${port} is in use (an app left by an earlier run?): stop what listens there first`);
  }
  // A production server, whatever the test runner set NODE_ENV to.
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env, PORT: String(port) }))
    if (v !== undefined) childEnv[k] = v;
  const child: ChildProcess = spawn(
    join(REPO_ROOT, "node_modules", ".bin", "next"),
    // As `npm start` runs it: idle connections kept 65 s, longer than a proxy's or a client's own keep-alive
    // (docs/deployment.md "Keep-alive").
    ["start", "-H", "127.0.0.1", "-p", String(port), "--keepAliveTimeout", "65000"],
    { cwd: REPO_ROOT, env: { ...childEnv, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  // Kept whole in .cluster/app-PORT.log, for a failing test's reader.
  mkdirSync(join(REPO_ROOT, ".cluster"), { recursive: true });
  const log = createWriteStream(join(REPO_ROOT, ".cluster", `app-${port}.log`));
  child.stderr?.on("data", (d: Buffer) => {
    log.write(d);
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `the app on port ${port}`,
      async () => (await fetch(`${url}/readyz`)).ok,
      child,
      readyWithinMs,
    );
  } catch (err) {
    child.kill("SIGTERM");
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export interface Proxy {
  /** Requests answered by each backend, in order. */
  served: number[];
  stop(): Promise<void>;
}

/**
 * Puts `backends` behind `port` on 127.0.0.1: each request goes to the next backend in turn, unless it carries
 * `x-test-backend: N`, which pins it to backend N (the tests use it to ask one instance in particular).
 */
export async function startProxy(port: number, backends: readonly string[]): Promise<Proxy> {
  const served = backends.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const pinned = Number(req.headers["x-test-backend"]);
    const i = Number.isInteger(pinned) && backends[pinned] ? pinned : next++ % backends.length;
    served[i] = (served[i] ?? 0) + 1;
    const target = new URL(req.url ?? "/", backends[i]);
    const headers = { ...req.headers };
    delete headers["x-test-backend"];
    const upstream = http.request(target, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", (err) => {
      res.writeHead(502).end(`proxy: ${err.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies per origin, as a browser keeps them (enough for next-auth and the IdP). */
class Jar {
  private readonly byOrigin = new Map<string, Map<string, string>>();
  store(url: URL, res: Response): void {
    const jar = this.byOrigin.get(url.host) ?? new Map<string, string>();
    this.byOrigin.set(url.host, jar);
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
      else jar.set(name, value);
    }
  }
  clone(): Jar {
    const copy = new Jar();
    for (const [origin, jar] of this.byOrigin) copy.byOrigin.set(origin, new Map(jar));
    return copy;
  }
  header(url: URL): string {
    return [...(this.byOrigin.get(url.host) ?? [])].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function go(jar: Jar, url: URL, init: RequestInit = {}): Promise<{ url: URL; res: Response }> {
  let at = url;
  let request = init;
  for (let hop = 0; hop < 12; hop++) {
    const res = await fetch(at, {
      ...request,
      redirect: "manual",
      headers: { ...(request.headers as Record<string, string> | undefined), cookie: jar.header(at) },
    });
    jar.store(at, res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      at = new URL(location, at);
      request = {};
      continue;
    }
    return { url: at, res };
  }
  throw new Error(`too many redirects from ${url.href}`);
}

/** A signed-in browser, as far as the tests need one: it keeps the cookies the app sets (refreshed sessions). */
export class AppSession {
  constructor(
    private readonly jar: Jar,
    readonly appUrl: string,
  ) {}

  /** GET `path`, following redirects; `backend` pins the request to one instance behind the proxy. */
  async get(path: string, backend?: number): Promise<{ status: number; url: string; text: string }> {
    const { url, res } = await go(this.jar, new URL(path, this.appUrl), {
      headers: backend === undefined ? {} : { "x-test-backend": String(backend) },
    });
    return { status: res.status, url: url.href, text: await res.text() };
  }

  /** Signs out at `backend` (the sign-out form's POST), without following the IdP's end-session redirect. */
  async signOut(backend?: number): Promise<number> {
    const url = new URL("/api/auth/logout", this.appUrl);
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: this.jar.header(url),
        origin: new URL(this.appUrl).origin,
        ...(backend === undefined ? {} : { "x-test-backend": String(backend) }),
      },
    });
    await res.body?.cancel();
    return res.status;
  }

  /** Another browser holding this one's cookies as they are now (a copy outlives a sign-out, as a stolen one would). */
  copy(): AppSession {
    return new AppSession(this.jar.clone(), this.appUrl);
  }
}

/**
 * Signs `user` in at the app on `appUrl` exactly as a browser does (next-auth's CSRF token and sign-in POST,
 * the IdP's login form, the callback).
 */
export async function signInThroughApp(appUrl: string, user: string): Promise<AppSession> {
  trustDevCa();
  const jar = new Jar();
  const csrfUrl = new URL("/api/auth/csrf", appUrl);
  const csrf = await go(jar, csrfUrl);
  const { csrfToken } = (await csrf.res.json()) as { csrfToken: string };
  const signIn = await go(jar, new URL("/api/auth/signin/oidc", appUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/`, json: "true" }).toString(),
  });
  const { url: authorize } = (await signIn.res.json()) as { url: string };
  const page = await go(jar, new URL(authorize));
  const html = await page.res.text();
  const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1];
  if (!action) throw new Error(`the IdP showed no login form (HTTP ${page.res.status} at ${page.url.href})`);
  const done = await go(jar, new URL(action.replaceAll("&amp;", "&"), page.url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: user, password: DEMO_PASSWORD }).toString(),
  });
  await done.res.body?.cancel();
  if (!/session-token/.test(jar.header(new URL(appUrl)))) {
    throw new Error(
      `signing ${user} in through the app failed (HTTP ${done.res.status} at ${done.url.href})`,
    );
  }
  return new AppSession(jar, appUrl);
}
