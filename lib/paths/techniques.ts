// The attack techniques of docs/semantics.md §5, by ID: a short title for people, and the MITRE ATT&CK for
// containers technique it corresponds to where there is one.

interface TechniqueInfo {
  id: string;
  title: string;
  mitre?: string;
  /** How to remove this hop from a path. */
  cut?: string;
}

const list: readonly TechniqueInfo[] = [
  {
    id: "ATTACK-001",
    title: "Exploit an exposed application",
    mitre: "T1190",
    cut: "Stop exposing the application, or restrict its ingress (a NetworkPolicy from the load balancer's ranges only).",
  },
  {
    id: "ATTACK-002",
    title: "Move to a reachable container",
    mitre: "T1210",
    cut: "Add a default-deny ingress policy in the target's namespace and allow only the clients it needs.",
  },
  {
    id: "ATTACK-003",
    title: "Escape a privileged container",
    mitre: "T1611",
    cut: "Remove securityContext.privileged; enforce Pod Security baseline in the namespace.",
  },
  {
    id: "ATTACK-004",
    title: "nsenter through hostPID",
    mitre: "T1611",
    cut: "Remove hostPID (and hostIPC, hostNetwork); enforce Pod Security baseline.",
  },
  {
    id: "ATTACK-005",
    title: "Load a kernel module",
    mitre: "T1611",
    cut: "Drop SYS_MODULE and SYS_ADMIN (capabilities.drop: [ALL]); enforce Pod Security baseline.",
  },
  {
    id: "ATTACK-006",
    title: "ptrace host processes",
    mitre: "T1611",
    cut: "Drop SYS_PTRACE and leave hostPID off; enforce Pod Security baseline.",
  },
  {
    id: "ATTACK-007",
    title: "Write a sensitive host path",
    mitre: "T1611",
    cut: "Replace the hostPath volume (PersistentVolumeClaim, emptyDir, CSI); enforce Pod Security baseline.",
  },
  {
    id: "ATTACK-008",
    title: "/var/log symlink escape",
    mitre: "T1611",
    cut: "Remove the hostPath mount of /var/log, or mount it read-only in a container that does not run as root.",
  },
  {
    id: "ATTACK-009",
    title: "Use the mounted service-account token",
    mitre: "T1528",
    cut: "Set automountServiceAccountToken: false, or remove the service account's bindings it does not need.",
  },
  {
    id: "ATTACK-010",
    title: "Take the tokens on a node",
    mitre: "T1528",
    cut: "Keep powerful service accounts off shared nodes (dedicated nodes, taints) and do not mount their tokens.",
  },
  {
    id: "ATTACK-011",
    title: "Create a pod",
    mitre: "T1610",
    cut: "Enforce Pod Security baseline (or restricted) in the namespace, or remove the create-pods grant.",
  },
  {
    id: "ATTACK-012",
    title: "Exec into a container",
    mitre: "T1609",
    cut: "Remove the pods/exec (attach, ephemeral containers) grant from the binding.",
  },
  {
    id: "ATTACK-013",
    title: "Change a pod's image",
    mitre: "T1525",
    cut: "Remove update/patch on the workload from the binding.",
  },
  {
    id: "ATTACK-014",
    title: "Bind cluster-admin",
    mitre: "T1098",
    cut: "Remove the binding, or narrow its role to the resources and verbs the subject needs.",
  },
  {
    id: "ATTACK-015",
    title: "Impersonate",
    mitre: "T1078",
    cut: "Remove the impersonate grant, or limit it with resourceNames.",
  },
  {
    id: "ATTACK-016",
    title: "Read a token Secret",
    mitre: "T1552.007",
    cut: "Remove get/list on Secrets, or narrow it with resourceNames; delete long-lived token Secrets.",
  },
  {
    id: "ATTACK-017",
    title: "Request a service-account token",
    mitre: "T1528",
    cut: "Remove create on serviceaccounts/token from the binding.",
  },
  {
    id: "ATTACK-018",
    title: "Use the kubelet API (nodes/proxy)",
    mitre: "T1609",
    cut: "Remove the nodes/proxy grant from the binding.",
  },
  {
    id: "ATTACK-019",
    title: "Issue a client certificate",
    mitre: "T1649",
    cut: "Remove create on certificatesigningrequests and approve on signers from the binding.",
  },
  {
    id: "ATTACK-020",
    title: "Reach a container sharing the process namespace",
    cut: "Remove shareProcessNamespace from the pod.",
  },
  {
    id: "ATTACK-021",
    title: "Query the cloud metadata service",
    mitre: "T1552.005",
    cut: "Deny egress to the metadata address (169.254.169.254/32) with a NetworkPolicy, or block it on the node.",
  },
  {
    id: "ATTACK-022",
    title: "Register an admission webhook",
    mitre: "T1098",
    cut: "Remove write access to admission webhook configurations from the binding.",
  },
  {
    id: "ATTACK-023",
    title: "Read the kubelet's files",
    mitre: "T1552.001",
    cut: "Remove the hostPath mount of the kubelet's directories.",
  },
  {
    id: "ATTACK-024",
    title: "Read Secrets",
    mitre: "T1552.007",
    cut: "Remove get/list/watch on Secrets from the binding, or narrow it with resourceNames.",
  },
];

const byId = new Map(list.map((t) => [t.id, t]));

export function techniqueInfo(id: string): TechniqueInfo {
  return byId.get(id) ?? { id, title: id };
}
