import { spawnSync } from "node:child_process";
import { generateClusterObjects, type GenerateOptions } from "@/dev/generator/generate-cluster";
import { generateClusterPolicyObjects } from "@/dev/generator/generate-cluster-policies";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { peakRssMiB, printTable, time } from "@/dev/bench/measure";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { projectEdges } from "@/lib/netpol/project-graph";

// The NetworkPolicy engine on generated clusters (seed 3) of 1,000, 10,000 and 50,000 pods, 50 pods and 10
// policies per namespace: full workload-level reachability (classes, then every allowed workload pair with its
// ports, external ranges included), and the findings. Target on 10,000 pods / 2,000 policies: under 2 s and
// 1 GB. Each size runs in its own process so that its peak RSS is its own. The 10,000-pod cluster runs again
// with 200 cluster-tier policies shaped like real guardrails (dev/generator/generate-cluster-policies.ts: DNS
// accepted, kube-system and databases closed, dev kept out of prod, Pass to namespace policies, Baseline
// default deny per namespace set) and the kube-system and monitoring pods they name: the difference is what
// the tiers cost.
//
// Comparison with np-guard's netpol-analyzer: `go install github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest`
// through the Go module proxy answers "403 Forbidden: This module version is not available" here (tried
// 2026-11-23), so no time ratio is measured; the JSON says so.

const SIZES = [1_000, 10_000, 50_000];
/** Cluster-tier policies added to the 10,000-pod cluster, measured with and without them. */
const TIER_POLICIES = 200;
const PODS_PER_NAMESPACE = 50;
const POLICIES_PER_NAMESPACE = 10;
const COMPARISON = "np-guard netpol-analyzer not installable: the Go module proxy answers 403 for it";

interface Row {
  pods: number;
  policies: number;
  clusterPolicies: number;
  workloads: number;
  classes: number;
  externalRanges: number;
  analyzeMs: number;
  reachabilityMs: number;
  totalMs: number;
  /** CPU time (user + system) of analysis and reachability: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  workloadEdges: number;
  findingsMs: number;
  findings: number;
  peakRssMiB: number;
}

function runOne(pods: number, clusterPolicies: number): Row {
  const opts: GenerateOptions = {
    seed: 3,
    namespaces: pods / PODS_PER_NAMESPACE,
    podsPerNamespace: PODS_PER_NAMESPACE,
    policiesPerNamespace: POLICIES_PER_NAMESPACE,
    roles: 0,
    bindings: 0,
  };
  const objects = [
    ...generateClusterObjects(opts),
    ...generateClusterPolicyObjects(5, clusterPolicies, opts.namespaces),
  ];
  const snapshot = buildSnapshot(
    objects.map((object, i) => ({ object, origin: { file: "generated", document: i + 1 } })),
    { kind: "manifests", name: "generated", takenAt: "1970-01-01T00:00:00.000Z" },
  );
  // The generator's garbage is collected before the clock starts, so that it is not counted as the engine's.
  globalThis.gc?.();
  const cpuStart = process.cpuUsage();
  const analyze = time(() => analyzeNetwork(snapshot));
  const reach = time(() => projectEdges(analyze.result, "workload"));
  const cpu = process.cpuUsage(cpuStart);
  let edges = 0;
  for (const row of reach.result.edges.values()) edges += row.size;
  const findings = time(() => findNetworkRisks(snapshot, analyze.result));
  return {
    pods: snapshot.pods.length,
    policies: snapshot.networkPolicies.length,
    clusterPolicies: snapshot.clusterNetworkPolicies.length,
    workloads: new Set(snapshot.pods.map((p) => `${p.namespace}/${p.workload.kind}/${p.workload.name}`)).size,
    classes: analyze.result.classes.length,
    externalRanges: analyze.result.atoms.length,
    analyzeMs: Math.round(analyze.ms),
    reachabilityMs: Math.round(reach.ms),
    totalMs: Math.round(analyze.ms + reach.ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    workloadEdges: edges,
    findingsMs: Math.round(findings.ms),
    findings: findings.result.length,
    peakRssMiB: peakRssMiB(),
  };
}

const only = process.argv.indexOf("--pods");
if (only !== -1) {
  const tiers = process.argv.indexOf("--tiers");
  console.log(
    `ROW ${JSON.stringify(runOne(Number(process.argv[only + 1]), tiers === -1 ? 0 : Number(process.argv[tiers + 1])))}`,
  );
} else {
  const rows: Row[] = [];
  const runs: [number, number][] = [...SIZES.map((p): [number, number] => [p, 0]), [10_000, TIER_POLICIES]];
  for (const [pods, tiers] of runs) {
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, "--pods", String(pods), "--tiers", String(tiers)],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const line = (run.stdout ?? "").split("\n").find((l) => l.startsWith("ROW "));
    if (run.status !== 0 || !line) {
      console.error(`netpol bench: the ${pods}-pod run failed (exit ${run.status})`);
      process.exit(1);
    }
    rows.push(JSON.parse(line.slice(4)) as Row);
  }
  printTable(
    rows.map((r) => ({
      pods: r.pods,
      policies: r.policies,
      "cluster policies": r.clusterPolicies,
      workloads: r.workloads,
      "pod classes": r.classes,
      "external ranges": r.externalRanges,
      "classes (ms)": r.analyzeMs,
      "workload reachability (ms)": r.reachabilityMs,
      "total (ms)": r.totalMs,
      "CPU (ms)": r.cpuMs,
      "workload edges": r.workloadEdges,
      "findings (ms)": r.findingsMs,
      "peak RSS (MiB)": r.peakRssMiB,
    })),
  );
  const target = rows.find((r) => r.pods === 10_000 && r.clusterPolicies === 0);
  // The tiered run has the guardrails' kube-system and monitoring pods too (10,004 pods).
  const tiered = rows.find((r) => r.clusterPolicies > 0);
  console.log(
    `Target on 10,000 pods / 2,000 policies: under 2000 ms and 1024 MiB -> ${target?.totalMs} ms wall (${target?.cpuMs} ms CPU), ${target?.peakRssMiB} MiB`,
  );
  console.log(
    `With ${tiered?.clusterPolicies} cluster-tier policies: ${tiered?.totalMs} ms wall (${tiered?.cpuMs} ms CPU), ${tiered?.peakRssMiB} MiB; the tiers cost ${(tiered?.cpuMs ?? 0) - (target?.cpuMs ?? 0)} ms CPU`,
  );
  console.log(`Comparison: ${COMPARISON}`);
  console.log(`BENCH_JSON ${JSON.stringify({ sizes: rows, comparison: COMPARISON })}`);
}
