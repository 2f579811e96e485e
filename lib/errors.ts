// Errors with a stable `code`, mapped to an HTTP status and a CLI exit code in exactly one place
// (docs/development.md "Conventions"). Tests assert on the code, never on the message.

export type ErrorCode =
  | "bad-input" // a value the user gave is malformed (a flag, a query parameter, a YAML text)
  | "unreadable-path" // a manifest path does not exist or cannot be read
  | "invalid-manifest" // a manifest cannot be parsed at all
  | "unauthenticated"
  | "forbidden"
  | "method-not-allowed"
  | "not-found"
  | "unavailable" // the cluster or the IdP did not answer
  | "internal";

export class VigilError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "VigilError";
  }
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  "bad-input": 400,
  "unreadable-path": 400,
  "invalid-manifest": 400,
  unauthenticated: 401,
  forbidden: 403,
  "method-not-allowed": 405,
  "not-found": 404,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(err: unknown): number {
  return err instanceof VigilError ? HTTP_STATUS[err.code] : 500;
}

/** The `vigil` command: 2 for anything the user can fix by changing the input, 1 otherwise. */
export function exitCodeOf(err: unknown): number {
  if (!(err instanceof VigilError)) return 1;
  return err.code === "bad-input" || err.code === "unreadable-path" || err.code === "invalid-manifest"
    ? 2
    : 1;
}

/** What a user may see of an error: its message for ours, a generic sentence for anything unexpected. */
export function publicMessageOf(err: unknown): string {
  return err instanceof VigilError ? err.message : "internal error";
}
