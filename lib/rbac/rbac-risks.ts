import type { Severity } from "@/lib/findings/types";

// The permission probes behind RBAC-001..RBAC-025 (docs/semantics.md §2 "Risk catalogue"), each with the reason the
// Kubernetes "RBAC Good Practices" page gives. A probe asks whether some rule grants one of its verbs on one of its
// resources (resourceNames narrow a grant but do not remove the risk: the finding says which names).

export interface Probe {
  verbs: readonly string[];
  apiGroup: string;
  resource: string;
  /** A subresource, or "any" for every subresource of the resource (impersonating userextras/<key>). */
  subresource?: string;
}

export interface SingleRisk {
  id: string;
  /** Severity when granted cluster-wide, and when granted in one namespace. */
  severity: { cluster: Severity; namespace: Severity };
  probes: readonly Probe[];
  /** Only counts when granted cluster-wide or in kube-system. */
  kubeSystemOnly?: boolean;
  /** What the subject can do, as a phrase ("read Secrets"). */
  what: string;
  why: string;
}

const WRITE = ["create", "update", "patch", "delete", "deletecollection"] as const;
const WORKLOADS: readonly [string, string][] = [
  ["", "pods"],
  ["", "replicationcontrollers"],
  ["apps", "deployments"],
  ["apps", "replicasets"],
  ["apps", "statefulsets"],
  ["apps", "daemonsets"],
  ["batch", "jobs"],
  ["batch", "cronjobs"],
];
const RBAC = "rbac.authorization.k8s.io";
const ADMISSION = "admissionregistration.k8s.io";

export const CLUSTER_ADMIN_WHY =
  "it can do anything, including granting itself and others any permission; the good practices ask to grant " +
  "cluster-admin-equivalent rights to no one day to day";

export const SINGLE_RISKS: readonly SingleRisk[] = [
  {
    id: "RBAC-002",
    severity: { cluster: "high", namespace: "medium" },
    probes: ["get", "list", "watch"].map((v) => ({ verbs: [v], apiGroup: "", resource: "secrets" })),
    what: "read Secrets",
    why: "Secrets hold credentials and service-account tokens; reading them (even list or watch, which return the values) lets it act as whoever they belong to",
  },
  {
    id: "RBAC-003",
    severity: { cluster: "high", namespace: "medium" },
    probes: WORKLOADS.map(([g, r]) => ({ verbs: ["create"], apiGroup: g, resource: r })),
    what: "create workloads",
    why: "a pod can mount any Secret and run as any service account of its namespace, so creating workloads implies their rights",
  },
  {
    id: "RBAC-004",
    severity: { cluster: "high", namespace: "medium" },
    probes: ["exec", "attach", "portforward"].map((s) => ({
      verbs: ["create", "get"],
      apiGroup: "",
      resource: "pods",
      subresource: s,
    })),
    what: "exec, attach or port-forward into pods",
    why: "it runs commands in, or connects to, running containers and so gets their data and service-account tokens (get counts too: before Kubernetes 1.35 a websocket exec needs only get)",
  },
  {
    id: "RBAC-005",
    severity: { cluster: "high", namespace: "medium" },
    probes: [
      { verbs: ["update", "patch"], apiGroup: "", resource: "pods", subresource: "ephemeralcontainers" },
    ],
    what: "add ephemeral containers to pods",
    why: "an ephemeral container runs inside an existing pod with its service account and volumes, like exec",
  },
  {
    id: "RBAC-006",
    severity: { cluster: "high", namespace: "high" },
    probes: [{ verbs: ["create"], apiGroup: "", resource: "persistentvolumes" }],
    what: "create PersistentVolumes",
    why: "a hostPath PersistentVolume gives access to the node's file system; the good practices reserve it for administrators",
  },
  {
    id: "RBAC-007",
    severity: { cluster: "critical", namespace: "critical" },
    probes: [{ verbs: ["get", "create"], apiGroup: "", resource: "nodes", subresource: "proxy" }],
    what: "use nodes/proxy",
    why: "it reaches the kubelet API directly, which runs commands in every pod of the node and bypasses audit and admission",
  },
  {
    id: "RBAC-008",
    severity: { cluster: "critical", namespace: "high" },
    probes: [
      { verbs: ["escalate"], apiGroup: RBAC, resource: "roles" },
      { verbs: ["escalate"], apiGroup: RBAC, resource: "clusterroles" },
    ],
    what: "escalate roles",
    why: "escalate lets it write roles with permissions it does not hold, and so grant itself anything",
  },
  {
    id: "RBAC-009",
    severity: { cluster: "critical", namespace: "high" },
    probes: [
      { verbs: ["bind"], apiGroup: RBAC, resource: "roles" },
      { verbs: ["bind"], apiGroup: RBAC, resource: "clusterroles" },
    ],
    what: "bind roles",
    why: "bind lets it create bindings to roles with permissions it does not hold, and so grant itself anything",
  },
  {
    id: "RBAC-010",
    severity: { cluster: "critical", namespace: "high" },
    probes: [
      { verbs: ["impersonate"], apiGroup: "", resource: "users" },
      { verbs: ["impersonate"], apiGroup: "", resource: "groups" },
      { verbs: ["impersonate"], apiGroup: "", resource: "serviceaccounts" },
      { verbs: ["impersonate"], apiGroup: "authentication.k8s.io", resource: "uids" },
      {
        verbs: ["impersonate"],
        apiGroup: "authentication.k8s.io",
        resource: "userextras",
        subresource: "any",
      },
    ],
    what: "impersonate users, groups or service accounts",
    why: "impersonation lets it act as another identity (system:masters included) and so hold its rights",
  },
  {
    id: "RBAC-012",
    severity: { cluster: "high", namespace: "medium" },
    probes: [{ verbs: ["create"], apiGroup: "", resource: "serviceaccounts", subresource: "token" }],
    what: "create service account tokens",
    why: "it can mint a token for any service account in scope and act with its rights",
  },
  {
    id: "RBAC-013",
    severity: { cluster: "critical", namespace: "critical" },
    probes: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"].map((r) => ({
      verbs: WRITE,
      apiGroup: ADMISSION,
      resource: r,
    })),
    what: "write admission webhook configurations",
    why: "a webhook sees (and a mutating one rewrites) every object sent to the API server, Secrets included, or can block changes",
  },
  {
    id: "RBAC-014",
    severity: { cluster: "high", namespace: "medium" },
    probes: [{ verbs: ["update", "patch"], apiGroup: "", resource: "namespaces" }],
    what: "update or patch namespaces",
    why: "namespace labels drive Pod Security admission and NetworkPolicy namespace selectors; changing them lifts those controls",
  },
  {
    id: "RBAC-015",
    severity: { cluster: "critical", namespace: "critical" },
    kubeSystemOnly: true,
    probes: [{ verbs: WRITE, apiGroup: "", resource: "secrets" }],
    what: "write Secrets in kube-system",
    why: "kube-system Secrets hold the credentials of cluster components; writing them can take them over",
  },
  {
    id: "RBAC-016",
    severity: { cluster: "medium", namespace: "medium" },
    probes: [{ verbs: ["update", "patch"], apiGroup: "", resource: "pods" }],
    what: "update or patch pods",
    why: "changing a running pod's image runs other code with that pod's service account and mounted Secrets",
  },
  {
    id: "RBAC-018",
    severity: { cluster: "medium", namespace: "low" },
    probes: ["nodes", "pods", "services"].map((r) => ({
      verbs: ["update", "patch"],
      apiGroup: "",
      resource: r,
      subresource: "status",
    })),
    what: "update the status of nodes, pods or services",
    why: "status feeds controllers (endpoints, load balancers, scheduling); forging it redirects traffic or workloads",
  },
  {
    id: "RBAC-019",
    severity: { cluster: "medium", namespace: "low" },
    probes: [
      ...WORKLOADS.map(([g, r]) => ({ verbs: ["delete", "deletecollection"], apiGroup: g, resource: r })),
      { verbs: ["delete", "deletecollection"], apiGroup: "", resource: "secrets" },
      { verbs: ["delete", "deletecollection"], apiGroup: "", resource: "services" },
    ],
    what: "delete workloads, Secrets or Services",
    why: "deleting them is a denial of service, and deleting a pod can move it onto a node an attacker controls",
  },
  {
    id: "RBAC-023",
    severity: { cluster: "high", namespace: "high" },
    kubeSystemOnly: true,
    probes: [{ verbs: ["update", "patch"], apiGroup: "", resource: "configmaps" }],
    what: "update or patch ConfigMaps in kube-system",
    why: "kube-system ConfigMaps configure cluster components (kube-proxy, CoreDNS, authentication); changing them changes the cluster",
  },
  {
    id: "RBAC-024",
    severity: { cluster: "high", namespace: "high" },
    probes: [
      { verbs: WRITE, apiGroup: "apiextensions.k8s.io", resource: "customresourcedefinitions" },
      ...[
        "validatingadmissionpolicies",
        "validatingadmissionpolicybindings",
        "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings",
      ].map((r) => ({ verbs: WRITE, apiGroup: ADMISSION, resource: r })),
    ],
    what: "write CRDs or admission policies",
    why: "CRDs and admission policies decide what the API server accepts; writing them can disable checks or break controllers",
  },
];

