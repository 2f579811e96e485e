// What the sign-in page says after a redirect: next-auth's error codes and Vigil's own.

export function safeCallbackUrl(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  // Only paths inside Vigil: never another origin, never a protocol-relative URL.
  if (!url || !url.startsWith("/") || url.startsWith("//") || url.startsWith("/\\")) return "/";
  if (url.startsWith("/signin")) return "/";
  return url;
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
