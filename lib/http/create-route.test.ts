import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRoute, queryObject, type AuditEntry } from "@/lib/http/create-route";
import { VigilError } from "@/lib/errors";

function harness(signedIn: boolean) {
  const audit: AuditEntry[] = [];
  const errors: string[] = [];
  let t = 0;
  const route = createRoute({
    async readViewer() {
      if (!signedIn) throw new VigilError("unauthenticated", "sign in first");
      return { name: "alice@example.com", groups: ["team-frontend"] };
    },
    audit: (e) => audit.push(e),
    clock: () => (t += 5),
    logError: (m) => errors.push(m),
  });
  return { route, audit, errors };
}

const url = "http://localhost/api/things";

describe("the JSON route wrapper", () => {
  it("answers a signed-in GET with the handler's JSON, uncached", async () => {
    const { route } = harness(true);
    const handlers = route(({ viewer }) => ({ hello: viewer.name }));
    const res = await handlers.GET(new Request(url));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ hello: "alice@example.com" });
  });

  it("answers 401 with a JSON error without a session", async () => {
    const { route } = harness(false);
    const res = await route(() => ({})).GET(new Request(url));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: "sign in first" } });
  });

  it("answers 405 to every writing method, signed in or not", async () => {
    for (const signedIn of [true, false]) {
      const handlers = harness(signedIn).route(() => ({ ok: true }));
      for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
        const res = await handlers[method](new Request(url, { method, body: "{}" }));
        expect(res.status).toBe(405);
        expect(res.headers.get("allow")).toBe("GET, HEAD");
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("method-not-allowed");
      }
    }
  });

  it("answers HEAD with the status and no body", async () => {
    const res = await harness(true)
      .route(() => ({ ok: true }))
      .HEAD(new Request(url, { method: "HEAD" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("parses the query with the schema and answers 400 bad-input naming the parameter", async () => {
    const handlers = harness(true).route(
      { query: z.object({ ns: z.string().min(1), port: z.coerce.number().int() }) },
      ({ query }) => query,
    );
    const ok = await handlers.GET(new Request(`${url}?ns=g04&port=80`));
    expect(await ok.json()).toEqual({ ns: "g04", port: 80 });
    const bad = await handlers.GET(new Request(`${url}?ns=g04&port=eighty`));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad-input");
    expect(body.error.message).toContain('"port"');
  });

  it("maps a VigilError to its status and hides the message of anything unexpected", async () => {
    const { route, errors } = harness(true);
    const notFound = await route(() => {
      throw new VigilError("not-found", "no namespace g99");
    }).GET(new Request(url));
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: { code: "not-found", message: "no namespace g99" } });
    const crash = await route(() => {
      throw new Error("secret detail at /etc/x");
    }).GET(new Request(url));
    expect(crash.status).toBe(500);
    const text = await crash.text();
    expect(text).not.toContain("secret detail");
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "internal error" } });
    expect(errors.join("\n")).toContain("secret detail");
  });

  it("writes one audit entry per request with user, groups, route, status and duration, and no query", async () => {
    const { route, audit } = harness(true);
    await route(() => ({})).GET(new Request(`${url}?token=abc`));
    expect(audit).toEqual([
      {
        time: expect.any(String),
        type: "audit",
        user: "alice@example.com",
        groups: ["team-frontend"],
        method: "GET",
        route: "/api/things",
        status: 200,
        durationMs: 5,
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain("abc");
    const anon = harness(false);
    await anon.route(() => ({})).GET(new Request(url));
    expect(anon.audit[0]).toMatchObject({ user: null, status: 401 });
  });

  it("turns repeated query parameters into arrays", () => {
    expect(queryObject(new URLSearchParams("a=1&b=2&b=3"))).toEqual({ a: "1", b: ["2", "3"] });
  });
});
