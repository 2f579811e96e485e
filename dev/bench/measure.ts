import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

// Small helpers shared by the benchmarks: wall time and peak resident memory.

export function time<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function printTable(rows: readonly Record<string, string | number>[]): void {
  console.table(rows);
}

/** A process and its descendants, from /proc (next start runs the server in a child process). */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        for (const k of kids.split(/\s+/)) if (k) out.push(Number(k));
      }
    } catch {
      // The process ended between two reads.
    }
  }
  return out;
}

/** Resident memory of a process tree now, in MiB. */
export function treeRssMiB(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

/** User plus system CPU time of a process tree so far, in seconds. */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      // gone
    }
  }
  return ticks / 100;
}

/** Samples a process tree's RSS every 250 ms; `stop` returns the peak seen. */
export function sampleRss(pid: number): { stop(): number } {
  let peak = treeRssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMiB(pid))), 250);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssMiB(pid));
    },
  };
}

/**
 * The Node options a replica of the Helm chart runs with (deploy/helm/vigil/values.yaml: the V8 heap cap and the
 * young generation's semi-space), so that the server benchmarks measure Vigil as it is deployed.
 */
export function chartNodeOptions(): string {
  const values = parse(
    readFileSync(join(import.meta.dirname, "..", "..", "deploy", "helm", "vigil", "values.yaml"), "utf8"),
  ) as { nodeHeapMiB?: unknown; nodeSemiSpaceMiB?: unknown };
  const { nodeHeapMiB, nodeSemiSpaceMiB } = values;
  if (!Number.isInteger(nodeHeapMiB) || !Number.isInteger(nodeSemiSpaceMiB)) {
    throw new Error("deploy/helm/vigil/values.yaml: nodeHeapMiB and nodeSemiSpaceMiB must be whole numbers");
  }
  return `--max-old-space-size=${String(nodeHeapMiB)} --max-semi-space-size=${String(nodeSemiSpaceMiB)}`;
}
