import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { join } from "node:path";
import Provider, { type Configuration, type KoaContext, type ProviderContext } from "oidc-provider";
import { ensureCa, ensureLeaf } from "@/dev/pki";
import {
  pageCsp,
  renderErrorPage,
  renderLoginPage,
  renderLogoutPage,
  renderSignedOutPage,
} from "@/dev/idp/pages";
import { authenticateDemoUser, findDemoUser } from "@/dev/idp/users";

// The embedded OIDC provider of the demo and the tests (docs/architecture.md "Authentication"): oidc-provider over https
// with the local CA, fixed demo users, no consent page for the demo client, refresh tokens, end-session.

export const DEMO_CLIENT_ID = "vigil";
export const DEMO_CLIENT_SECRET = "vigil-demo-secret";
export const DEFAULT_IDP_PORT = 9400;

export interface IdpOptions {
  port: number;
  /** Where the CA, the TLS key and the signing keys are kept (git-ignored). */
  stateDir: string;
  /** Origins of the Vigil app allowed as redirect targets, e.g. http://localhost:3000. */
  appOrigins: readonly string[];
  /** Lifetime of ID and access tokens, in seconds: short in the tests that exercise refresh. */
  idTokenTtlSeconds: number;
}

export interface RunningIdp {
  issuer: string;
  caCertPath: string;
  server: Server;
  close(): Promise<void>;
}

