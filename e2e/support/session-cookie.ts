import { decode, encode } from "next-auth/jwt";
import type { BrowserContext } from "@playwright/test";
import {
  chunkSessionCookie,
  readSessionCookie,
  sessionCookieName,
  sessionCookieNames,
} from "../../lib/auth/session-cookie";

// Reads and re-seals the app's session cookie with the run's NEXTAUTH_SECRET (playwright.config.ts sets it for
// the app and the workers), so a spec can put a session in any state, e.g. an ID token that has just expired,
// without waiting for it.

export const SESSION_COOKIE = sessionCookieName(false);

export type SessionToken = Record<string, unknown> & { idToken: string; issuedAt: number; expiresAt: number };

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set for the test workers (see playwright.config.ts)");
  return value;
}

export async function readSession(context: BrowserContext): Promise<SessionToken> {
  const value = readSessionCookie(await context.cookies(), SESSION_COOKIE);
  if (value === undefined) throw new Error("the browser holds no session cookie");
  const token = await decode({ token: value, secret: secret() });
  if (!token || typeof token.idToken !== "string") throw new Error("the session cookie does not decode");
  return token as SessionToken;
}

/** Replaces the session cookie with `token` sealed by the app's secret, as the app itself would write it. */
export async function writeSession(
  context: BrowserContext,
  baseURL: string,
  token: SessionToken,
): Promise<void> {
  const value = await encode({ token, secret: secret() });
  for (const name of sessionCookieNames(await context.cookies(), SESSION_COOKIE)) {
    await context.clearCookies({ name });
  }
  await context.addCookies(
    chunkSessionCookie(SESSION_COOKIE, value).map((c) => ({
      ...c,
      url: baseURL,
      httpOnly: true,
      sameSite: "Lax" as const,
    })),
  );
}
