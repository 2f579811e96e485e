import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { observeProcess } from "@/lib/metrics/process-metrics";
import { MetricsRegistry } from "@/lib/metrics/registry";
import { routeLabel } from "@/lib/metrics/route-label";
import { readRouteTable } from "@/lib/metrics/start-metrics";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("what the server measures about itself", () => {
  it("labels requests with the routes of the build it serves (.next/routes-manifest.json)", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-routes-"));
    dirs.push(dir);
    mkdirSync(join(dir, ".next"));
    writeFileSync(
      join(dir, ".next", "routes-manifest.json"),
      JSON.stringify({
        staticRoutes: [{ page: "/workloads", regex: "^/workloads(?:/)?$" }],
        dynamicRoutes: [],
      }),
    );
    expect(routeLabel(readRouteTable(dir), "/workloads?level=baseline")).toBe("/workloads");
  });

  it("says so, and counts every page as other, without a build", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-routes-"));
    dirs.push(dir);
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(routeLabel(readRouteTable(dir), "/workloads")).toBe("other");
    expect(spy).toHaveBeenCalledWith(expect.stringContaining("routes-manifest.json"));
    spy.mockRestore();
  });

  it("reads the process's CPU time, memory and start time at each scrape", () => {
    const registry = new MetricsRegistry();
    observeProcess(registry);
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(registry.render())?.[1]);
    expect(value("process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(value("process_resident_memory_bytes")).toBeGreaterThan(1024 * 1024);
    expect(value("nodejs_heap_used_bytes")).toBeGreaterThan(0);
    expect(value("process_start_time_seconds")).toBeLessThanOrEqual(Date.now() / 1000);
    expect(value("nodejs_eventloop_delay_p99_seconds")).toBeGreaterThanOrEqual(0);
  });
});
