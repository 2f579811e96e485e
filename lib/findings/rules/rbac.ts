import type { RuleDefinition } from "@/lib/findings/types";

export const RBAC_RULES: readonly RuleDefinition[] = [
  {
    id: "RBAC-001",
    area: "rbac",
    title: "Cluster-admin equivalent",
    remediation:
      "Replace the cluster-admin grant with a role limited to the resources and verbs the subject needs; keep break-glass access separate and audited.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-002",
    area: "rbac",
    title: "Can read Secrets",
    remediation:
      "Remove get, list and watch on secrets, or narrow them with resourceNames to the Secrets the subject must read.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-003",
    area: "rbac",
    title: "Can create workloads",
    remediation:
      "Grant workload creation only in namespaces whose service accounts and Secrets the subject may use anyway; enforce Pod Security admission.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-004",
    area: "rbac",
    title: "Can exec, attach or port-forward into pods",
    remediation: "Remove create on pods/exec, pods/attach and pods/portforward outside break-glass roles.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-005",
    area: "rbac",
    title: "Can add ephemeral containers",
    remediation: "Remove update and patch on pods/ephemeralcontainers outside debugging roles.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-006",
    area: "rbac",
    title: "Can create PersistentVolumes",
    remediation:
      "Remove create on persistentvolumes: a hostPath volume gives access to the node's file system.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-007",
    area: "rbac",
    title: "Can use nodes/proxy",
    remediation: "Remove nodes/proxy: it reaches the kubelet API, which bypasses audit and admission.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-008",
    area: "rbac",
    title: "Can escalate roles",
    remediation:
      "Remove escalate on roles and clusterroles: it allows granting permissions the subject does not hold.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-009",
    area: "rbac",
    title: "Can bind roles",
    remediation:
      "Remove bind on roles and clusterroles, or narrow it with resourceNames to roles safe to hand out.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-010",
    area: "rbac",
    title: "Can impersonate",
    remediation:
      "Remove impersonate, or narrow it with resourceNames to the identities that must be impersonated.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-011",
    area: "rbac",
    title: "Can issue certificates",
    remediation: "Split creating, approving and signing certificate requests between different subjects.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-012",
    area: "rbac",
    title: "Can create service account tokens",
    remediation:
      "Remove create on serviceaccounts/token: it mints tokens for any service account of the namespace.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-013",
    area: "rbac",
    title: "Can write admission webhook configurations",
    remediation: "Limit writes to admission webhook configurations to the cluster's platform administrators.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-014",
    area: "rbac",
    title: "Can update or patch namespaces",
    remediation:
      "Remove update and patch on namespaces: namespace labels decide Pod Security and network policy selection.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-015",
    area: "rbac",
    title: "Can write Secrets in kube-system",
    remediation: "Remove write access to Secrets in kube-system: they hold the control plane's credentials.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-016",
    area: "rbac",
    title: "Can update or patch pods",
    remediation:
      "Remove update and patch on pods: changing a pod's image or labels bypasses what created it.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-017",
    area: "rbac",
    title: "Can delete kube-system pods and update nodes",
    remediation:
      "Do not combine deleting kube-system pods with updating nodes: together they move control-plane workloads onto a chosen node.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-018",
    area: "rbac",
    title: "Can update the status of nodes, pods or services",
    remediation:
      "Remove update on the status subresources of nodes, pods and services outside the controllers that own them.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-019",
    area: "rbac",
    title: "Can delete workloads, Secrets or Services",
    remediation:
      "Narrow delete and deletecollection to the workloads, Secrets and Services the subject manages.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-020",
    area: "rbac",
    title: "Binding to a missing role",
    remediation:
      "Delete the binding, or recreate the role it names: a role created later with that name would be granted at once.",
    reference: "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
  },
  {
    id: "RBAC-021",
    area: "rbac",
    title: "Binding to anonymous or unauthenticated users",
    remediation: "Remove system:anonymous and system:unauthenticated from the binding.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-022",
    area: "rbac",
    title: "Every authenticated user bound to a sensitive role",
    remediation:
      "Bind the role to the groups that need it instead of system:authenticated, which includes every service account.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-023",
    area: "rbac",
    title: "Can update or patch ConfigMaps in kube-system",
    remediation:
      "Remove update and patch on kube-system ConfigMaps: they configure control-plane components.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-024",
    area: "rbac",
    title: "Can write CRDs or admission policies",
    remediation: "Limit writes to CRDs and admission policies to platform administrators.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
  {
    id: "RBAC-025",
    area: "rbac",
    title: "Can get and patch RoleBindings",
    remediation:
      "Remove patch on rolebindings, or get on them: together they allow granting oneself any bound role.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
  },
];
