import type { Labels } from "@/lib/model/types";

// ATTACK-011 (docs/semantics.md §5): a grant to create pods reaches the node only when the namespace's enforced
// Pod Security level admits a privileged pod. The PodSecurity admission plugin reads the
// `pod-security.kubernetes.io/enforce` label: absent or `privileged` admits everything; `baseline` and
// `restricted` reject privileged containers, host namespaces and hostPath volumes (every escape of ATTACK-003..008);
// a value it cannot parse is evaluated as `restricted`. A namespace without a Namespace object enforces nothing.

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

export interface NamespaceEnforcement {
  /** The level as written, or undefined when the label (or the Namespace object) is absent. */
  label?: string;
  /** Whether a pod with a privileged container would be admitted. */
  admitsPrivileged: boolean;
}

export function admitsPrivileged(_namespace: string, labels: Labels | undefined): NamespaceEnforcement {
  const label = labels?.[ENFORCE_LABEL];
  if (label === undefined) return { admitsPrivileged: true };
  return { label, admitsPrivileged: label === "privileged" };
}
