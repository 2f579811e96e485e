// Reading the local control plane's audit log (one JSON event per line, policy level Metadata) to prove what
// Vigil's identities did: only get, list and watch, or creating a SubjectAccessReview; and what the API
// server decided for them.

export interface AuditEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  objectRef?: {
    resource?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
  };
  responseStatus?: { code?: number };
  annotations?: Record<string, string>;
}

/** Parses the log's lines; a line cut short by a concurrent write is ignored. */
export function parseAuditLog(text: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const event = JSON.parse(line) as AuditEvent;
      if (typeof event.verb === "string" && typeof event.user?.username === "string") events.push(event);
    } catch {
      // A partial last line: the next read will have it whole.
    }
  }
  return events;
}

/** What a read-only identity may do: read, and ask the API server about someone else's access. */
export function isReadOnlyRequest(e: AuditEvent): boolean {
  if (e.verb === "get" || e.verb === "list" || e.verb === "watch") return true;
  return (
    e.verb === "create" &&
    e.objectRef?.apiGroup === "authorization.k8s.io" &&
    e.objectRef.resource === "subjectaccessreviews" &&
    e.objectRef.subresource === undefined
  );
}

/** Every event of these users that was not read-only: must be empty. */
export function writesBy(events: readonly AuditEvent[], users: readonly string[]): AuditEvent[] {
  return events.filter((e) => users.includes(e.user.username) && !isReadOnlyRequest(e));
}

/** The API server's authorization decision recorded for an event ("allow" or "forbid"). */
export function decisionOf(e: AuditEvent): string | undefined {
  return e.annotations?.["authorization.k8s.io/decision"];
}

export function describeEvent(e: AuditEvent): string {
  return `${e.user.username} ${e.verb} ${e.requestURI} -> ${e.responseStatus?.code ?? "?"} (${decisionOf(e) ?? "no decision"})`;
}
