// Which resource kinds (their plural names, as access gaps name them) each area's figures depend on: a gap on
// one of them makes that area's panels say they are incomplete. The one list, shared by the overview and
// every page.

/** The resources Pod Security reads a workload from: a gap on one hides workloads from every figure. */
export const POD_RESOURCES = [
  "pods",
  "deployments",
  "statefulsets",
  "daemonsets",
  "replicasets",
  "jobs",
  "cronjobs",
] as const;

export const AREA_RESOURCES = {
  rbac: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"],
  // Workload templates stand for their pods when there are none (manifests, scaled to zero), so a gap on
  // them hides workloads from the graph as surely as a gap on pods.
  network: [
    "namespaces",
    ...POD_RESOURCES,
    "services",
    "ingresses",
    "networkpolicies",
    // The policy tiers (evaluated) and the kinds of other projects that filter pod traffic (NET-011): not
    // seeing them may hide a deny, or the notice that an answer is an upper bound.
    "clusternetworkpolicies",
    "adminnetworkpolicies",
    "baselineadminnetworkpolicies",
    "ciliumnetworkpolicies",
    "ciliumclusterwidenetworkpolicies",
    "globalnetworkpolicies",
    "authorizationpolicies",
  ],
  // Pod Security reads pods and the pod templates of workloads; services and ingresses tell what is exposed.
  workloads: ["namespaces", ...POD_RESOURCES, "services", "ingresses"],
  certificates: [
    "secrets",
    "configmaps",
    "ingresses",
    "validatingwebhookconfigurations",
    "mutatingwebhookconfigurations",
    "apiservices",
    "customresourcedefinitions",
    "certificatesigningrequests",
    "certificates",
    "certificaterequests",
  ],
} as const satisfies Record<string, readonly string[]>;

/** The resources the attack graph is built from (docs/semantics.md §5). */
export const PATH_RESOURCES: readonly string[] = [
  "namespaces",
  ...POD_RESOURCES,
  "serviceaccounts",
  "secrets",
  "services",
  "ingresses",
  "networkpolicies",
  "roles",
  "rolebindings",
  "clusterroles",
  "clusterrolebindings",
  "nodes",
  "validatingwebhookconfigurations",
  "mutatingwebhookconfigurations",
];
