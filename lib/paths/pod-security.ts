import type { Labels } from "@/lib/model/types";
import { LABEL_PREFIX, namespacePolicy } from "@/lib/workloads/pss-policy";

// ATTACK-011 (docs/semantics.md §5): a grant to create pods reaches a node only when the namespace's enforced Pod
// Security level admits a privileged pod. The level is read by the hardening engine exactly as the PodSecurity
// admission plugin reads the labels (docs/semantics.md §4): only `privileged` (also the default without a label)
// admits one; baseline and restricted reject privileged containers, host namespaces and hostPath volumes, every
// escape of ATTACK-003..008 and 023; an enforce level the plugin cannot parse fails closed (restricted).

export const ENFORCE_LABEL = `${LABEL_PREFIX}enforce`;

export interface NamespaceEnforcement {
  /** The enforce label as written, or undefined when it is absent (or there is no Namespace object). */
  label?: string;
  /** The level the plugin enforces. */
  level: string;
  /** Whether a pod with a privileged container would be admitted. */
  admitsPrivileged: boolean;
}

export function admitsPrivileged(labels: Labels | undefined): NamespaceEnforcement {
  const label = labels?.[ENFORCE_LABEL];
  const level = namespacePolicy(labels ?? {}).enforce.level;
  return { ...(label !== undefined ? { label } : {}), level, admitsPrivileged: level === "privileged" };
}