/** docs/semantics.md §2: the parts of a risk that need several permissions, possibly from different bindings. */
export const COMBINED_WHY: Readonly<Record<"RBAC-011" | "RBAC-017" | "RBAC-025", string>> = {
  "RBAC-011":
    "creating a CertificateSigningRequest, approving it and having the signer permission issues client certificates for any identity, system:masters included",
  "RBAC-017":
    "deleting kube-system pods while updating nodes (taints, labels) lets it move control-plane pods onto a node it controls",
  "RBAC-025":
    "with get and patch on RoleBindings it can add itself to any binding of the namespace and hold its role",
};

// Each a one-probe list, so the memo of find-rbac-risks.ts finds it again by identity.
export const CSR_CREATE: readonly Probe[] = [
  {
    verbs: ["create"],
    apiGroup: "certificates.k8s.io",
    resource: "certificatesigningrequests",
  },
];
export const CSR_APPROVAL: readonly Probe[] = [
  {
    verbs: ["update", "patch"],
    apiGroup: "certificates.k8s.io",
    resource: "certificatesigningrequests",
    subresource: "approval",
  },
];
export const SIGNER_APPROVE: readonly Probe[] = [
  {
    verbs: ["approve"],
    apiGroup: "certificates.k8s.io",
    resource: "signers",
  },
];
export const POD_DELETE: readonly Probe[] = [
  { verbs: ["delete", "deletecollection"], apiGroup: "", resource: "pods" },
];
export const NODE_UPDATE: readonly Probe[] = [
  { verbs: ["update", "patch"], apiGroup: "", resource: "nodes" },
];
export const ROLEBINDING_GET: readonly Probe[] = [
  { verbs: ["get"], apiGroup: RBAC, resource: "rolebindings" },
];
export const ROLEBINDING_PATCH: readonly Probe[] = [
  { verbs: ["patch"], apiGroup: RBAC, resource: "rolebindings" },
];
