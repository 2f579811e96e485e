// Response headers that every page and route of Vigil carries (set in proxy.ts): a Content-Security-Policy
// with a per-request nonce for Next.js's scripts, no framing, no MIME sniffing, a strict referrer policy,
// and HSTS when served over https.

interface SecurityHeaderInput {
  nonce: string;
  https: boolean;
  /** `next dev` needs eval for its fast refresh; production never does. */
  development: boolean;
  /** Origins a form may lead to: sign-out posts to Vigil, which redirects to the IdP's end-session page. */
  formActionOrigins: readonly string[];
}

export function buildContentSecurityPolicy(input: SecurityHeaderInput): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${input.nonce}' 'strict-dynamic'${input.development ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes; styles cannot run code, so inline styles stay allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${input.development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${input.formActionOrigins.map((o) => ` ${o}`).join("")}`,
    "frame-ancestors 'none'",
    ...(input.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function buildSecurityHeaders(input: SecurityHeaderInput): Record<string, string> {
  return {
    "Content-Security-Policy": buildContentSecurityPolicy(input),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(input.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
