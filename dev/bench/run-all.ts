import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// `npm run bench`: runs every dev/bench/*.bench.ts in its own process (so peak memory is its own), one after
// the other, and collects each one's `BENCH_JSON {...}` line into bench-results/latest.json.
// `npm run bench -- netpol` runs only the files whose name contains "netpol"; a name that is exactly one file's
// (`load` for load.bench.ts) runs that file alone.

const dir = import.meta.dirname;
const filter = process.argv[2];
const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts"));
const files = (
  filter && all.includes(`${filter}.bench.ts`)
    ? [`${filter}.bench.ts`]
    : all.filter((f) => !filter || f.includes(filter))
).sort();
const results: Record<string, unknown> = {};
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(dir, file)], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = run.stdout ?? "";
  process.stdout.write(
    out
      .split("\n")
      .filter((l) => !l.startsWith("BENCH_JSON "))
      .join("\n"),
  );
  const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (run.status !== 0 || !line) {
    failed++;
    console.error(`${file} failed (exit ${run.status})`);
    continue;
  }
  results[file.replace(/\.bench\.ts$/, "")] = JSON.parse(line.slice("BENCH_JSON ".length));
}
mkdirSync(join(dir, "..", "..", "bench-results"), { recursive: true });
writeFileSync(
  join(dir, "..", "..", "bench-results", "latest.json"),
  JSON.stringify({ node: process.version, results }, null, 2),
);
console.log(
  `\n${files.length - failed} benchmarks ran, ${failed} failed; figures in bench-results/latest.json`,
);
process.exitCode = failed > 0 ? 1 : 0;
