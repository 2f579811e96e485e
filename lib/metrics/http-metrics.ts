import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DURATION_BUCKETS, metrics, type MetricsRegistry } from "@/lib/metrics/registry";
import { routeLabel, type RouteTable } from "@/lib/metrics/route-label";

// Request durations by route, measured where the HTTP server sees them: Node's diagnostics channels for the
// start of each request and the end of its response (the last byte handed to the socket, so a page that
// streams is timed to its end, which no hook inside Next.js sees). Started once by instrumentation.ts.
// Not marked `import "server-only"`: instrumentation.ts loads it outside the React server layer, where that
// marker resolves to the module that throws.

interface StartMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

const METHODS = new Set(["GET", "HEAD", "POST"]);

/** Subscribes the request metrics to the process's HTTP servers; returns the function that stops it. */
export function observeHttpServer(table: RouteTable, registry: MetricsRegistry = metrics): () => void {
  const duration = registry.histogram({
    name: "vigil_http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its response, by app route, method and status class.",
    labelNames: ["route", "method", "status"],
    buckets: DURATION_BUCKETS,
  });
  const inFlight = registry.gauge({
    name: "vigil_http_requests_in_flight",
    help: "Requests received whose response has not ended yet.",
  });
  const started = new WeakMap<ServerResponse, { at: number; route: string; method: string }>();

  const onStart = (message: unknown) => {
    const { request, response } = message as StartMessage;
    const method = METHODS.has(request.method ?? "") ? (request.method as string) : "other";
    started.set(response, { at: performance.now(), route: routeLabel(table, request.url ?? "/"), method });
    inFlight.inc();
    // A response that never finishes (the client went away) still leaves the in-flight count.
    response.once("close", () => {
      if (started.delete(response)) inFlight.dec();
    });
  };
  const onFinish = (message: unknown) => {
    const { response } = message as StartMessage;
    const start = started.get(response);
    if (!start) return;
    started.delete(response);
    inFlight.dec();
    const status = `${Math.floor(response.statusCode / 100)}xx`;
    duration.observe(
      { route: start.route, method: start.method, status },
      (performance.now() - start.at) / 1000,
    );
  };
  subscribe("http.server.request.start", onStart);
  subscribe("http.server.response.finish", onFinish);
  return () => {
    unsubscribe("http.server.request.start", onStart);
    unsubscribe("http.server.response.finish", onFinish);
  };
}
