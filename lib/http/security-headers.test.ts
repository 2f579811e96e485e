import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy, buildSecurityHeaders, createNonce } from "@/lib/http/security-headers";

const base = {
  nonce: "abc123",
  https: false,
  development: false,
  formActionOrigins: ["https://127.0.0.1:9400"],
};

describe("security headers", () => {
  it("allows scripts only by this request's nonce, and forbids framing", () => {
    const csp = buildContentSecurityPolicy(base);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("lets a form lead to the IdP, for sign-out through its end-session page", () => {
    expect(buildContentSecurityPolicy(base)).toContain("form-action 'self' https://127.0.0.1:9400");
  });

  it("adds eval only for the development server", () => {
    expect(buildContentSecurityPolicy({ ...base, development: true })).toContain("'unsafe-eval'");
  });

  it("sends nosniff and a referrer policy always, HSTS only over https", () => {
    const http = buildSecurityHeaders(base);
    expect(http["X-Content-Type-Options"]).toBe("nosniff");
    expect(http["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    const https = buildSecurityHeaders({ ...base, https: true });
    expect(https["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("makes a different 128-bit nonce each time", () => {
    const a = createNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });
});
