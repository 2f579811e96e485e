// The session cookie as next-auth 4 writes it: `next-auth.session-token`, with the `__Secure-` prefix when
// the app is served over https, and split into `.0`, `.1`, ... chunks when the value is too long for one
// cookie (next-auth core/lib/cookie.js: 4096 bytes minus an estimated 163 for the attributes).

interface CookiePair {
  name: string;
  value: string;
}

const CHUNK_SIZE = 4096 - 163;

export function sessionCookieName(https: boolean): string {
  return `${https ? "__Secure-" : ""}next-auth.session-token`;
}

function chunkIndex(cookieName: string, name: string): number | undefined {
  if (name === cookieName) return -1;
  const m = /^\.(\d+)$/.exec(name.slice(cookieName.length));
  return name.startsWith(cookieName) && m?.[1] !== undefined ? Number(m[1]) : undefined;
}

/** The names of every cookie that belongs to the session (the whole one and its chunks). */
export function sessionCookieNames(cookies: readonly CookiePair[], cookieName: string): string[] {
  return cookies.filter((c) => chunkIndex(cookieName, c.name) !== undefined).map((c) => c.name);
}

/** The session value, joined from its chunks in order; undefined when there is none. */
export function readSessionCookie(cookies: readonly CookiePair[], cookieName: string): string | undefined {
  const parts = cookies
    .map((c) => ({ index: chunkIndex(cookieName, c.name), value: c.value }))
    .filter((p): p is { index: number; value: string } => p.index !== undefined)
    .sort((a, b) => a.index - b.index);
  if (parts.length === 0) return undefined;
  const whole = parts.find((p) => p.index === -1);
  // A whole cookie wins over stale chunks, as in next-auth.
  return whole ? whole.value : parts.map((p) => p.value).join("");
}

/** The cookies to write for a session value: one when it fits, chunks otherwise. */
export function chunkSessionCookie(cookieName: string, value: string): CookiePair[] {
  if (value.length <= CHUNK_SIZE) return [{ name: cookieName, value }];
  const chunks: CookiePair[] = [];
  for (let i = 0; i * CHUNK_SIZE < value.length; i++) {
    chunks.push({ name: `${cookieName}.${i}`, value: value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE) });
  }
  return chunks;
}
