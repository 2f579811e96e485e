import { readFileSync } from "node:fs";
import { join } from "node:path";
import { observeHttpServer } from "@/lib/metrics/http-metrics";
import { observeProcess } from "@/lib/metrics/process-metrics";
import { routeTableOf, type RouteTable } from "@/lib/metrics/route-label";

// Starts what the server measures about itself, once per process (instrumentation.ts calls it when the server
// starts; a second call does nothing). Not marked `import "server-only"`, for the reason http-metrics.ts gives.

const STARTED = Symbol.for("vigil.metrics.started");

/** The routes of the build being served; `next dev` writes its manifest elsewhere, or not yet. */
export function readRouteTable(dir: string): RouteTable {
  for (const file of [
    join(dir, ".next", "routes-manifest.json"),
    join(dir, ".next", "dev", "routes-manifest.json"),
  ]) {
    try {
      // The file is read at run time, not part of the build: the hint keeps the bundler from tracing the project.
      return routeTableOf(JSON.parse(readFileSync(/* turbopackIgnore: true */ file, "utf8")));
    } catch {
      // the next candidate
    }
  }
  console.error(
    "metrics: no .next/routes-manifest.json: every page's requests are counted under route=other",
  );
  return routeTableOf(undefined);
}

export function startMetrics(dir: string = process.cwd()): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[STARTED]) return;
  g[STARTED] = true;
  observeProcess();
  observeHttpServer(readRouteTable(dir));
}
