// What the sign-in page says after a redirect: next-auth's error codes and Vigil's own.

const BASE = "http://vigil.invalid";

/**
 * Where to go after sign-in: a path inside Vigil, never another origin. Browsers drop tabs and newlines from
 * URLs and read a backslash as a slash, so `/\t/evil:1/x` or `/\\evil` would leave Vigil: the value is read
 * with the WHATWG URL parser (the browser's own rules) against a placeholder origin, and only a result on that
 * origin is kept, re-serialised (percent-encoded, so no raw control character ever reaches a header).
 */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || raw.length > 2048) return "/";
  // Only a path: no scheme, no protocol-relative URL, even after whitespace and backslashes are normalised.
  const cleaned = raw.replace(
    /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g,
    "",
  );
  const slashed = cleaned.replace(/\\/g, "/");
  if (!slashed.startsWith("/") || slashed.startsWith("//")) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/signin")) return "/";
  return path;
}

export function signInMessage(
  error: string | undefined,
  signedOut: boolean,
): { kind: "error" | "info"; text: string } | undefined {
  if (error === "SessionExpired")
    return { kind: "info", text: "Your session has ended. Sign in again to continue." };
  if (error === "AccessDenied") return { kind: "error", text: "The identity provider refused the sign-in." };
  if (error)
    return {
      kind: "error",
      text: "Sign-in failed. Try again, or ask your administrator if it keeps failing.",
    };
  if (signedOut) return { kind: "info", text: "You are signed out." };
  return undefined;
}
