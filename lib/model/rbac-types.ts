import type { LabelSelector, Labels } from "@/lib/model/types";

// RBAC objects, service accounts and nodes as the snapshot holds them (docs/semantics.md §2).

export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

export interface Role {
  kind: "Role" | "ClusterRole";
  /** Present for a Role only. */
  namespace?: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  /** The rules as stored. For an aggregated ClusterRole these are ignored (lib/rbac resolves them). */
  rules: readonly PolicyRule[];
  aggregationRule?: { clusterRoleSelectors: readonly LabelSelector[] };
}

export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  /** For a ServiceAccount subject as written; absent in a RoleBinding means the binding's namespace. */
  namespace?: string;
}

export interface RoleBinding {
  kind: "RoleBinding" | "ClusterRoleBinding";
  /** Present for a RoleBinding only. */
  namespace?: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  roleRef: { kind: "Role" | "ClusterRole"; name: string };
  subjects: readonly Subject[];
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  automountServiceAccountToken?: boolean;
}

// ---------------------------------------------------------------- nodes

interface NodeAddress {
  type: string;
  address: string;
}

export interface Node {
  name: string;
  labels: Labels;
  addresses: readonly NodeAddress[];
  podCIDRs: readonly string[];
}
