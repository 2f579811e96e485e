import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readAuthConfig } from "@/lib/auth/auth-config";
import { refreshSession } from "@/lib/auth/oidc-client";
import { resolveSession } from "@/lib/auth/resolve-session";
import { SessionStatus, type Introspect } from "@/lib/auth/session-status";
import type { VigilToken } from "@/lib/auth/session-token";
import { VigilError } from "@/lib/errors";

// Sign-out against the real IdP is in dev/idp/create-idp.test.ts; here the rules of the checks themselves.

const config = readAuthConfig({ NEXTAUTH_SECRET: "s".repeat(40), VIGIL_SESSION_RECHECK_SECONDS: "60" });
const token: VigilToken = {
  sid: "session-1",
  sub: "alice",
  username: "alice@example.com",
  name: "Alice",
  groups: [],
  idToken: "id-1",
  refreshToken: "rt-1",
  issuedAt: 1000,
  expiresAt: 4600,
};

function idp(answer: () => Promise<"active" | "ended" | "unknown">) {
  let calls = 0;
  const introspect: Introspect = () => {
    calls++;
    return answer();
  };
  return { introspect, calls: () => calls };
}

describe("the session status", () => {
  it("ends a signed-out session at once on this instance, without asking the IdP", async () => {
    const fake = idp(async () => "active");
    const status = new SessionStatus(fake.introspect, () => 0);
    status.markEnded(token);
    expect(await status.isEnded(token, config)).toBe(true);
    expect(fake.calls()).toBe(0);
    // Another session of the same user is not affected.
    expect(await status.isEnded({ ...token, sid: "session-2" }, config)).toBe(false);
  });

  it("ends it on another instance at its next check of the IdP, within the recheck interval", async () => {
    let now = 0;
    let active = true;
    const fake = idp(async () => (active ? "active" : "ended"));
    const other = new SessionStatus(fake.introspect, () => now);
    expect(await other.isEnded(token, config)).toBe(false);
    active = false; // sign-out elsewhere revoked the grant
    now = 59_000;
    expect(await other.isEnded(token, config)).toBe(false);
    expect(fake.calls()).toBe(1);
    now = 60_000;
    expect(await other.isEnded(token, config)).toBe(true);
    expect(await other.isEnded(token, config)).toBe(true);
    expect(fake.calls()).toBe(2);
  });

  it("keeps the session through an IdP outage, asking again only at the next interval", async () => {
    let now = 0;
    const fake = idp(async () => {
      throw new VigilError("unavailable", "down");
    });
    const status = new SessionStatus(fake.introspect, () => now);
    expect(await status.isEnded(token, config)).toBe(false);
    expect(await status.isEnded(token, config)).toBe(false);
    expect(fake.calls()).toBe(1);
    now = 61_000;
    await status.isEnded(token, config);
    expect(fake.calls()).toBe(2);
  });

  it("makes resolveSession refuse the old cookie", async () => {
    const status = new SessionStatus(
      async () => "active",
      () => 0,
    );
    const cookie = await encode({ token: { ...token }, secret: config.secret, maxAge: 3600 });
    const refresh = async (): Promise<VigilToken> => token;
    expect((await resolveSession(cookie, config, 2000, 3600, { refresh, status })).kind).toBe("valid");
    status.markEnded(token);
    expect(await resolveSession(cookie, config, 2000, 3600, { refresh, status })).toMatchObject({
      kind: "refused",
    });
  });
});

describe("a refresh answer", () => {
  const discovery = { issuer: "https://idp.test", token_endpoint: "https://idp.test/token" };
  const fetchWith = (status: number, body: unknown) =>
    (async (url: string | URL | Request) =>
      String(url).endsWith("openid-configuration")
        ? Response.json(discovery)
        : Response.json(body, { status })) as typeof fetch;
  const cfg = readAuthConfig({
    NEXTAUTH_SECRET: "s".repeat(40),
    OIDC_ISSUER: "https://idp.test",
    OIDC_CLIENT_ID: "c",
    OIDC_CLIENT_SECRET: "x",
  });

  async function codeOf(status: number, body: unknown): Promise<string | undefined> {
    try {
      await refreshSession(cfg, token, fetchWith(status, body));
      return undefined;
    } catch (err) {
      return err instanceof VigilError ? err.code : "other";
    }
  }

  it("that refuses the grant ends the session; an outage does not", async () => {
    expect(await codeOf(400, { error: "invalid_grant" })).toBe("unauthenticated");
    expect(await codeOf(401, { error: "invalid_client" })).toBe("unauthenticated");
    expect(await codeOf(503, {})).toBe("unavailable");
    expect(await codeOf(502, "<html>bad gateway</html>")).toBe("unavailable");
    expect(await codeOf(429, { error: "slow_down" })).toBe("unavailable");
  });
});
