import { generateCluster } from "@/dev/generator/generate-cluster";
import { peakRssMiB, printTable, time } from "@/dev/bench/measure";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";

// Snapshot-mode access gating (lib/gating/gate-snapshot.ts): the time to cut one viewer's view out of a
// generated cluster of 200 namespaces and 5,000 pods (seed 5) with the RBAC engine's answers, for a viewer
// who sees everything, one who sees one namespace, and one who sees nothing. It runs once per viewer per
// cache lifetime (VIGIL_CACHE_SECONDS), so it adds to the first page of each viewer, not to every page.

const snapshot = generateCluster({
  seed: 5,
  namespaces: 200,
  podsPerNamespace: 25,
  policiesPerNamespace: 5,
  roles: 1000,
  bindings: 3000,
});
const first = snapshot.namespaces[0]?.name ?? "default";
const withAccess = {
  ...snapshot,
  roles: [
    ...snapshot.roles,
    {
      kind: "ClusterRole" as const,
      name: "bench-reader",
      labels: {},
      annotations: {},
      rules: [
        {
          verbs: ["get", "list"],
          apiGroups: ["*"],
          resources: ["*"],
          resourceNames: [],
          nonResourceURLs: [],
        },
      ],
    },
  ],
  bindings: [
    ...snapshot.bindings,
    {
      kind: "ClusterRoleBinding" as const,
      name: "bench-everything",
      labels: {},
      annotations: {},
      roleRef: { kind: "ClusterRole" as const, name: "bench-reader" },
      subjects: [{ kind: "Group" as const, name: "bench-all" }],
    },
    {
      kind: "RoleBinding" as const,
      namespace: first,
      name: "bench-one",
      labels: {},
      annotations: {},
      roleRef: { kind: "ClusterRole" as const, name: "bench-reader" },
      subjects: [{ kind: "Group" as const, name: "bench-one" }],
    },
  ],
};

const viewers = [
  { label: "sees everything", identity: { name: "all@example.com", groups: ["bench-all"] } },
  { label: "sees one namespace", identity: { name: "one@example.com", groups: ["bench-one"] } },
  { label: "sees nothing", identity: { name: "none@example.com", groups: [] } },
];

const rows = viewers.map(({ label, identity }) => {
  const runs = [0, 1, 2].map(() => time(() => gateSnapshot(withAccess, rbacDecide(withAccess, identity))));
  const best = Math.min(...runs.map((r) => r.ms));
  const view = runs[0]?.result;
  return {
    viewer: label,
    namespaces: view?.namespaces.length ?? 0,
    pods: view?.pods.length ?? 0,
    gaps: view?.gaps.length ?? 0,
    "best of 3 (ms)": Math.round(best * 10) / 10,
  };
});

console.log(
  `Access gating: ${snapshot.namespaces.length} namespaces, ${snapshot.pods.length} pods, ` +
    `${withAccess.roles.length} roles, ${withAccess.bindings.length} bindings`,
);
printTable(rows);
console.log(
  "BENCH_JSON " +
    JSON.stringify({
      namespaces: snapshot.namespaces.length,
      pods: snapshot.pods.length,
      gateMs: Object.fromEntries(rows.map((r) => [r.viewer, r["best of 3 (ms)"]])),
      peakRssMiB: peakRssMiB(),
    }),
);
