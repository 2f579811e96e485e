import type { LabelSelector, Labels } from "@/lib/model/types";

// Cluster-scoped policy tiers (docs/semantics.md §1b, rules 22-26) and the policy kinds Vigil detects but does
// not evaluate (NET-011). One narrow shape serves both API generations of the network-policy-api project:
// ClusterNetworkPolicy (policy.networking.k8s.io v1alpha2 and v1beta1, the same fields) and the earlier
// AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1). Values are kept as written wherever the
// CRD's schema or CEL rules could reject them, so the engine reports such a policy (like NET-005) instead of
// guessing; v1alpha1 `Allow` is kept as written too and read as Accept by the engine.

export type ClusterPolicyKind = "ClusterNetworkPolicy" | "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";

export interface NamespacedPodSelector {
  namespaceSelector: LabelSelector;
  podSelector: LabelSelector;
}

/** A one-of of the API: `set` lists the fields present as written (the CRD wants exactly one). */
export interface ClusterPolicyPeer {
  set: readonly string[];
  namespaces?: LabelSelector;
  pods?: NamespacedPodSelector;
  /** Egress only. */
  networks?: readonly string[];
  /** Egress only, experimental: not evaluated (rule 25). */
  nodes?: LabelSelector;
  /** Egress only, experimental: not evaluated (rule 25). */
  domainNames?: readonly string[];
}

/**
 * One item of `protocols` (v1alpha2/v1beta1) or `ports` (v1alpha1), flattened: a port number, an inclusive
 * range, or a destination named port. `set` lists the one-of fields present as written.
 */
export interface ClusterPolicyPort {
  set: readonly string[];
  /** TCP, UDP or SCTP as written (v1alpha1 defaults to TCP). Absent for a named port. */
  protocol?: string;
  port?: number;
  /** Inclusive range start..end. */
  range?: { start: number; end: number };
  namedPort?: string;
}

export interface ClusterPolicyRule {
  name?: string;
  /** As written: Accept, Deny, Pass (v1alpha2/v1beta1); Allow, Deny, Pass (ANP); Allow, Deny (BANP). */
  action: string;
  /** `from` / `to` as written (the CRD requires at least one item). */
  peers?: readonly ClusterPolicyPeer[];
  /** `protocols` / `ports`; absent means every port (rule 26). */
  ports?: readonly ClusterPolicyPort[];
}

export interface ClusterNetworkPolicy {
  kind: ClusterPolicyKind;
  /** e.g. policy.networking.k8s.io/v1beta1 */
  apiVersion: string;
  name: string;
  labels: Labels;
  /** As written for a ClusterNetworkPolicy; "Admin" for an ANP, "Baseline" for a BANP. */
  tier: string;
  /** As written; a BaselineAdminNetworkPolicy has none. */
  priority?: number;
  subject: { set: readonly string[]; namespaces?: LabelSelector; pods?: NamespacedPodSelector };
  ingress?: readonly ClusterPolicyRule[];
  egress?: readonly ClusterPolicyRule[];
  /** Shape problems only visible on the wire (a field of the wrong type, an unknown field). */
  schemaProblems: readonly { field: string; reason: string }[];
}

/** A policy kind that Vigil does not evaluate (NET-011): reachability is an upper bound where it may select. */
export interface UnevaluatedPolicy {
  kind: string;
  apiVersion: string;
  /** Absent for a cluster-scoped kind. */
  namespace?: string;
  name: string;
  /** It may select pods of every namespace (a cluster-scoped kind, or Istio's root namespace). */
  clusterWide: boolean;
  /**
   * The pods it may select, as far as Vigil reads its selector (plain label selectors only); absent: every pod
   * of its scope.
   */
  podSelector?: LabelSelector;
}
