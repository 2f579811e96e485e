import { describe, expect, it } from "vitest";
import { readAuthConfig } from "@/lib/auth/auth-config";

const secret = "x".repeat(32);

describe("readAuthConfig", () => {
  it("defaults to the embedded demo IdP and its client when no issuer is set", () => {
    expect(readAuthConfig({ NEXTAUTH_SECRET: secret })).toMatchObject({
      issuer: "https://127.0.0.1:9400",
      clientId: "vigil",
      clientSecret: "vigil-demo-secret",
      groupsClaim: "groups",
      usernameClaim: "email",
      appUrl: "http://localhost:3000",
      demo: true,
    });
  });

  it("treats empty variables as absent", () => {
    expect(
      readAuthConfig({ NEXTAUTH_SECRET: secret, OIDC_ISSUER: "", OIDC_GROUPS_CLAIM: " " }),
    ).toMatchObject({
      issuer: "https://127.0.0.1:9400",
      groupsClaim: "groups",
      demo: true,
    });
  });

  it("follows VIGIL_IDP_PORT and PORT for the demo", () => {
    const c = readAuthConfig({ NEXTAUTH_SECRET: secret, VIGIL_IDP_PORT: "9500", PORT: "3100" });
    expect(c.issuer).toBe("https://127.0.0.1:9500");
    expect(c.appUrl).toBe("http://localhost:3100");
  });

  it("uses a real IdP's settings as given", () => {
    const c = readAuthConfig({
      NEXTAUTH_SECRET: secret,
      OIDC_ISSUER: "https://sso.example.com/realms/k8s/",
      OIDC_CLIENT_ID: "vigil-prod",
      OIDC_CLIENT_SECRET: "s",
      OIDC_GROUPS_CLAIM: "realm_access.roles",
      NEXTAUTH_URL: "https://vigil.example.com/",
    });
    expect(c).toMatchObject({
      issuer: "https://sso.example.com/realms/k8s",
      clientId: "vigil-prod",
      groupsClaim: "realm_access.roles",
      appUrl: "https://vigil.example.com",
      demo: false,
    });
  });

  it("refuses a real issuer without client credentials, a plain-http issuer, and a short secret", () => {
    expect(() => readAuthConfig({ NEXTAUTH_SECRET: secret, OIDC_ISSUER: "https://sso" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
    expect(() =>
      readAuthConfig({
        NEXTAUTH_SECRET: secret,
        OIDC_ISSUER: "http://sso",
        OIDC_CLIENT_ID: "a",
        OIDC_CLIENT_SECRET: "b",
      }),
    ).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() => readAuthConfig({ NEXTAUTH_SECRET: "short" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
    expect(() => readAuthConfig({})).toThrow(expect.objectContaining({ code: "bad-input" }));
  });
});