/** Reads the IdP settings from the environment, with the fixed defaults others rely on. */
export function idpOptionsFromEnv(env: NodeJS.ProcessEnv, stateDir: string): IdpOptions {
  const port = Number(env.VIGIL_IDP_PORT ?? DEFAULT_IDP_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`VIGIL_IDP_PORT is not a port: ${env.VIGIL_IDP_PORT}`);
  const ttl = Number(env.VIGIL_IDP_ID_TOKEN_TTL ?? 3600);
  if (!Number.isInteger(ttl) || ttl < 5)
    throw new Error(`VIGIL_IDP_ID_TOKEN_TTL must be a whole number of seconds >= 5`);
  const appPort = env.PORT ?? "3000";
  const appOrigins = env.VIGIL_IDP_APP_ORIGINS
    ? env.VIGIL_IDP_APP_ORIGINS.split(",")
        .map((o) => o.trim().replace(/\/+$/, ""))
        .filter((o) => o !== "")
    : [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`];
  return { port, stateDir, appOrigins, idTokenTtlSeconds: ttl };
}

function loadOrCreate<T>(path: string, create: () => T): T {
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as T;
  const value = create();
  writeFileSync(path, JSON.stringify(value), { mode: 0o600 });
  return value;
}

function readBody(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string, nonce?: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Security-Policy", pageCsp(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cache-Control", "no-store");
  res.end(html);
}

function setPageHeaders(ctx: KoaContext, nonce?: string): void {
  ctx.type = "html";
  ctx.set("Content-Security-Policy", pageCsp(nonce));
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.set("Cache-Control", "no-store");
}

export async function startIdp(options: IdpOptions): Promise<RunningIdp> {
  if (process.env.NODE_ENV === "production") {
    throw new Error(
      "the embedded demo IdP refuses to start with NODE_ENV=production: use your organisation's IdP",
    );
  }
  const issuer = `https://127.0.0.1:${options.port}`;
  const ca = ensureCa(options.stateDir);
  const tls = ensureLeaf(options.stateDir, "idp", ca, {
    commonName: "Vigil demo IdP",
    dnsNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
    usage: "server",
  });
  const jwks = loadOrCreate(join(options.stateDir, "idp-jwks.json"), () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return {
      keys: [
        {
          ...privateKey.export({ format: "jwk" }),
          kid: randomBytes(8).toString("hex"),
          use: "sig",
          alg: "RS256",
        },
      ],
    };
  });
  const cookieKeys = loadOrCreate(join(options.stateDir, "idp-cookie-keys.json"), () => [
    randomBytes(32).toString("hex"),
  ]);
  const ttl = options.idTokenTtlSeconds;

  const configuration: Configuration = {
    clients: [
      {
        client_id: DEMO_CLIENT_ID,
        client_secret: DEMO_CLIENT_SECRET,
        client_name: "Vigil",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: options.appOrigins.map((o) => `${o}/api/auth/callback/oidc`),
        post_logout_redirect_uris: options.appOrigins.map((o) => `${o}/signin?signed-out=1`),
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks,
    cookies: { keys: cookieKeys },
    scopes: ["openid", "offline_access", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    // Without this, authorization-code ID tokens carry only `sub` (oidc-provider's conformIdTokenClaims).
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const user = findDemoUser(sub);
      if (!user) return undefined;
      return {
        accountId: user.username,
        claims: () => ({
          sub: user.username,
          name: user.name,
          preferred_username: user.username,
          email: user.email,
          email_verified: true,
          groups: [...user.groups],
        }),
      };
    },
    // The demo client is first party: grant what it asks for without a consent page.
    async loadExistingGrant(ctx: ProviderContext) {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      if (client.clientId !== DEMO_CLIENT_ID) return undefined;
      const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope("openid email profile groups offline_access");
      await grant.save();
      return grant;
    },
    // Refresh tokens for the demo client without `offline_access` (which would need a consent prompt);
    // they end with the IdP session, so signing out at the IdP also stops refreshing.
    async issueRefreshToken(_ctx, client) {
      return client.clientId === DEMO_CLIENT_ID && client.grantTypeAllowed("refresh_token");
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      // Vigil's replicas ask whether a session's grant still lives (sign-out revokes it).
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContext, form: string) {
          const nonce = randomBytes(16).toString("base64");
          setPageHeaders(ctx, nonce);
          ctx.body = renderLogoutPage(form, nonce);
        },
        async postLogoutSuccessSource(ctx: KoaContext) {
          setPageHeaders(ctx);
          ctx.body = renderSignedOutPage();
        },
      },
    },
    ttl: {
      IdToken: ttl,
      AccessToken: ttl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
      RefreshToken: 24 * 3600,
    },
    async renderError(ctx, out) {
      setPageHeaders(ctx);
      ctx.body = renderErrorPage(out);
    },
  };

  const provider = new Provider(issuer, configuration);
  const grantCounts: Record<string, number> = {};
  provider.on("grant.success", (ctx) => {
    const grantType = (ctx as { oidc?: { params?: { grant_type?: unknown } } }).oidc?.params?.grant_type;
    const key = typeof grantType === "string" ? grantType : "unknown";
    grantCounts[key] = (grantCounts[key] ?? 0) + 1;
  });
  const providerCallback = provider.callback();

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    action?: string,
  ): Promise<void> {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendHtml(
        res,
        400,
        renderErrorPage({ error: "This sign-in attempt has expired. Go back to Vigil and sign in again." }),
      );
      return;
    }
    if (details.uid !== uid) {
      sendHtml(
        res,
        400,
        renderErrorPage({
          error: "This sign-in attempt does not match. Go back to Vigil and sign in again.",
        }),
      );
      return;
    }
    const clientName = "Vigil";
    const loginAction = `/interaction/${encodeURIComponent(uid)}/login`;
    if (details.prompt.name === "login") {
      if (req.method === "POST" && action === "login") {
        const form = await readBody(req);
        const username = form.get("username") ?? "";
        const user = authenticateDemoUser(username, form.get("password") ?? "");
        if (!user) {
          sendHtml(
            res,
            401,
            renderLoginPage({
              action: loginAction,
              clientName,
              username,
              error: "Wrong username or password. Try again.",
            }),
          );
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: user.username } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      sendHtml(res, 200, renderLoginPage({ action: loginAction, clientName }));
      return;
    }
    // A consent prompt only appears for a scope the demo grant lacks: grant it for the demo client.
    const accountId = details.session?.accountId;
    if (details.prompt.name === "consent" && accountId && details.params.client_id === DEMO_CLIENT_ID) {
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
      const g = grant ?? new provider.Grant({ accountId, clientId: DEMO_CLIENT_ID });
      const missingScope = details.prompt.details.missingOIDCScope;
      if (Array.isArray(missingScope)) g.addOIDCScope(missingScope.join(" "));
      const missingClaims = details.prompt.details.missingOIDCClaims;
      if (Array.isArray(missingClaims)) g.addOIDCClaims(missingClaims.map(String));
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await g.save() } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    sendHtml(res, 400, renderErrorPage({ error: `Unsupported interaction: ${details.prompt.name}` }));
  }

  const server = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(url.pathname);
    if (match?.[1]) {
      interaction(req, res, match[1], match[2]).catch((err: unknown) => {
        console.error("idp interaction failed:", err instanceof Error ? err.message : err);
        if (!res.headersSent)
          sendHtml(
            res,
            500,
            renderErrorPage({ error: "The sign-in failed. Go back to Vigil and sign in again." }),
          );
      });
      return;
    }
    if (url.pathname === "/dev/grant-counts" && req.method === "GET") {
      // For the end-to-end tests: how many token grants of each type (refresh_token, ...) were issued.
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(grantCounts));
      return;
    }
    providerCallback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    caCertPath: ca.cert,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
