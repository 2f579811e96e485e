import { describe, expect, it } from "vitest";
import {
  decisionOf,
  isReadOnlyRequest,
  parseAuditLog,
  writesBy,
  type AuditEvent,
} from "@/dev/cluster/audit-log";

// The audit-log checks of the integration suite must be able to fail: fed a log with a write, or with a
// subresource create, they report it.

function event(partial: Partial<AuditEvent> & Pick<AuditEvent, "verb">): AuditEvent {
  return {
    auditID: "1",
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/g04/pods",
    user: { username: "alice@example.com" },
    ...partial,
  };
}

describe("audit log checks", () => {
  it("accepts reads and SubjectAccessReview creations as read-only", () => {
    expect(isReadOnlyRequest(event({ verb: "list" }))).toBe(true);
    expect(isReadOnlyRequest(event({ verb: "watch" }))).toBe(true);
    expect(
      isReadOnlyRequest(
        event({
          verb: "create",
          objectRef: { apiGroup: "authorization.k8s.io", resource: "subjectaccessreviews" },
        }),
      ),
    ).toBe(true);
  });

  it("reports any other verb, and creates of anything else, by the watched users only", () => {
    const log = [
      event({ verb: "list" }),
      event({ verb: "delete", requestURI: "/api/v1/namespaces/g04/pods/web" }),
      event({ verb: "create", objectRef: { resource: "pods", subresource: "exec" } }),
      event({
        verb: "create",
        objectRef: { apiGroup: "authorization.k8s.io", resource: "selfsubjectaccessreviews" },
      }),
      event({ verb: "patch", user: { username: "vigil-harness-admin" } }),
    ];
    expect(writesBy(log, ["alice@example.com"]).map((e) => e.verb)).toEqual(["delete", "create", "create"]);
  });

  it("parses JSON lines, skipping a line cut short, and reads the authorization decision", () => {
    const line = JSON.stringify(
      event({
        verb: "get",
        annotations: { "authorization.k8s.io/decision": "forbid" },
        responseStatus: { code: 403 },
      }),
    );
    const events = parseAuditLog(`${line}\n${line.slice(0, 20)}`);
    expect(events).toHaveLength(1);
    expect(decisionOf(events[0] as AuditEvent)).toBe("forbid");
  });
});
