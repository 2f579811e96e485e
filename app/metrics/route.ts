// GET /metrics: Vigil's metrics in the Prometheus text format (docs/deployment.md "Metrics"). No session: the
// scraper presents the bearer token of VIGIL_METRICS_TOKEN; without one configured the route answers 404.
import { authorizeScrape, MIN_METRICS_TOKEN_LENGTH } from "@/lib/metrics/authorize-scrape";
import { metrics, METRICS_CONTENT_TYPE } from "@/lib/metrics/registry";
import { serverEnv } from "@/lib/config/server-env";

export const dynamic = "force-dynamic";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

export function GET(request: Request): Response {
  let env: ReturnType<typeof serverEnv>;
  try {
    env = serverEnv();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`metrics: ${message}`);
    return new Response(`${message}\n`, { status: 500, headers: TEXT });
  }
  const decision = authorizeScrape(env, request.headers.get("authorization"));
  switch (decision) {
    case "allowed":
      return new Response(request.method === "HEAD" ? null : metrics.render(), {
        status: 200,
        headers: { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" },
      });
    case "disabled":
      return new Response("not found\n", { status: 404, headers: TEXT });
    case "misconfigured":
      console.error(`metrics: VIGIL_METRICS_TOKEN is shorter than ${MIN_METRICS_TOKEN_LENGTH} characters`);
      return new Response(`VIGIL_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters\n`, {
        status: 500,
        headers: TEXT,
      });
    case "unauthorized":
      return new Response("unauthorized\n", {
        status: 401,
        headers: { ...TEXT, "WWW-Authenticate": 'Bearer realm="vigil-metrics"' },
      });
  }
}

export const HEAD = GET;
