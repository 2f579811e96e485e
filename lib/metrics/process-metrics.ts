import { monitorEventLoopDelay } from "node:perf_hooks";
import { metrics, type MetricsRegistry } from "@/lib/metrics/registry";

// The process's own figures, read at each scrape, under the names Prometheus's client libraries use: what the
// resource requests and limits of the deployment are sized against (docs/benchmarks.md), and the event loop's
// delay, the first sign of a replica that is too busy to answer.

export function observeProcess(registry: MetricsRegistry = metrics): void {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  registry.counter({
    name: "process_cpu_seconds_total",
    help: "User and system CPU time of the process, in seconds.",
    collect: (c) => {
      const u = process.cpuUsage();
      c.set(undefined, (u.user + u.system) / 1e6);
    },
  });
  registry.gauge({
    name: "process_resident_memory_bytes",
    help: "Resident set size of the process, in bytes.",
    collect: (g) => g.set(undefined, process.memoryUsage.rss()),
  });
  registry.gauge({
    name: "process_start_time_seconds",
    help: "When the process started, in seconds since the Unix epoch.",
    collect: (g) => g.set(undefined, Math.floor(Date.now() / 1000 - process.uptime())),
  });
  registry.gauge({
    name: "nodejs_heap_used_bytes",
    help: "V8 heap in use, in bytes.",
    collect: (g) => g.set(undefined, process.memoryUsage().heapUsed),
  });
  registry.gauge({
    name: "nodejs_eventloop_delay_p99_seconds",
    help: "99th percentile of the event loop's delay since the previous scrape, in seconds.",
    collect: (g) => {
      g.set(undefined, loop.count > 0 ? loop.percentile(99) / 1e9 : 0);
      loop.reset();
    },
  });
}
