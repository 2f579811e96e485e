import "server-only";
import { cookies } from "next/headers";
import { authConfig } from "@/lib/auth/auth-options";
import { isHttpsUrl } from "@/lib/auth/auth-config";
import { decodeSessionCookie } from "@/lib/auth/resolve-session";
import { readSessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import type { VigilToken } from "@/lib/auth/session-token";

// The signed-in user of the current request, read from the encrypted session cookie. proxy.ts has already
// refused invalid sessions and refreshed expiring ones; this is the second, independent check.

export interface Viewer {
  name: string;
  email?: string;
  groups: string[];
}

/** The session token (with the ID token, for token mode), or null when the request has no valid session. */
export async function readSessionToken(): Promise<VigilToken | null> {
  const config = authConfig();
  const jar = await cookies();
  const value = readSessionCookie(jar.getAll(), sessionCookieName(isHttpsUrl(config.appUrl)));
  if (!value) return null;
  const token = await decodeSessionCookie(value, config.secret);
  if (!token || Date.now() / 1000 >= token.expiresAt) return null;
  return token;
}

export function viewerOf(token: VigilToken): Viewer {
  return { name: token.username, ...(token.email ? { email: token.email } : {}), groups: [...token.groups] };
}
