import { mkdtempSync, readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureCa, ensureLeaf } from "@/dev/pki";
import { readObjects } from "@/lib/sources/live/read-objects";

// Kubernetes answers are read up to a byte bound: a fake API server on 127.0.0.1 streams list bodies of a
// chosen size in 64 KiB chunks, without Content-Length (or with it), and records whether the client hung up
// before the body ended.

const CHUNK = 64 * 1024;
const KiB = 1024;

interface Plan {
  /** Bytes of JSON to stream for this list (items of ~1 KiB each), or undefined for an empty list. */
  bytes?: number;
  declareLength?: boolean;
  /** A continue token for the next page. */
  cont?: string;
}

let server: https.Server;
let caData = "";
let url = "";
let plan: (path: string, query: URLSearchParams) => Plan = () => ({});
let abandoned: string[] = [];
let limits: { path: string; limit: string | null }[] = [];

/** A list body of about `bytes` bytes: items of 1 KiB of padding each. */
function listBody(bytes: number, cont?: string): Buffer {
  const item = JSON.stringify({
    metadata: { name: "x", namespace: "n", annotations: { pad: "p".repeat(960) } },
  });
  const count = Math.max(1, Math.floor(bytes / (item.length + 1)));
  const metadata = JSON.stringify(cont ? { continue: cont } : {});
  return Buffer.from(`{"metadata":${metadata},"items":[${new Array<string>(count).fill(item).join(",")}]}`);
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-read-bounds-"));
  const ca = ensureCa(dir);
  const leaf = ensureLeaf(dir, "server", ca, {
    commonName: "fake-apiserver",
    ipAddresses: ["127.0.0.1"],
    usage: "server",
  });
  caData = readFileSync(ca.cert).toString("base64");
  server = https.createServer({ cert: readFileSync(leaf.cert), key: readFileSync(leaf.key) }, (req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    limits.push({ path: u.pathname, limit: u.searchParams.get("limit") });
    const { bytes, declareLength, cont } = plan(u.pathname, u.searchParams);
    const body = bytes === undefined ? Buffer.from('{"items":[]}') : listBody(bytes, cont);
    res.writeHead(200, {
      "content-type": "application/json",
      ...(declareLength ? { "content-length": String(body.length) } : {}),
    });
    let at = 0;
    let finished = false;
    res.on("close", () => {
      if (!finished) abandoned.push(u.pathname);
    });
    // Streams chunk by chunk, waiting for the socket to drain: a client that stops reading stops it.
    const write = () => {
      while (at < body.length) {
        const ok = res.write(body.subarray(at, at + CHUNK));
        at += CHUNK;
        if (!ok) {
          res.once("drain", write);
          return;
        }
      }
      finished = true;
      res.end();
    };
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  plan = () => ({});
  abandoned = [];
  limits = [];
});

function read(extra: { maxPageBytes?: number; maxListBytes?: number; pageSize?: number } = {}) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: url, caData }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "ctx", cluster: "c", user: "u" }],
    currentContext: "ctx",
  });
  return readObjects({ kubeConfig: kc, timeoutMs: 10_000, ...extra });
}

describe("bounded Kubernetes answers", () => {
  it("abandons an oversized list body mid-stream and reports the kind as a too-large gap", async () => {
    plan = (path) => (path === "/api/v1/configmaps" ? { bytes: 8 * 1024 * KiB } : {});
    const result = await read({ maxPageBytes: 256 * KiB });
    expect(result.gaps).toEqual([
      {
        resource: "configmaps",
        status: "too-large",
        message:
          "the list of configmaps cluster-wide is larger than Vigil reads (256 KiB per page, 256 MiB per list), so it is not shown",
      },
    ]);
    expect(result.objects.some((o) => o["kind"] === "ConfigMap")).toBe(false);
    expect(abandoned).toContain("/api/v1/configmaps");
  });

  it("refuses at once a body whose Content-Length is over the bound", async () => {
    plan = (path) => (path === "/api/v1/pods" ? { bytes: 1024 * KiB, declareLength: true } : {});
    const result = await read({ maxPageBytes: 128 * KiB });
    expect(result.gaps.map((g) => [g.resource, g.status])).toEqual([["pods", "too-large"]]);
  });

  it("asks again in small pages before giving up, and reads a list whose small pages fit", async () => {
    plan = (path, query) =>
      path === "/api/v1/configmaps" ? { bytes: Number(query.get("limit")) * 2 * KiB } : {};
    const result = await read({ maxPageBytes: 100 * KiB, pageSize: 500 });
    expect(result.gaps).toEqual([]);
    expect(limits.filter((l) => l.path === "/api/v1/configmaps").map((l) => l.limit)).toEqual(["500", "20"]);
    expect(result.objects.filter((o) => o["kind"] === "ConfigMap").length).toBeGreaterThan(0);
  });

  it("bounds the pages of one list together", async () => {
    let served = 0;
    plan = (path) => {
      if (path !== "/api/v1/pods") return {};
      served++;
      return { bytes: 60 * KiB, cont: `page${served + 1}` };
    };
    // Each page fits in 100 KiB, but the list never ends: the second page passes the 100 KiB per list.
    const result = await read({ maxPageBytes: 100 * KiB, maxListBytes: 100 * KiB });
    expect(result.gaps.map((g) => [g.resource, g.status])).toEqual([["pods", "too-large"]]);
    expect(served).toBe(2);
  });
});
