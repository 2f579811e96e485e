// The attack techniques of docs/semantics.md §5, by ID: a short title for people, and the MITRE ATT&CK for
// containers technique it corresponds to where there is one.

export interface TechniqueInfo {
  id: string;
  title: string;
  mitre?: string;
}

const list: readonly TechniqueInfo[] = [
  { id: "ATTACK-001", title: "Exploit an exposed application", mitre: "T1190" },
  { id: "ATTACK-002", title: "Move to a reachable container", mitre: "T1210" },
  { id: "ATTACK-003", title: "Escape a privileged container", mitre: "T1611" },
  { id: "ATTACK-004", title: "nsenter through hostPID", mitre: "T1611" },
  { id: "ATTACK-005", title: "Load a kernel module", mitre: "T1611" },
  { id: "ATTACK-006", title: "ptrace host processes", mitre: "T1611" },
  { id: "ATTACK-007", title: "Write a sensitive host path", mitre: "T1611" },
  { id: "ATTACK-008", title: "/var/log symlink escape", mitre: "T1611" },
  { id: "ATTACK-009", title: "Use the mounted service-account token", mitre: "T1528" },
  { id: "ATTACK-010", title: "Take the tokens on a node", mitre: "T1528" },
  { id: "ATTACK-011", title: "Create a pod", mitre: "T1610" },
  { id: "ATTACK-012", title: "Exec into a container", mitre: "T1609" },
  { id: "ATTACK-013", title: "Change a pod's image", mitre: "T1525" },
  { id: "ATTACK-014", title: "Bind cluster-admin", mitre: "T1098" },
  { id: "ATTACK-015", title: "Impersonate", mitre: "T1078" },
  { id: "ATTACK-016", title: "Read a token Secret", mitre: "T1552.007" },
  { id: "ATTACK-017", title: "Request a service-account token", mitre: "T1528" },
  { id: "ATTACK-018", title: "Use the kubelet API (nodes/proxy)", mitre: "T1609" },
  { id: "ATTACK-019", title: "Issue a client certificate", mitre: "T1649" },
  { id: "ATTACK-020", title: "Reach a container sharing the process namespace" },
  { id: "ATTACK-021", title: "Query the cloud metadata service", mitre: "T1552.005" },
  { id: "ATTACK-022", title: "Register an admission webhook", mitre: "T1098" },
  { id: "ATTACK-023", title: "Read the kubelet's files", mitre: "T1552.001" },
  { id: "ATTACK-024", title: "Read Secrets", mitre: "T1552.007" },
];

const byId = new Map(list.map((t) => [t.id, t]));

export function techniqueInfo(id: string): TechniqueInfo {
  return byId.get(id) ?? { id, title: id };
}

export const TECHNIQUES = list;
