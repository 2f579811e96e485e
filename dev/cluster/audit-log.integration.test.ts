import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { decisionOf, describeEvent, parseAuditLog, writesBy, type AuditEvent } from "@/dev/cluster/audit-log";
import { paths } from "@/dev/cluster/config";
import { idTokenOf, kubeConfigOf, requireControlPlane } from "@/dev/cluster/live-testing";
import { readObjects } from "@/lib/sources/live/read-objects";

// What the API server itself recorded (audit policy: every request at Metadata level). Run last by
// dev/scripts/test-integration.sh, so the log holds everything the integration and e2e tests did; it also
// makes its own reads first, so it proves something when run alone.

const WATCHED = [
  "alice@example.com",
  "bob@example.com",
  "carol@example.com",
  "system:serviceaccount:vigil:vigil",
];

async function eventsWhen(ready: (events: AuditEvent[]) => boolean): Promise<AuditEvent[]> {
  // The API server writes an event when the request completes; poll briefly rather than sleep.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = parseAuditLog(readFileSync(paths.auditLog, "utf8"));
    if (ready(events) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let events: AuditEvent[];

beforeAll(async () => {
  requireControlPlane();
  for (const user of ["alice", "bob", "carol"] as const) {
    await readObjects({
      kubeConfig: kubeConfigOf("token-mode"),
      bearerToken: await idTokenOf(user),
      namespaces: ["g04", "t75"],
    });
  }
  await readObjects({ kubeConfig: kubeConfigOf("vigil") });
  events = await eventsWhen((all) => WATCHED.every((u) => all.some((e) => e.user.username === u)));
});

describe("the API server's audit log", () => {
  it("shows requests by every watched identity", () => {
    for (const user of WATCHED) {
      expect(events.filter((e) => e.user.username === user).length, user).toBeGreaterThan(0);
    }
  });

  it("shows that alice, bob, carol and vigil/vigil only ever got, listed or watched (or asked a SubjectAccessReview)", () => {
    const writes = writesBy(events, WATCHED);
    const counted = events.filter((e) => WATCHED.includes(e.user.username)).length;
    console.log(`audit log: ${counted} requests by ${WATCHED.join(", ")}; ${writes.length} not read-only`);
    expect(writes.map(describeEvent)).toEqual([]);
  });

  it("shows the API server itself allowing alice's reads in g04 and forbidding them elsewhere", () => {
    const alice = events.filter(
      (e) => e.user.username === "alice@example.com" && e.stage === "ResponseComplete",
    );
    const allowed = alice.filter((e) => decisionOf(e) === "allow" && e.objectRef?.namespace === "g04");
    const forbidden = alice.filter((e) => decisionOf(e) === "forbid");
    expect(allowed.some((e) => e.objectRef?.resource === "pods" && e.responseStatus?.code === 200)).toBe(
      true,
    );
    expect(forbidden.some((e) => e.objectRef?.resource === "pods" && e.objectRef.namespace === "t75")).toBe(
      true,
    );
    expect(forbidden.every((e) => e.responseStatus?.code === 403)).toBe(true);
    expect(forbidden.some((e) => e.objectRef?.namespace === "g04" && e.objectRef.resource === "pods")).toBe(
      false,
    );
    // Alice's groups come from her ID token, through the structured JWT authenticator.
    expect(alice[0]?.user.groups).toEqual(expect.arrayContaining(["team-frontend", "system:authenticated"]));
  });
});
