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

  it("explains an ended session, a failed sign-in and a sign-out", () => {
    expect(signInMessage("SessionExpired", false)?.kind).toBe("info");
    expect(signInMessage("OAuthCallback", false)).toMatchObject({ kind: "error" });
    expect(signInMessage(undefined, true)).toEqual({ kind: "info", text: "You are signed out." });
    expect(signInMessage(undefined, false)).toBeUndefined();
  });
});
