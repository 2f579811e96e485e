import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateClusterObjects } from "@/dev/generator/generate-cluster";

// `npm run demo -- --large`: a generated cluster (seeded, so every run shows the same one) as one `kind: List`
// file, with the demo users' access: bob (security-reviewers) reads everything but Secrets cluster-wide,
// alice (team-frontend) reads the first namespace only.

const out = process.env.VIGIL_LARGE_OUT ?? ".vigil-dev/large-cluster.json";
const namespaces = Number(process.env.VIGIL_LARGE_NAMESPACES ?? 200);
// 50 pods per namespace over 200 namespaces is the 10,000-pod cluster of the benchmarks.
const podsPerNamespace = Number(process.env.VIGIL_LARGE_PODS_PER_NAMESPACE ?? 20);
const objects = generateClusterObjects({
  seed: 42,
  namespaces,
  podsPerNamespace,
  policiesPerNamespace: 5,
  roles: namespaces * 2,
  bindings: namespaces * 3,
});
const reader = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: "vigil-demo-reader" },
  rules: [
    {
      apiGroups: ["", "apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "cert-manager.io"],
      resources: [
        "namespaces",
        "nodes",
        "pods",
        "services",
        "serviceaccounts",
        "configmaps",
        "deployments",
        "statefulsets",
        "daemonsets",
        "replicasets",
        "jobs",
        "cronjobs",
        "ingresses",
        "networkpolicies",
        "roles",
        "rolebindings",
        "clusterroles",
        "clusterrolebindings",
        "certificates",
        "certificaterequests",
      ],
      verbs: ["get", "list", "watch"],
    },
  ],
};
const firstNamespace = objects.find((o) => o.kind === "Namespace") as
  { metadata?: { name?: string } } | undefined;
const access = [
  reader,
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "vigil-demo-security-reviewers" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "vigil-demo-reader" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "security-reviewers" }],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "vigil-demo-team-frontend", namespace: firstNamespace?.metadata?.name ?? "default" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "vigil-demo-reader" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "team-frontend" }],
  },
];
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ apiVersion: "v1", kind: "List", items: [...objects, ...access] }));
console.log(`wrote ${objects.length + access.length} objects to ${out}`);
