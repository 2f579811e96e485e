// The rule catalogue of docs/semantics.md: one entry per rule ID, the IDs never renumbered. Engines fill in each
// finding's own severity and message; this gives titles, areas and the documentation each rule cites.

type RuleArea = "network" | "rbac" | "certificates" | "workloads" | "paths";

interface RuleInfo {
  id: string;
  area: RuleArea;
  title: string;
  docs: string;
}

const NETPOL_DOCS = "https://kubernetes.io/docs/concepts/services-networking/network-policies/";
const NPAPI_DOCS = "https://network-policy-api.sigs.k8s.io/api-overview/";
const RBAC_DOCS = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/";
const RBAC_REF = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/";
const CERT_DOCS = "https://kubernetes.io/docs/setup/best-practices/certificates/";
const TLS_DOCS = "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls";
const PSS_DOCS = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
const PSA_DOCS = "https://kubernetes.io/docs/concepts/security/pod-security-admission/";
const SC_DOCS = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";
const SA_DOCS = "https://kubernetes.io/docs/concepts/security/service-accounts/";
const SECRET_DOCS = "https://kubernetes.io/docs/concepts/security/secrets-good-practices/";
const SERVICE_DOCS = "https://kubernetes.io/docs/concepts/services-networking/service/";
const INGRESS_DOCS = "https://kubernetes.io/docs/concepts/services-networking/ingress/";
const PATHS_DOCS = "https://attack.mitre.org/matrices/enterprise/containers/";
const DASHBOARD_DOCS = "https://github.com/kubernetes/dashboard/blob/master/docs/common/arguments.md";

