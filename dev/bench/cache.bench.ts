import { generateCluster } from "@/dev/generator/generate-cluster";
import { printTable, time } from "@/dev/bench/measure";
import { estimateBytes } from "@/lib/gating/estimate-bytes";

// The byte-bounded cache (lib/gating/ttl-cache.ts) weighs each value once, with estimateBytes. This measures
// that weighing on a generated 10,000-pod snapshot (seed 42): how long it takes, and how its estimate compares
// with the heap the snapshot really holds (heapUsed after a full GC, before and after building it; run with
// --expose-gc, as `npm run bench` does).

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench does)");
gc();
const before = process.memoryUsage().heapUsed;
const snapshot = generateCluster({
  seed: 42,
  namespaces: 200,
  podsPerNamespace: 50,
  policiesPerNamespace: 10,
  roles: 1000,
  bindings: 4000,
});
gc();
const heapBytes = process.memoryUsage().heapUsed - before;
const weighed = time(() => estimateBytes(snapshot));
const MiB = 1024 * 1024;
const row = {
  pods: snapshot.pods.length,
  heapMiB: Math.round(heapBytes / MiB),
  estimateMiB: Math.round(weighed.result / MiB),
  estimateToHeap: Number((weighed.result / heapBytes).toFixed(2)),
  estimateMs: Math.round(weighed.ms),
};
printTable([row]);
console.log(`BENCH_JSON ${JSON.stringify(row)}`);
