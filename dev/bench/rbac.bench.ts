import { generateCluster, seededRandom } from "@/dev/generator/generate-cluster";
import { percentile, peakRssMiB, printTable, time } from "@/dev/bench/measure";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import { effectivePermissions } from "@/lib/rbac/effective-permissions";
import { buildBindingRows, filterBindingRows } from "@/lib/views/build-access-view";
import { findRbacRisksInIndex } from "@/lib/rbac/find-rbac-risks";
import type { AccessRequest } from "@/lib/rbac/types";
import { userInfoFor } from "@/lib/rbac/user-info";
import { whoCan } from "@/lib/rbac/who-can";

// The RBAC engine on a generated cluster of 5,000 roles and 20,000 bindings (seed 7): index build, who-can and
// can latency over many random queries (median and p95; target under 50 ms per who-can), the full findings
// (target under 2 s) and peak RSS (target under 500 MB).

const snapshot = generateCluster({
  seed: 7,
  namespaces: 200,
  podsPerNamespace: 2,
  policiesPerNamespace: 0,
  roles: 5000,
  bindings: 20000,
});

const build = time(() => buildRbacIndex(snapshot));
const index = build.result;

const rnd = seededRandom(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const namespaces = snapshot.namespaces.map((n) => n.name);
const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];
const RESOURCES: [string, string, string?][] = [
  ["", "pods"],
  ["", "pods", "exec"],
  ["", "secrets"],
  ["", "configmaps"],
  ["", "services"],
  ["", "nodes"],
  ["apps", "deployments"],
  ["apps", "deployments", "scale"],
  ["batch", "jobs"],
  ["rbac.authorization.k8s.io", "rolebindings"],
];
function randomRequest(): AccessRequest {
  const [apiGroup, resource, subresource] = pick(RESOURCES);
  return {
    verb: pick(VERBS),
    apiGroup,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(rnd() < 0.8 ? { namespace: pick(namespaces) } : {}),
  };
}

const subjects = index.bindings.flatMap((b) => b.subjects);
const QUERIES = 500;
const whoCanMs: number[] = [];
let whoCanSubjects = 0;
for (let i = 0; i < QUERIES; i++) {
  const run = time(() => whoCan(index, randomRequest()));
  whoCanMs.push(run.ms);
  whoCanSubjects += run.result.subjects.length;
}
const canMs: number[] = [];
let allowed = 0;
for (let i = 0; i < QUERIES * 4; i++) {
  const s = pick(subjects);
  const name = s.kind === "ServiceAccount" ? `system:serviceaccount:${s.namespace ?? ""}:${s.name}` : s.name;
  const user = s.kind === "Group" ? userInfoFor("someone", [s.name]) : userInfoFor(name);
  const run = time(() => can(index, user, randomRequest()));
  canMs.push(run.ms);
  if (run.result.decision === "allow") allowed++;
}
const effectiveMs: number[] = [];
for (let i = 0; i < 100; i++) {
  const s = pick(subjects);
  effectiveMs.push(time(() => effectivePermissions(index, s)).ms);
}
// CPU time as well as wall time: on a shared machine the wall time also counts other processes' turns.
const cpuBefore = process.cpuUsage();
const findings = time(() => findRbacRisksInIndex(index));
const cpuUsed = process.cpuUsage(cpuBefore);
const findingsCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
// The Access page's view model: every binding row with its risks, then one filter and sort; the first view
// marks the findings, later views of the same snapshot reuse them.
const viewRows = () =>
  filterBindingRows(buildBindingRows(index, findings.result), { risk: "any", q: "ns-00", sort: "risk" });
const pageRows = time(viewRows);
const pageRowsAgain = time(viewRows);
const rss = peakRssMiB();

const round = (n: number) => Math.round(n * 100) / 100;
printTable([
  {
    measure: "roles / bindings",
    value: `${snapshot.roles.length} / ${snapshot.bindings.length}`,
    target: "5000 / 20000",
  },
  { measure: "index build (ms)", value: round(build.ms), target: "-" },
  {
    measure: `who-can median (ms, ${QUERIES} queries)`,
    value: round(percentile(whoCanMs, 50)),
    target: "< 50",
  },
  { measure: "who-can p95 (ms)", value: round(percentile(whoCanMs, 95)), target: "< 50" },
  { measure: `can median (ms, ${QUERIES * 4} queries)`, value: round(percentile(canMs, 50)), target: "-" },
  { measure: "can p95 (ms)", value: round(percentile(canMs, 95)), target: "-" },
  { measure: "effective permissions p95 (ms)", value: round(percentile(effectiveMs, 95)), target: "-" },
  {
    measure: `full findings (ms, ${findings.result.length} findings)`,
    value: round(findings.ms),
    target: "< 2000",
  },
  { measure: "full findings CPU time (ms)", value: round(findingsCpuMs), target: "-" },
  { measure: "Access rows + filter, first view (ms)", value: round(pageRows.ms), target: "-" },
  { measure: "Access rows + filter, next views (ms)", value: round(pageRowsAgain.ms), target: "-" },
  { measure: "peak RSS (MiB)", value: rss, target: "< 500" },
]);
console.log(
  `BENCH_JSON ${JSON.stringify({
    roles: snapshot.roles.length,
    bindings: snapshot.bindings.length,
    indexBuildMs: round(build.ms),
    whoCanMedianMs: round(percentile(whoCanMs, 50)),
    whoCanP95Ms: round(percentile(whoCanMs, 95)),
    whoCanMeanSubjects: round(whoCanSubjects / QUERIES),
    canMedianMs: round(percentile(canMs, 50)),
    canP95Ms: round(percentile(canMs, 95)),
    canAllowed: allowed,
    effectivePermissionsP95Ms: round(percentile(effectiveMs, 95)),
    findingsMs: round(findings.ms),
    findingsCpuMs: round(findingsCpuMs),
    findings: findings.result.length,
    accessRowsFirstMs: round(pageRows.ms),
    accessRowsNextMs: round(pageRowsAgain.ms),
    peakRssMiB: rss,
  })}`,
);
