import { mkdtempSync, readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureCa, ensureLeaf } from "@/dev/pki";
import { openApiClient, type ApiClient } from "@/lib/sources/live/api-client";
import { KindListWatch, type ListWatchOptions } from "@/lib/sources/live/list-watch";
import { READ_KINDS, type ResourceKind } from "@/lib/sources/live/read-kinds";

// The list-watch protocol of the shared informers against a fake API server on 127.0.0.1 that answers from a
// script: what a real one does on compaction (410 Gone, as a status and as an ERROR event), on errors and on
// refusals is hard to cause at will on the real control plane (the integration test covers the normal path).

interface Request {
  path: string;
  query: URLSearchParams;
}
type Step = (req: Request, res: ServerResponse) => void;

let server: https.Server;
let url = "";
let caData = "";
let script: Step[] = [];
let seen: Request[] = [];
let open: ServerResponse[] = [];
let client: ApiClient;
let watcher: KindListWatch | undefined;
let running: Promise<void> | undefined;
// Each test's client has its own token: a request of an earlier test's closed client that reaches the server
// late is answered with 401 and never takes a step of this test's script.
let testToken = "";
let tests = 0;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-list-watch-"));
  const ca = ensureCa(dir);
  const leaf = ensureLeaf(dir, "server", ca, {
    commonName: "fake",
    ipAddresses: ["127.0.0.1"],
    usage: "server",
  });
  caData = readFileSync(ca.cert).toString("base64");
  server = https.createServer({ cert: readFileSync(leaf.cert), key: readFileSync(leaf.key) }, (req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (req.headers.authorization !== `Bearer ${testToken}`) {
      res.writeHead(401).end();
      return;
    }
    const r = { path: u.pathname, query: u.searchParams };
    seen.push(r);
    const step = script.shift();
    if (step) step(r, res);
    else {
      // Out of script: hold a watch open, as a quiet cluster does, until the test ends.
      res.writeHead(200, { "content-type": "application/json" });
      open.push(res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  script = [];
  seen = [];
  open = [];
  testToken = `sa-token-${++tests}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: url, caData }],
    users: [{ name: "u", token: testToken }],
    contexts: [{ name: "ctx", cluster: "c", user: "u" }],
    currentContext: "ctx",
  });
  client = await openApiClient({ kubeConfig: kc, concurrency: 4 });
});

afterEach(async () => {
  watcher?.close();
  for (const res of open) res.end();
  // Nothing of this test may reach the next one's script.
  await running;
  client.close();
});

const kindOf = (resource: string): ResourceKind => {
  const k = READ_KINDS.find((x) => x.resource === resource && x.group === "");
  if (!k) throw new Error(resource);
  return k;
};

const json =
  (status: number, body: unknown): Step =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
const list = (rv: string, names: string[]): Step =>
  json(200, {
    metadata: { resourceVersion: rv },
    items: names.map((name) => ({ metadata: { name, namespace: "ns", resourceVersion: rv } })),
  });
const events =
  (lines: unknown[], end = true): Step =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    for (const l of lines) res.write(`${JSON.stringify(l)}\n`);
    if (end) res.end();
    else open.push(res);
  };
const pod = (name: string, rv: string) => ({ metadata: { name, namespace: "ns", resourceVersion: rv } });

const delays: number[] = [];
function start(resource: string, extra: Partial<ListWatchOptions> = {}): KindListWatch {
  delays.length = 0;
  watcher = new KindListWatch(client, kindOf(resource), () => {}, {
    pageSize: 500,
    watchSeconds: 300,
    backoff: { baseMs: 1000, maxMs: 8000 },
    recheckMs: 300_000,
    random: () => 1,
    delay: async (ms) => {
      delays.push(ms);
    },
    ...extra,
  });
  running = watcher.run();
  return watcher;
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition did not hold within 10 s");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const names = (w: KindListWatch) =>
  [...w.items()].map((o) => (o["metadata"] as { name: string }).name).sort();

describe("a kind's list-watch", () => {
  it("lists, then watches from the list's version with bookmarks, and applies every event in place", async () => {
    script = [
      list("10", ["a", "b"]),
      events([
        { type: "ADDED", object: pod("c", "11") },
        { type: "MODIFIED", object: { ...pod("a", "12"), spec: { nodeName: "n1" } } },
        { type: "DELETED", object: pod("b", "13") },
        { type: "BOOKMARK", object: { metadata: { resourceVersion: "20" } } },
      ]),
    ];
    const w = start("pods");
    await until(() => seen.length >= 3);
    expect(names(w)).toEqual(["a", "c"]);
    const [first, watch1, watch2] = seen;
    expect(first?.query.get("watch")).toBeNull();
    expect(watch1?.query.get("watch")).toBe("1");
    expect(watch1?.query.get("resourceVersion")).toBe("10");
    expect(watch1?.query.get("allowWatchBookmarks")).toBe("true");
    // The server ended the watch (its timeout): watch again from the bookmark's version, without a relist.
    expect(watch2?.query.get("resourceVersion")).toBe("20");
    expect(w.state).toMatchObject({ status: "synced", events: 3, lists: 1 });
    expect([...w.items()].find((o) => (o["metadata"] as { name: string }).name === "a")).toMatchObject({
      kind: "Pod",
      apiVersion: "v1",
      spec: { nodeName: "n1" },
    });
  });

  it("lists again when the watch's version is gone, as an ERROR event or as HTTP 410", async () => {
    script = [
      list("10", ["a"]),
      events(
        [{ type: "ERROR", object: { kind: "Status", code: 410, message: "too old resource version" } }],
        false,
      ),
      list("30", ["x"]),
      json(410, { kind: "Status", code: 410 }),
      list("40", ["y", "z"]),
    ];
    const w = start("pods");
    await until(() => seen.length >= 6);
    expect(seen.map((r) => r.query.get("watch") ?? "list")).toEqual(["list", "1", "list", "1", "list", "1"]);
    expect(seen[5]?.query.get("resourceVersion")).toBe("40");
    expect(names(w)).toEqual(["y", "z"]);
    // A relist is no failure: no waiting.
    expect(delays).toEqual([]);
  });

  it("backs off doubling to its ceiling on errors, says the kind may be out of date, and recovers", async () => {
    script = [
      list("10", ["a"]),
      json(500, {}),
      json(503, {}),
      json(500, {}),
      json(500, {}),
      json(500, {}),
      events([{ type: "ADDED", object: pod("b", "11") }], false),
    ];
    const w = start("pods");
    await until(() => delays.length >= 5);
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    await until(() => w.state.events === 1);
    expect(w.state.status).toBe("synced");
    expect(w.state.gap).toBeUndefined();
    expect(names(w)).toEqual(["a", "b"]);
    // Every retry watched from the same version; none relisted.
    expect(w.state.lists).toBe(1);
    expect(seen.slice(1).every((r) => r.query.get("resourceVersion") === "10")).toBe(true);
  });

  it("keeps what it had while failing, with a gap that says so", async () => {
    script = [list("10", ["a"]), json(500, {})];
    let during: KindListWatch["state"] | undefined;
    const w = start("pods", {
      delay: async (ms) => {
        delays.push(ms);
        during ??= { ...w.state };
      },
    });
    await until(() => during !== undefined);
    expect(during?.status).toBe("failing");
    expect(during?.gap).toMatchObject({ resource: "pods", status: "unavailable" });
    expect(during?.gap?.message).toMatch(/out of date/);
    expect(names(w)).toEqual(["a"]);
  });

  it("makes a kind it may not list a gap, and asks again after the recheck interval", async () => {
    script = [json(403, { kind: "Status", code: 403 }), list("5", ["n"])];
    const w = start("configmaps");
    await until(() => seen.length >= 3);
    expect(delays).toEqual([300_000]);
    expect(w.state.status).toBe("synced");
    expect(names(w)).toEqual(["n"]);
  });

  it("reports the refusal while it lasts", async () => {
    script = [json(403, { kind: "Status", code: 403 })];
    let gap: unknown;
    const w = start("services", {
      // Waits as the real one does, until the watcher is closed.
      delay: (ms, signal) => {
        delays.push(ms);
        gap ??= w.state.gap;
        return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
      },
    });
    await until(() => gap !== undefined);
    expect(gap).toMatchObject({
      resource: "services",
      status: "forbidden",
      message: "you may not list services cluster-wide",
    });
    expect(w.size).toBe(0);
  });

  it("keeps only certificates of ConfigMaps that arrive by watch, as the one-shot reader does", async () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    script = [
      list("1", []),
      events(
        [
          {
            type: "ADDED",
            object: {
              ...pod("cm", "2"),
              data: { "ca.crt": pem, password: "hunter2" },
              binaryData: { k: "AA==" },
            },
          },
        ],
        false,
      ),
    ];
    const w = start("configmaps");
    await until(() => w.state.events === 1);
    const [cm] = [...w.items()];
    expect(cm?.["data"]).toEqual({ "ca.crt": pem });
    expect(cm?.["binaryData"]).toBeUndefined();
    expect(JSON.stringify([...w.items()])).not.toContain("hunter2");
  });
});
