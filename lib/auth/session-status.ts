import { createHash } from "node:crypto";
import type { AuthConfig } from "@/lib/auth/auth-config";
import { introspectSession } from "@/lib/auth/oidc-client";
import type { VigilToken } from "@/lib/auth/session-token";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-max-age";

// Whether a session has been ended by sign-out (docs/security.md "How sessions end"). The session is a sealed
// cookie, so a copy of it outlives the browser's: sign-out must end it where it is checked.
// - On the replica that handled the sign-out: at once, from the set of ended session ids kept here.
// - On every other replica, without shared state: the IdP is asked (RFC 7662 introspection of the session's
//   refresh token, which sign-out revoked) at most every VIGIL_SESSION_RECHECK_SECONDS (default 60, at most
//   300); an answer of "inactive" ends the session there too.
// An IdP that does not answer is no proof of sign-out: the last answer stands (docs/security.md says so).

export type Introspect = (config: AuthConfig, token: VigilToken) => Promise<"active" | "ended" | "unknown">;

/** Vigil's session id; for a cookie sealed before ids existed, a digest of its refresh (or ID) token. */
function sessionIdOf(token: VigilToken): string {
  return (
    token.sid ??
    createHash("sha256")
      .update(token.refreshToken ?? token.idToken)
      .digest("hex")
  );
}

const MAX_ENTRIES = 100_000;

export class SessionStatus {
  /** Ended session ids, until their cookie could no longer be valid anyway (ms). */
  private readonly ended = new Map<string, number>();
  private readonly checked = new Map<string, { at: number; pending?: Promise<boolean> }>();

  constructor(
    private readonly introspect: Introspect = introspectSession,
    private readonly clock: () => number = Date.now,
  ) {}

  markEnded(token: VigilToken): void {
    const now = this.clock();
    this.ended.set(sessionIdOf(token), now + SESSION_MAX_AGE_SECONDS * 1000);
    this.checked.delete(sessionIdOf(token));
    if (this.ended.size > MAX_ENTRIES) {
      for (const [k, until] of this.ended) if (until <= now) this.ended.delete(k);
      // Still too many live entries: drop the oldest (they have the least time left to be abused).
      for (const k of this.ended.keys()) {
        if (this.ended.size <= MAX_ENTRIES) break;
        this.ended.delete(k);
      }
    }
  }

  /** True when the session was signed out here, or the IdP says its grant is over. */
  async isEnded(token: VigilToken, config: AuthConfig): Promise<boolean> {
    const id = sessionIdOf(token);
    const now = this.clock();
    const until = this.ended.get(id);
    if (until !== undefined) {
      if (until > now) return true;
      this.ended.delete(id);
    }
    const last = this.checked.get(id);
    if (last?.pending) return last.pending;
    if (last && now - last.at < config.sessionRecheckSeconds * 1000) return false;
    const pending = this.introspect(config, token).then(
      (status) => {
        this.checked.set(id, { at: this.clock() });
        if (status === "ended") {
          this.markEnded(token);
          return true;
        }
        return false;
      },
      () => {
        // An outage: keep the session, and ask again at the next interval rather than on every request.
        this.checked.set(id, { at: this.clock() });
        return false;
      },
    );
    this.checked.set(id, { at: last?.at ?? 0, pending });
    if (this.checked.size > MAX_ENTRIES) {
      const oldest = this.checked.keys().next().value;
      if (oldest !== undefined && oldest !== id) this.checked.delete(oldest);
    }
    return pending;
  }
}

// One per process: Next.js may load the proxy and the route handlers as separate module graphs, and sign-out
// (a route) must be seen at once by the proxy of the same instance.
const KEY = Symbol.for("vigil.sessionStatus");
const holder = globalThis as { [KEY]?: SessionStatus };

export function sharedSessionStatus(): SessionStatus {
  holder[KEY] ??= new SessionStatus();
  return holder[KEY];
}
