import { describe, expect, it } from "vitest";
import { safeCallbackUrl, signInMessage } from "@/app/signin/sign-in-messages";

describe("the sign-in page", () => {
  it("returns only to paths inside Vigil after sign-in", () => {
    expect(safeCallbackUrl("/access?ns=g04")).toBe("/access?ns=g04");
    expect(safeCallbackUrl("https://evil.example/")).toBe("/");
    expect(safeCallbackUrl("//evil.example/")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
    expect(safeCallbackUrl(undefined)).toBe("/");
    expect(safeCallbackUrl(["/network", "/x"])).toBe("/network");
    expect(safeCallbackUrl("/signin")).toBe("/");
  });

  it("never leaves Vigil for a path hiding a host behind whitespace or a backslash", () => {
    // The query parameter arrives decoded: %09 is a tab, %0A a newline, %0D a carriage return.
    for (const attack of [
      "/\t/127.0.0.1:39999/phish",
      "/\n/127.0.0.1:39999/phish",
      "/\r/127.0.0.1:39999/phish",
      "/\u3000/127.0.0.1:39999/phish",
      "/ /127.0.0.1:39999/phish",
      "\\\\127.0.0.1:39999/phish",
      "/\\/127.0.0.1:39999/phish",
      "\t//127.0.0.1:39999/phish",
      "javascript:alert(1)",
      "/\t/signin",
    ]) {
      const kept = safeCallbackUrl(attack);
      expect(new URL(kept, "http://vigil.test").origin, JSON.stringify(attack)).toBe("http://vigil.test");
      expect(kept).toMatch(/^\/(?!\/)/);
      // Nothing a Location header would refuse (the 500 the raw newline caused).
      expect(kept).not.toMatch(/[\u0000-\u0020\u007f-\uffff]/);
    }
  });

  it("keeps a same-origin path with odd characters, percent-encoded", () => {
    expect(safeCallbackUrl("/network?ns=g04#x")).toBe("/network?ns=g04#x");
    expect(safeCallbackUrl("/access\u3000x")).toBe("/access%E3%80%80x");
  });

  it("explains an ended session, a failed sign-in and a sign-out", () => {
    expect(signInMessage("SessionExpired", false)?.kind).toBe("info");
    expect(signInMessage("OAuthCallback", false)).toMatchObject({ kind: "error" });
    expect(signInMessage(undefined, true)).toEqual({ kind: "info", text: "You are signed out." });
    expect(signInMessage(undefined, false)).toBeUndefined();
  });
});
