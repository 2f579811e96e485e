import { randomBytes } from "node:crypto";
import { openSync, readSync, closeSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "@/dev/cluster/admin-client";
import {
  freePort,
  signInThroughApp,
  startApp,
  startProxy,
  type AppInstance,
  type AppSession,
  type Proxy,
} from "@/dev/cluster/app-harness";
import { parseAuditLog, type AuditEvent } from "@/dev/cluster/audit-log";
import { paths } from "@/dev/cluster/config";
import { requireControlPlane } from "@/dev/cluster/live-testing";
import { DEV_STATE_DIR, ensureCa } from "@/dev/pki";
import { READ_KINDS } from "@/lib/sources/live/read-kinds";

// Vigil serving an organisation (docs/deployment.md "Running for an organisation"), proved on the real control
// plane with two production instances of the app in serviceaccount mode behind one port (a small proxy),
// and people signed in through the real IdP:
// - what the API server's own audit log records of Vigil's identity does not grow with the number of people
//   looking: the shared informers list and watch; pages read the one snapshot in memory;
// - a NetworkPolicy created in the cluster shows on the page without a restart (the snapshot moves);
// - a session started on one instance works on the other, and sign-out ends it on both, on the other within
//   VIGIL_SESSION_RECHECK_SECONDS (docs/security.md "How sessions end").
// Run by dev/scripts/test-integration.sh after the app build.

const SA = "system:serviceaccount:vigil:vigil";
const APP_PORT = Number(process.env.PORT ?? 3101);
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const RECHECK_SECONDS = 2;
const ROUTES = ["/", "/network", "/access", "/certificates", "/api/overview"];
const USERS = ["alice", "bob", "carol"] as const;

let instances: AppInstance[] = [];
/** Where the audit log stood before the instances started. */
let startMark = 0;
let proxy: Proxy | undefined;
const admin = adminClient();

beforeAll(async () => {
  requireControlPlane();
  startMark = auditMark();
  const env = {
    NEXTAUTH_URL: APP_URL,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NODE_EXTRA_CA_CERTS: ensureCa(DEV_STATE_DIR).cert,
    VIGIL_MODE: "serviceaccount",
    VIGIL_KUBECONFIG: paths.vigilKubeconfig,
    // Each identity's SubjectAccessReviews are asked once in this test: what is measured is the rest.
    VIGIL_CACHE_SECONDS: "600",
    VIGIL_SESSION_RECHECK_SECONDS: String(RECHECK_SECONDS),
  };
  const ports = [await freePort(), await freePort()];
  instances = await Promise.all(ports.map((p) => startApp(p, env)));
  proxy = await startProxy(
    APP_PORT,
    instances.map((i) => i.url),
  );
});

afterAll(async () => {
  await admin.request("DELETE", "/apis/networking.k8s.io/v1/namespaces/g04/networkpolicies/serve-probe");
  admin.close();
  await proxy?.stop();
  await Promise.all(instances.map((i) => i.stop()));
});

/** The audit log's length now: what the API server has recorded so far (it writes as requests complete). */
function auditMark(): number {
  return statSync(paths.auditLog).size;
}

function auditSince(from: number, to: number): AuditEvent[] {
  const fd = openSync(paths.auditLog, "r");
  try {
    const buf = Buffer.alloc(to - from);
    readSync(fd, buf, 0, buf.length, from);
    return parseAuditLog(buf.toString("utf8"));
  } finally {
    closeSync(fd);
  }
}

/** Vigil's own requests in a stretch of the log, one per request (a watch has a start and an end event). */
function vigilRequests(events: readonly AuditEvent[]) {
  const seen = new Map<string, AuditEvent>();
  for (const e of events) if (e.user.username === SA) seen.set(e.auditID, e);
  const all = [...seen.values()];
  const count = (pred: (e: AuditEvent) => boolean) => all.filter(pred).length;
  return {
    total: all.length,
    lists: count((e) => e.verb === "list" || e.verb === "get"),
    watches: count((e) => e.verb === "watch"),
    reviews: count((e) => e.verb === "create"),
  };
}

async function browse(viewer: AppSession, rounds: number): Promise<number> {
  let pages = 0;
  for (let r = 0; r < rounds; r++) {
    for (const route of ROUTES) {
      const res = await viewer.get(route);
      expect(res.status, `${route} for a signed-in viewer: ${res.text.slice(0, 300)}`).toBe(200);
      expect(new URL(res.url).pathname).toBe(route);
      pages++;
    }
  }
  return pages;
}

describe("serviceaccount mode with two instances behind one port", () => {
  it("sends the API server the same requests whether 1 or 20 people are looking", async () => {
    const viewers: AppSession[] = [];
    for (let i = 0; i < 20; i++)
      viewers.push(await signInThroughApp(APP_URL, USERS[i % USERS.length] ?? "alice"));
    // Every identity once on each instance and route: its SubjectAccessReviews are asked here, before the
    // measurement, and each page has been computed once for its gate.
    for (const v of viewers.slice(0, USERS.length))
      for (const b of [0, 1]) for (const route of ROUTES) expect((await v.get(route, b)).status).toBe(200);

    // The zeros measured below mean something only if the log records Vigil's reads at all: since the
    // instances started, their informers listed every kind Vigil reads, watched each kind the API server
    // serves, and the viewers' SubjectAccessReviews were sent.
    const warmup = auditSince(startMark, auditMark()).filter(
      (e) => e.user.username === SA && e.stage !== "RequestReceived",
    );
    const kindOf = (e: AuditEvent) => `${e.objectRef?.apiGroup ?? ""}/${e.objectRef?.resource ?? ""}`;
    const listed = new Set(warmup.filter((e) => e.verb === "list").map(kindOf));
    const served = new Set(
      warmup.filter((e) => e.verb === "list" && e.responseStatus?.code === 200).map(kindOf),
    );
    const watched = new Set(warmup.filter((e) => e.verb === "watch").map(kindOf));
    for (const k of READ_KINDS)
      expect(listed, `${k.group}/${k.resource} listed`).toContain(`${k.group}/${k.resource}`);
    for (const k of served) expect(watched, `${k} watched`).toContain(k);
    // Kinds whose CRDs the local control plane lacks answer 404 and are not watched; these it serves.
    for (const k of ["/pods", "networking.k8s.io/networkpolicies", "rbac.authorization.k8s.io/rolebindings"])
      expect(watched, `${k} watched`).toContain(k);
    expect(vigilRequests(warmup).reviews).toBeGreaterThan(0);

    const a0 = auditMark();
    const t0 = performance.now();
    const onePages = await browse(viewers[0] as AppSession, 2);
    const oneMinutes = (performance.now() - t0) / 60_000;
    const a1 = auditMark();
    const t1 = performance.now();
    const manyPages = (await Promise.all(viewers.map((v) => browse(v, 2)))).reduce((a, b) => a + b, 0);
    const manyMinutes = (performance.now() - t1) / 60_000;
    const a2 = auditMark();

    const one = vigilRequests(auditSince(a0, a1));
    const many = vigilRequests(auditSince(a1, a2));
    const perMinute = (n: number, minutes: number) => Math.round(n / Math.max(minutes, 1 / 60));
    console.log(
      `API server requests by ${SA}: 1 viewer, ${onePages} pages: ${JSON.stringify(one)} ` +
        `(${perMinute(one.total, oneMinutes)}/min); 20 viewers, ${manyPages} pages: ${JSON.stringify(many)} ` +
        `(${perMinute(many.total, manyMinutes)}/min)`,
    );
    expect(manyPages).toBe(20 * onePages);
    // No page read the cluster: no list, and no review (each identity's answers are kept).
    expect(one.lists + one.reviews).toBe(0);
    expect(many.lists + many.reviews).toBe(0);
    // A watch the server ended (its timeoutSeconds) may be renewed during either stretch, at most once per
    // kind and instance: that is all the API server may see, whatever the number of viewers.
    expect(many.watches).toBeLessThanOrEqual(2 * READ_KINDS.length);
    expect(one.watches).toBeLessThanOrEqual(2 * READ_KINDS.length);
  }, 600_000);

  it(
    "shows a NetworkPolicy created in the cluster on the page without a restart",
    { timeout: 300_000 },
    async () => {
      const bob = await signInThroughApp(APP_URL, "bob");
      const explain = "/network?from=g04%2Fbackend&to=g04%2Ffrontend&at=TCP%2F8080";
      const takenAt = async (backend: number) =>
        (JSON.parse((await bob.get("/api/overview", backend)).text) as { source: { takenAt: string } }).source
          .takenAt;
      const before = [await takenAt(0), await takenAt(1)];
      for (const b of [0, 1]) {
        const page = await bob.get(explain, b);
        expect(page.text).toContain("g04/default-deny-all");
        expect(page.text).not.toContain("g04/serve-probe");
      }
      const created = await admin.request(
        "POST",
        "/apis/networking.k8s.io/v1/namespaces/g04/networkpolicies",
        {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: "serve-probe", namespace: "g04" },
          spec: {
            podSelector: { matchLabels: { tier: "frontend" } },
            ingress: [
              { from: [{ podSelector: { matchLabels: { tier: "backend" } } }], ports: [{ port: 8080 }] },
            ],
          },
        },
      );
      expect(created.status).toBe(201);
      for (const b of [0, 1]) {
        const deadline = Date.now() + 30_000;
        let text = "";
        while (!text.includes("g04/serve-probe")) {
          if (Date.now() > deadline)
            throw new Error(`instance ${b} did not show g04/serve-probe within 30 s`);
          text = (await bob.get(explain, b)).text;
        }
        expect(Date.parse(await takenAt(b))).toBeGreaterThan(Date.parse(before[b] ?? ""));
      }
    },
  );

  it("keeps a session started on one instance on the other, and ends it on both at sign-out", async () => {
    // The sign-in itself went through both instances in turn (the proxy alternates): state and PKCE held.
    const alice = await signInThroughApp(APP_URL, "alice");
    expect(proxy?.served.every((n) => n > 0)).toBe(true);
    for (const b of [0, 1]) {
      const res = await alice.get("/api/overview", b);
      expect(res.status).toBe(200);
      expect((JSON.parse(res.text) as { viewer: { name: string } }).viewer.name).toBe("alice@example.com");
    }
    const copy = alice.copy();
    expect(await alice.signOut(0)).toBe(303);
    // The instance that handled the sign-out refuses the old cookie at once.
    expect((await copy.get("/api/overview", 0)).status).toBe(401);
    // The other learns it from the IdP at its next check, within VIGIL_SESSION_RECHECK_SECONDS.
    const deadline = Date.now() + (RECHECK_SECONDS + 10) * 1000;
    let status = 200;
    while (status === 200) {
      if (Date.now() > deadline) throw new Error("instance 1 still accepts a signed-out session");
      status = (await copy.get("/api/overview", 1)).status;
    }
    expect(status).toBe(401);
  });
});
