// Errors with a stable `code`, mapped to an HTTP status and a CLI exit code in exactly one place
// (docs/development.md "Conventions"). Tests assert on the code, never on the message.

export type ErrorCode =
  | "bad-input" // a value the user gave is malformed (a flag, a query parameter, a YAML text)
  | "unreadable-path" // a manifest path does not exist or cannot be read
  | "invalid-manifest" // a manifest cannot be parsed at all
  | "too-large" // an input (or the answer it would need) is over one of Vigil's documented bounds
  | "unauthenticated"
  | "forbidden"
  | "method-not-allowed"
  | "not-found"
  | "rate-limited" // this viewer has used up a budget (concurrency or CPU); try again later
  | "unavailable" // the cluster or the IdP did not answer
  | "internal";

export class VigilError extends Error {
  readonly code: ErrorCode;
  /** Seconds after which a rate-limited request may be tried again (the Retry-After header). */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.code = code;
    this.name = "VigilError";
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** The one refusal of a request that carries no valid session (the proxy, the route wrapper, the pages). */
export function unauthenticatedError(): VigilError {
  return new VigilError("unauthenticated", "sign in first: this request carries no valid session");
}

/** The one refusal of a writing method: Vigil is read-only. */
export function methodNotAllowedError(method: string): VigilError {
  return new VigilError("method-not-allowed", `${method} is not allowed: Vigil is read-only`);
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  "bad-input": 400,
  "unreadable-path": 400,
  "invalid-manifest": 400,
  "too-large": 413,
  unauthenticated: 401,
  forbidden: 403,
  "method-not-allowed": 405,
  "not-found": 404,
  "rate-limited": 429,
  unavailable: 503,
  internal: 500,
};

/** The CLI: 2 for anything the user can fix by changing the input, 1 otherwise. */
const EXIT_CODE: Record<ErrorCode, number> = {
  "bad-input": 2,
  "unreadable-path": 2,
  "invalid-manifest": 2,
  "too-large": 2,
  unauthenticated: 1,
  forbidden: 1,
  "method-not-allowed": 1,
  "not-found": 1,
  "rate-limited": 1,
  unavailable: 1,
  internal: 1,
};

function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof VigilError ? err.code : "internal";
}

export function httpStatusOf(err: unknown): number {
  return HTTP_STATUS[errorCodeOf(err)];
}

export function exitCodeOf(err: unknown): number {
  return EXIT_CODE[errorCodeOf(err)];
}

/** What a user may see of an error: its message for ours, a generic sentence for anything unexpected. */
export function publicMessageOf(err: unknown): string {
  return err instanceof VigilError ? err.message : "internal error";
}

/** The JSON body of every error answer: `{"error": {"code", "message"}}`. */
export function errorBodyOf(err: unknown): { error: { code: ErrorCode; message: string } } {
  return { error: { code: errorCodeOf(err), message: publicMessageOf(err) } };
}

/** The headers an error answer needs beyond its body: Allow for 405, Retry-After for 429. */
function errorHeadersOf(err: unknown): Record<string, string> {
  const code = errorCodeOf(err);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (code === "method-not-allowed") headers.Allow = "GET, HEAD";
  if (err instanceof VigilError && err.retryAfterSeconds !== undefined) {
    headers["Retry-After"] = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
  }
  return headers;
}

/** The one way Vigil answers an error over HTTP (the proxy, the route wrapper, the sign-out route). */
export function errorResponseOf(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(errorBodyOf(err)), {
    status: httpStatusOf(err),
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      ...errorHeadersOf(err),
      ...extraHeaders,
    },
  });
}
