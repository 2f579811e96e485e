import { describe, expect, it } from "vitest";
import { asVigilToken, publicSession, tokenFromIdToken } from "@/lib/auth/session-token";
import { VigilError } from "@/lib/errors";

function idToken(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part(claims)}.sig`;
}

const names = { groupsClaim: "groups", usernameClaim: "email" };
const alice = {
  sub: "alice",
  name: "Alice",
  email: "alice@example.com",
  email_verified: true,
  groups: ["team-frontend"],
  iat: 100,
  exp: 3700,
};

describe("the session token", () => {
  it("keeps subject, user name, e-mail, groups and the ID token's times", () => {
    const token = tokenFromIdToken(idToken(alice), "rt", names);
    expect(token).toMatchObject({
      sub: "alice",
      username: "alice@example.com",
      name: "Alice",
      email: "alice@example.com",
      groups: ["team-frontend"],
      refreshToken: "rt",
      issuedAt: 100,
      expiresAt: 3700,
    });
  });

  it("refuses an unverified e-mail address as the user name, unless the operator trusts the claim", () => {
    const unverified = idToken({ ...alice, email_verified: false });
    let caught: unknown;
    try {
      tokenFromIdToken(unverified, undefined, names);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VigilError);
    expect((caught as VigilError).code).toBe("unauthenticated");
    expect(() =>
      tokenFromIdToken(idToken({ ...alice, email_verified: undefined }), undefined, names),
    ).toThrow(VigilError);
    expect(tokenFromIdToken(unverified, undefined, { ...names, trustUnverifiedEmail: true }).username).toBe(
      "alice@example.com",
    );
    // The user name from another claim needs no verified e-mail.
    expect(tokenFromIdToken(unverified, undefined, { ...names, usernameClaim: "sub" }).username).toBe(
      "alice",
    );
  });

  it("gives each sign-in its own session id and keeps a given one (a refresh)", () => {
    const a = tokenFromIdToken(idToken(alice), "rt", names);
    const b = tokenFromIdToken(idToken(alice), "rt", names);
    expect(a.sid).toBeTruthy();
    expect(a.sid).not.toBe(b.sid);
    expect(tokenFromIdToken(idToken(alice), "rt2", names, a.sid).sid).toBe(a.sid);
    expect(asVigilToken(a)?.sid).toBe(a.sid);
  });

  it("takes the user name from the configured claim, falling back to the subject", () => {
    expect(tokenFromIdToken(idToken(alice), undefined, { ...names, usernameClaim: "sub" }).username).toBe(
      "alice",
    );
    expect(tokenFromIdToken(idToken({ sub: "u1", exp: 10 }), undefined, names).username).toBe("u1");
  });

  it("refuses a malformed ID token or one without subject or expiry, with the unauthenticated code", () => {
    for (const bad of ["not-a-jwt", "a.b", idToken({ exp: 1 }), idToken({ sub: "x" }), "a.!!!.c"]) {
      let caught: unknown;
      try {
        tokenFromIdToken(bad, undefined, names);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(VigilError);
      expect((caught as VigilError).code).toBe("unauthenticated");
    }
  });

  it("shows the browser name, e-mail and groups only, never a token", () => {
    const session = publicSession(tokenFromIdToken(idToken(alice), "secret-refresh", names));
    expect(session).toEqual({
      user: { name: "Alice", email: "alice@example.com", groups: ["team-frontend"] },
    });
    expect(JSON.stringify(session)).not.toMatch(/secret-refresh|sig/);
  });

  it("recognises only complete Vigil tokens", () => {
    const token = tokenFromIdToken(idToken(alice), "rt", names);
    expect(asVigilToken({ ...token, iat: 1, exp: 2, jti: "x" })).toEqual(token);
    expect(asVigilToken({ ...token, groups: [1] })).toBeUndefined();
    expect(asVigilToken({ name: "x", email: "y" })).toBeUndefined();
    expect(asVigilToken(null)).toBeUndefined();
  });
});
