import { generateCluster } from "@/dev/generator/generate-cluster";
import { peakRssMiB, printTable, time } from "@/dev/bench/measure";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { findPaths } from "@/lib/paths/find-paths";
import { findPathFindings } from "@/lib/paths/path-findings";
import type { TargetSpec } from "@/lib/paths/types";

// The attack-path engine on a generated cluster of 10,000 pods, 20,000 bindings and 2,000 policies (seed 7,
// 200 namespaces, 5,000 roles): the whole graph (the RBAC index and the reachability analysis it reads
// included), then every path from the internet and from any pod of every namespace to cluster-admin, a node
// and cloud credentials, then the PATH findings apart. Target: graph and paths under 3 s, under 1 GB.
// CPU time is the process's (user + system, every thread: the garbage collector's helpers too).

const snapshot = generateCluster({
  seed: 7,
  namespaces: 200,
  podsPerNamespace: 50,
  policiesPerNamespace: 10,
  roles: 5000,
  bindings: 20000,
});
// The generator's garbage is collected before the clock starts, so that it is not counted as the engine's.
globalThis.gc?.();

const TARGETS: TargetSpec[] = [
  { kind: "cluster-admin" },
  { kind: "all-nodes" },
  { kind: "cloud-credentials" },
];
const cpuStart = process.cpuUsage();
const graph = time(() => buildAttackGraph(snapshot));
const { graph: g, context } = graph.result;
const paths = time(() => {
  let n = 0;
  for (const t of TARGETS) n += findPaths(g, { kind: "internet" }, t).length;
  for (const ns of context.namespaces) {
    for (const t of TARGETS) n += findPaths(g, { kind: "any-pod", namespace: ns }, t).length;
  }
  return n;
});
const cpu = process.cpuUsage(cpuStart);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
const findings = time(() => findPathFindings(g, context));
const totalMs = Math.round(graph.ms + paths.ms);
const rss = peakRssMiB();
// Edges keep their RBAC evidence deferred until one is read; reading every edge (VIGIL_BENCH_EVIDENCE=1) counts
// the entries, after the measures.
const evidence =
  process.env.VIGIL_BENCH_EVIDENCE === "1" ? g.edges.reduce((n, e) => n + e.evidence.length, 0) : "deferred";

printTable([
  { step: "graph", ms: Math.round(graph.ms), nodes: g.nodes.length, edges: g.edgeCount, evidence },
  {
    step: `paths (internet + ${context.namespaces.length} namespaces)`,
    ms: Math.round(paths.ms),
    paths: paths.result,
  },
  { step: "graph + paths", ms: totalMs, "CPU ms": cpuMs, "peak RSS MiB": rss },
  { step: "PATH findings", ms: Math.round(findings.ms), findings: findings.result.length },
]);
console.log(
  `Target: graph + paths under 3000 ms and 1024 MiB -> ${totalMs} ms wall (${cpuMs} ms CPU), peak RSS ${rss} MiB`,
);
console.log(
  `BENCH_JSON ${JSON.stringify({ graphMs: Math.round(graph.ms), pathsMs: Math.round(paths.ms), totalMs, cpuMs, findingsMs: Math.round(findings.ms), peakRssMiB: rss, nodes: g.nodes.length, edges: g.edgeCount, evidence, paths: paths.result, findings: findings.result.length, withinTarget: totalMs < 3000 && rss < 1024 })}`,
);