const rules: readonly RuleInfo[] = [
  { id: "NET-001", area: "network", title: "Namespace without default-deny ingress", docs: NETPOL_DOCS },
  { id: "NET-002", area: "network", title: "Namespace without default-deny egress", docs: NETPOL_DOCS },
  { id: "NET-003", area: "network", title: "Workload reachable from the internet", docs: NETPOL_DOCS },
  { id: "NET-004", area: "network", title: "Egress to a cloud metadata address allowed", docs: NETPOL_DOCS },
  { id: "NET-005", area: "network", title: "Invalid NetworkPolicy", docs: NETPOL_DOCS },
  { id: "NET-006", area: "network", title: "NetworkPolicy selects no pod", docs: NETPOL_DOCS },
  { id: "NET-007", area: "network", title: "Named port resolves on no pod", docs: NETPOL_DOCS },
  {
    id: "NET-008",
    area: "network",
    title: "Reachability relies on implementation-defined behaviour",
    docs: NETPOL_DOCS,
  },
  {
    id: "NET-009",
    area: "network",
    title: "Admin-tier Accept overrides a namespace's default-deny",
    docs: NPAPI_DOCS,
  },
  {
    id: "NET-010",
    area: "network",
    title: "Same-priority cluster policies disagree (ambiguous)",
    docs: NPAPI_DOCS,
  },
  { id: "NET-011", area: "network", title: "Policy kinds Vigil does not evaluate", docs: NPAPI_DOCS },
  { id: "RBAC-001", area: "rbac", title: "Cluster-admin equivalent", docs: RBAC_DOCS },
  { id: "RBAC-002", area: "rbac", title: "Can read Secrets", docs: RBAC_DOCS },
  { id: "RBAC-003", area: "rbac", title: "Can create workloads", docs: RBAC_DOCS },
  { id: "RBAC-004", area: "rbac", title: "Can exec, attach or port-forward into pods", docs: RBAC_DOCS },
  { id: "RBAC-005", area: "rbac", title: "Can add ephemeral containers", docs: RBAC_DOCS },
  { id: "RBAC-006", area: "rbac", title: "Can create PersistentVolumes", docs: RBAC_DOCS },
  { id: "RBAC-007", area: "rbac", title: "Can use nodes/proxy", docs: RBAC_DOCS },
  { id: "RBAC-008", area: "rbac", title: "Can escalate roles", docs: RBAC_DOCS },
  { id: "RBAC-009", area: "rbac", title: "Can bind roles", docs: RBAC_DOCS },
  { id: "RBAC-010", area: "rbac", title: "Can impersonate", docs: RBAC_DOCS },
  { id: "RBAC-011", area: "rbac", title: "Can issue certificates", docs: RBAC_DOCS },
  { id: "RBAC-012", area: "rbac", title: "Can create service account tokens", docs: RBAC_DOCS },
  { id: "RBAC-013", area: "rbac", title: "Can write admission webhook configurations", docs: RBAC_DOCS },
  { id: "RBAC-014", area: "rbac", title: "Can update or patch namespaces", docs: RBAC_DOCS },
  { id: "RBAC-015", area: "rbac", title: "Can write Secrets in kube-system", docs: RBAC_DOCS },
  { id: "RBAC-016", area: "rbac", title: "Can update or patch pods", docs: RBAC_DOCS },
  { id: "RBAC-017", area: "rbac", title: "Can delete kube-system pods and update nodes", docs: RBAC_DOCS },
  {
    id: "RBAC-018",
    area: "rbac",
    title: "Can update the status of nodes, pods or services",
    docs: RBAC_DOCS,
  },
  { id: "RBAC-019", area: "rbac", title: "Can delete workloads, Secrets or Services", docs: RBAC_DOCS },
  { id: "RBAC-020", area: "rbac", title: "Binding to a missing role", docs: RBAC_REF },
  { id: "RBAC-021", area: "rbac", title: "Binding to anonymous or unauthenticated users", docs: RBAC_DOCS },
  {
    id: "RBAC-022",
    area: "rbac",
    title: "Every authenticated user bound to a sensitive role",
    docs: RBAC_DOCS,
  },
  { id: "RBAC-023", area: "rbac", title: "Can update or patch ConfigMaps in kube-system", docs: RBAC_DOCS },
  { id: "RBAC-024", area: "rbac", title: "Can write CRDs or admission policies", docs: RBAC_DOCS },
  { id: "RBAC-025", area: "rbac", title: "Can get and patch RoleBindings", docs: RBAC_DOCS },
  { id: "CERT-001", area: "certificates", title: "Certificate expired", docs: CERT_DOCS },
  { id: "CERT-002", area: "certificates", title: "Certificate expires within 14 days", docs: CERT_DOCS },
  { id: "CERT-003", area: "certificates", title: "Certificate expires within 28 days", docs: CERT_DOCS },
  { id: "CERT-004", area: "certificates", title: "Certificate not yet valid", docs: CERT_DOCS },
  { id: "CERT-005", area: "certificates", title: "Chain does not verify", docs: CERT_DOCS },
  { id: "CERT-006", area: "certificates", title: "Issuer expires before the leaf", docs: CERT_DOCS },
  { id: "CERT-007", area: "certificates", title: "Ingress host not covered by a DNS SAN", docs: TLS_DOCS },
  { id: "CERT-008", area: "certificates", title: "Weak key", docs: CERT_DOCS },
  { id: "CERT-009", area: "certificates", title: "Weak signature algorithm", docs: CERT_DOCS },
  {
    id: "CERT-010",
    area: "certificates",
    title: "Self-signed certificate served on an Ingress",
    docs: TLS_DOCS,
  },
  {
    id: "CERT-011",
    area: "certificates",
    title: "Ingress references a missing or wrong-type Secret",
    docs: TLS_DOCS,
  },
  {
    id: "CERT-012",
    area: "certificates",
    title: "cert-manager renewal overdue",
    docs: "https://cert-manager.io/docs/usage/certificate/",
  },
  {
    id: "CERT-013",
    area: "certificates",
    title: "Served certificate differs from the stored one",
    docs: TLS_DOCS,
  },
  {
    id: "CERT-014",
    area: "certificates",
    title: "APIService skips TLS verification",
    docs: "https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/",
  },
  {
    id: "CERT-015",
    area: "certificates",
    title: "Kubeconfig client certificate in system:masters",
    docs: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege",
  },
  { id: "POD-001", area: "workloads", title: "Privileged container", docs: PSS_DOCS },
  { id: "POD-002", area: "workloads", title: "Host namespaces shared with the pod", docs: PSS_DOCS },
  { id: "POD-003", area: "workloads", title: "hostPath volume", docs: PSS_DOCS },
  { id: "POD-004", area: "workloads", title: "Capabilities added beyond the baseline set", docs: PSS_DOCS },
  { id: "POD-005", area: "workloads", title: "Privilege escalation not turned off", docs: SC_DOCS },
  { id: "POD-006", area: "workloads", title: "May run as root", docs: SC_DOCS },
  { id: "POD-007", area: "workloads", title: "No seccomp profile", docs: SC_DOCS },
  { id: "POD-008", area: "workloads", title: "Writable root filesystem", docs: SC_DOCS },
  { id: "POD-009", area: "workloads", title: "Host port", docs: PSS_DOCS },
  {
    id: "POD-010",
    area: "workloads",
    title: "No CPU or memory limit",
    docs: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  },
  {
    id: "POD-011",
    area: "workloads",
    title: "Image without a digest",
    docs: "https://kubernetes.io/docs/concepts/containers/images/",
  },
  { id: "POD-012", area: "workloads", title: "Secret exposed as an environment variable", docs: SECRET_DOCS },
  {
    id: "POD-013",
    area: "workloads",
    title: "Service-account token mounted where the account holds permissions",
    docs: SA_DOCS,
  },
  { id: "POD-014", area: "workloads", title: "Long-lived service-account token Secret", docs: SA_DOCS },
  {
    id: "POD-015",
    area: "workloads",
    title: "Default service account with permissions used by a workload",
    docs: SA_DOCS,
  },
  { id: "POD-016", area: "workloads", title: "Namespace enforces no Pod Security level", docs: PSA_DOCS },
  {
    id: "POD-017",
    area: "workloads",
    title: "Workload the namespace's enforced level would reject",
    docs: PSA_DOCS,
  },
  {
    id: "EXP-001",
    area: "workloads",
    title: "Exposed Service without a source allow-list",
    docs: SERVICE_DOCS,
  },
  { id: "EXP-002", area: "workloads", title: "Ingress without TLS or HTTPS redirect", docs: INGRESS_DOCS },
  {
    id: "EXP-003",
    area: "workloads",
    title: "Admin UI published without authentication",
    docs: INGRESS_DOCS,
  },
  {
    id: "EXP-004",
    area: "workloads",
    title: "Kubernetes Dashboard with insecure login switches",
    docs: DASHBOARD_DOCS,
  },
  { id: "EXP-005", area: "workloads", title: "Service with externalIPs", docs: SERVICE_DOCS },
  {
    id: "EXP-006",
    area: "workloads",
    title: "Internet-exposed workload that fails baseline",
    docs: PSS_DOCS,
  },
  { id: "PATH-001", area: "paths", title: "The internet reaches cluster-admin", docs: PATHS_DOCS },
  { id: "PATH-002", area: "paths", title: "The internet reaches a node", docs: PATHS_DOCS },
  { id: "PATH-003", area: "paths", title: "The internet reaches Secrets", docs: PATHS_DOCS },
  { id: "PATH-004", area: "paths", title: "A non-admin identity reaches cluster-admin", docs: PATHS_DOCS },
  {
    id: "PATH-005",
    area: "paths",
    title: "A pod of a namespace reaches cluster-admin or a node",
    docs: PATHS_DOCS,
  },
  {
    id: "PATH-006",
    area: "paths",
    title: "The internet or a pod reaches cloud credentials",
    docs: PATHS_DOCS,
  },
];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(rules.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo {
  const info = RULES.get(id);
  if (!info) throw new Error(`unknown rule ID ${id}`);
  return info;
}
