import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { percentile, printTable } from "@/dev/bench/measure";
import { ensureCli, ROOT } from "@/dev/scripts/build-cli.mjs";

// Cold start of the `vigil` command, as hyperfine would measure it: RUNS fresh processes of each command, the
// median and spread of their wall time, and their CPU time (the children's user + system time, from
// /proc/self/stat, so no other tool is needed). Compared: the compiled CLI (bin/vigil.mjs -> dist/cli/) and
// the TypeScript sources run through tsx, which is how bin/vigil.mjs ran before the CLI was compiled.

const RUNS = Number(process.env.CLI_BENCH_RUNS ?? 10);
const TICKS_PER_SECOND = 100; // USER_HZ: the unit of /proc times on Linux

/** CPU time of this process's waited-for children so far, in ms (cutime + cstime of /proc/self/stat). */
function childrenCpuMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields after the command name start at field 3 (state): cutime is field 16, cstime field 17.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

function measure(label: string, args: string[]) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuBefore = childrenCpuMs();
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    wall.push(performance.now() - start);
    cpu.push(childrenCpuMs() - cpuBefore);
    if (run.status !== 0) throw new Error(`${label} exited ${run.status}: ${run.stderr}`);
  }
  return {
    label,
    medianMs: Math.round(percentile(wall, 50)),
    minMs: Math.round(Math.min(...wall)),
    maxMs: Math.round(Math.max(...wall)),
    cpuMedianMs: Math.round(percentile(cpu, 50)),
  };
}

await ensureCli();
const demo = join("fixtures", "demo");
const rows = [
  measure("compiled: vigil --version", ["bin/vigil.mjs", "--version"]),
  measure("compiled: vigil workloads findings (the demo)", [
    "bin/vigil.mjs",
    "workloads",
    "findings",
    "--manifests",
    demo,
  ]),
  measure("tsx: vigil --version", ["--import", "tsx", "lib/cli/main.ts", "--version"]),
  measure("tsx: vigil workloads findings (the demo)", [
    "--import",
    "tsx",
    "lib/cli/main.ts",
    "workloads",
    "findings",
    "--manifests",
    demo,
  ]),
];
printTable(
  rows.map((r) => ({
    command: r.label,
    "median ms": r.medianMs,
    "min-max ms": `${r.minMs}-${r.maxMs}`,
    "CPU median ms": r.cpuMedianMs,
  })),
);
console.log(`${RUNS} runs each (target: the compiled --version well under 1 s)`);
console.log(`BENCH_JSON ${JSON.stringify({ runs: RUNS, rows })}`);
