import { peakRssMiB, printTable, time } from "@/dev/bench/measure";
import { podSpec, rng } from "@/dev/cluster/pss-cases";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";

// Pod Security over 10,000 pods plus 2,000 pod templates (target: under 1 s, under 500 MB): the seeded pod
// specs of the differential test (every check has work to do), across 100 namespaces enforcing privileged,
// baseline or restricted at latest or a pinned version. Mapping the raw objects is measured apart.

const PODS = Number(process.env.WORKLOADS_BENCH_PODS ?? 10_000);
const TEMPLATES = Number(process.env.WORKLOADS_BENCH_TEMPLATES ?? 2_000);
const NAMESPACES = 100;
const KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const;
const r = rng(2026);

const raw: Record<string, unknown>[] = [];
for (let n = 0; n < NAMESPACES; n++) {
  const level = ["privileged", "baseline", "restricted"][n % 3] as string;
  const labels: Record<string, string> = { "pod-security.kubernetes.io/enforce": level };
  if (n % 5 === 0) labels["pod-security.kubernetes.io/enforce-version"] = `v1.${20 + (n % 17)}`;
  raw.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: `ns-${n}`, labels } });
}
for (let i = 0; i < TEMPLATES; i++) {
  const kind = KINDS[i % KINDS.length] as string;
  const { spec, annotations } = podSpec(r, { forTemplate: true });
  const template = { metadata: { labels: { app: `w${i}` }, annotations }, spec };
  raw.push({
    apiVersion: kind === "Job" || kind === "CronJob" ? "batch/v1" : "apps/v1",
    kind,
    metadata: { name: `w${i}`, namespace: `ns-${i % NAMESPACES}` },
    spec: kind === "CronJob" ? { schedule: "@daily", jobTemplate: { spec: { template } } } : { template },
  });
}
for (let i = 0; i < PODS; i++) {
  const { spec, annotations } = podSpec(r, { forTemplate: false });
  raw.push({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `p${i}`, namespace: `ns-${i % NAMESPACES}`, annotations },
    spec,
  });
}

const mapped = time(() =>
  buildSnapshot(
    raw.map((object) => ({ object, origin: {} })),
    { kind: "manifests", name: "bench", takenAt: "2026-01-01T00:00:00Z" },
  ),
);
const snapshot = mapped.result;
const cpuStart = process.cpuUsage();
const pss = time(() => evaluateWorkloads(snapshot));
const cpu = process.cpuUsage(cpuStart);
const pssCpuMs = Math.round((cpu.user + cpu.system) / 1000);
const findings = time(() => findWorkloadRisks(snapshot, { pss: pss.result }));
const evaluated = pss.result.workloads.length;
const rejected = pss.result.workloads.filter((w) => w.rejectedByNamespace).length;
const rssMiB = peakRssMiB();

printTable([
  { step: "map raw objects to the snapshot", ms: Math.round(mapped.ms) },
  { step: `Pod Security of ${evaluated} pods and templates`, ms: Math.round(pss.ms) },
  { step: "  the same, CPU time of this process", ms: pssCpuMs },
  { step: `findings POD/EXP (${findings.result.length})`, ms: Math.round(findings.ms) },
]);
console.log(
  `${rejected} rejected by their namespace; peak RSS ${rssMiB} MiB (target: Pod Security under 1,000 ms, under 500 MB)`,
);
console.log(
  `BENCH_JSON ${JSON.stringify({ pods: PODS, templates: TEMPLATES, evaluated, mapMs: Math.round(mapped.ms), pssMs: Math.round(pss.ms), pssCpuMs, withinTarget: pss.ms < 1000, findingsMs: Math.round(findings.ms), findings: findings.result.length, peakRssMiB: rssMiB })}`,
);
