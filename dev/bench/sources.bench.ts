import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { generateClusterObjects } from "@/dev/generator/generate-cluster";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { loadManifests } from "@/lib/sources/load-manifests";
import { peakRssMiB, printTable, timeAsync } from "@/dev/bench/measure";

// Loading: the bundled demo, and a generated 10,000-pod cluster written as YAML manifests and read back
// through the real loader (the path a GitOps repository or a saved snapshot takes).

const demo = await timeAsync(() => loadDemoSnapshot(new Date("2026-01-01T00:00:00Z")));
const demoRss = peakRssMiB();

const opts = {
  seed: 42,
  namespaces: 200,
  podsPerNamespace: 50,
  policiesPerNamespace: 10,
  roles: 1000,
  bindings: 4000,
};
const dir = mkdtempSync(join(tmpdir(), "vigil-bench-load-"));
const objects = generateClusterObjects(opts);
// One file per namespace-sized chunk, as a repository would hold them.
for (let i = 0; i < objects.length; i += 500) {
  writeFileSync(
    join(dir, `part-${String(i / 500).padStart(4, "0")}.yaml`),
    objects
      .slice(i, i + 500)
      .map((o) => stringify(o))
      .join("---\n"),
  );
}
const big = await timeAsync(() => loadManifests([dir]));
rmSync(dir, { recursive: true, force: true });
const bigRss = peakRssMiB();

const rows = [
  {
    input: "fixtures/demo + generated certificates",
    objects: "-",
    pods: demo.result.pods.length,
    ms: Math.round(demo.ms),
    peakRssMiB: demoRss,
  },
  {
    input: "generated 10,000 pods (YAML files)",
    objects: objects.length,
    pods: big.result.pods.length,
    ms: Math.round(big.ms),
    peakRssMiB: bigRss,
  },
];
printTable(rows);
console.log(
  `BENCH_JSON ${JSON.stringify({ demoLoadMs: Math.round(demo.ms), demoPeakRssMiB: demoRss, load10kPodsMs: Math.round(big.ms), load10kObjects: objects.length, load10kPeakRssMiB: bigRss })}`,
);
