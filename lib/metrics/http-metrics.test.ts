import { createServer, request as httpRequest, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { observeHttpServer } from "@/lib/metrics/http-metrics";
import { MetricsRegistry } from "@/lib/metrics/registry";
import { routeTableOf } from "@/lib/metrics/route-label";

// The request metrics of a real Node HTTP server (the one `next start` runs on), seen through Node's
// diagnostics channels: one observation per finished response, labelled by route, method and status class.

const TABLE = routeTableOf({
  staticRoutes: [{ page: "/network", regex: "^/network(?:/)?$" }],
  dynamicRoutes: [{ page: "/certificates/[id]", regex: "^/certificates/([^/]+?)(?:/)?$" }],
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function serve(handler: (path: string, res: ServerResponse) => void): Promise<number> {
  const server = createServer((req, res) => handler(req.url ?? "/", res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

function count(registry: MetricsRegistry, labels: string): number {
  const line = registry
    .render()
    .split("\n")
    .find((l) => l.startsWith(`vigil_http_request_duration_seconds_count{${labels}}`));
  return line ? Number(line.split(" ")[1]) : 0;
}

describe("request metrics", () => {
  it("count each finished response by route pattern, method and status class", async () => {
    const registry = new MetricsRegistry();
    cleanups.push(observeHttpServer(TABLE, registry));
    const port = await serve((path, res) => {
      res.statusCode = path.startsWith("/certificates/") ? 404 : 200;
      // A streamed response: the observation waits for its last chunk.
      res.write("a");
      res.end("b");
    });
    const base = `http://127.0.0.1:${port}`;
    await (await fetch(`${base}/network?ns=shop`)).text();
    await (await fetch(`${base}/network`, { method: "HEAD" })).text();
    await (await fetch(`${base}/certificates/one`)).text();
    await (await fetch(`${base}/certificates/two`)).text();
    await (await fetch(`${base}/secret-admin-path`, { method: "DELETE" })).text();
    expect(count(registry, 'route="/network",method="GET",status="2xx"')).toBe(1);
    expect(count(registry, 'route="/network",method="HEAD",status="2xx"')).toBe(1);
    expect(count(registry, 'route="/certificates/[id]",method="GET",status="4xx"')).toBe(2);
    expect(count(registry, 'route="other",method="other",status="2xx"')).toBe(1);
    expect(registry.render()).not.toMatch(/secret-admin-path|certificates\/one|certificates\/two|ns=shop/);
    expect(registry.render()).toContain("vigil_http_requests_in_flight 0\n");
  });

  it("counts a request in flight until its response ends, or until the client goes away", async () => {
    const registry = new MetricsRegistry();
    cleanups.push(observeHttpServer(TABLE, registry));
    const inFlight = () => Number(/^vigil_http_requests_in_flight (\S+)$/m.exec(registry.render())?.[1]);
    let arrived!: () => void;
    const arrival = new Promise<void>((r) => (arrived = r));
    let closed!: () => void;
    const closing = new Promise<void>((r) => (closed = r));
    const port = await serve((_path, res) => {
      res.on("close", () => closed());
      arrived(); // and never answers
    });
    const req = httpRequest({ host: "127.0.0.1", port, path: "/network" });
    req.on("error", () => undefined);
    req.end();
    await arrival;
    expect(inFlight()).toBe(1);
    req.destroy();
    await closing;
    expect(inFlight()).toBe(0);
    expect(count(registry, 'route="/network",method="GET",status="2xx"')).toBe(0);
  });

  it("stops observing when asked", async () => {
    const registry = new MetricsRegistry();
    observeHttpServer(TABLE, registry)();
    const port = await serve((_p, res) => res.end("x"));
    await (await fetch(`http://127.0.0.1:${port}/network`)).text();
    expect(count(registry, 'route="/network",method="GET",status="2xx"')).toBe(0);
  });
});
