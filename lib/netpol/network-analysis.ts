import type { NetworkPolicy, Pod, Snapshot } from "@/lib/model/types";
import type { Family, IpRange } from "@/lib/netpol/ip";
import type { ClusterNetworkPolicy } from "@/lib/model/cluster-policy-types";
import type { ClusterRuleMatch } from "@/lib/netpol/evaluate-tiers";
import type { NormalizedClusterPolicy, NormalizedClusterRule } from "@/lib/netpol/normalize-cluster-policy";
import type { NormalizedPolicy, NormalizedRule } from "@/lib/netpol/normalize-policy";
import type { PolicyProblem } from "@/lib/netpol/validate-policy";
import type { PortSet } from "@/lib/netpol/port-set";

// The shapes shared by the steps of the class-based reachability engine (analyze-network.ts orchestrates them).
//
// Every answer carries two port sets: `std`, allowed without any implementation-defined case, and `any`,
// allowed once the implementation-defined cases of docs/semantics.md §1 rule 20 are taken as allowed. `any` is
// the answer; `any != std` marks it implementationDefined.

export type Direction = "ingress" | "egress";

export interface InvalidPolicy {
  /** Position in snapshot.networkPolicies. */
  index: number;
  policy: NetworkPolicy;
  problems: PolicyProblem[];
}

export interface PodClass {
  id: number;
  namespace: string;
  hostNetwork: boolean;
  /** Indexes into snapshot.pods. */
  pods: number[];
  /** Any pod of the class: they are all alike for policy purposes. */
  sample: Pod;
  /** Indexes of the external ranges holding this class's IPs (rule 20: ipBlock matching pod IPs). */
  ipAtoms: number[];
  /** Valid policies (indexes into analysis.policies) selecting the class with Ingress / Egress effective. */
  ingressPolicies: number[];
  egressPolicies: number[];
  /** Valid cluster-tier policies (indexes into analysis.clusterPolicies, in evaluation order) whose subject selects it. */
  clusterPolicies: number[];
}

export interface ExternalAtom {
  id: number;
  range: IpRange;
  /** A cloud metadata address (NET-004). */
  metadata: boolean;
  /** Holds at least one publicly routable address: "the internet" (NET-003). */
  public: boolean;
}

export interface Allowed {
  std: PortSet;
  any: PortSet;
}

export interface RuleMatch {
  all: boolean;
  /** Bitset of the classes matched by a selector peer (or every class when `all`). */
  std: Uint32Array;
  /** Bitset of the classes matched only through an ipBlock containing their pod IPs (rule 20). */
  impl: Uint32Array;
  /** The classes matched only through an ipBlock holding their pod IPs (usually few). */
  implList: number[];
  atoms: Uint8Array;
  /** std | impl as a bitset over classes. */
  bits: Uint32Array;
  /** Some external range matches. */
  anyAtom: boolean;
}

/** A rule of a policy isolating a class, with its match. */
export interface ClassRule {
  rule: NormalizedRule;
  m: RuleMatch;
}

export interface InvalidClusterPolicy {
  /** Position in snapshot.clusterNetworkPolicies. */
  index: number;
  policy: ClusterNetworkPolicy;
  problems: PolicyProblem[];
}

export interface NetworkAnalysis {
  snapshot: Snapshot;
  policies: NormalizedPolicy[];
  invalid: InvalidPolicy[];
  /** Valid cluster-tier policies in evaluation order: tier, priority, name (docs/semantics.md §1b). */
  clusterPolicies: NormalizedClusterPolicy[];
  invalidCluster: InvalidClusterPolicy[];
  /** The classes whose pods each unevaluated policy kind may select (NET-011), per snapshot.unevaluatedPolicies. */
  unevaluatedClasses: Uint32Array[];
  classes: PodClass[];
  /** snapshot.pods index -> class id. */
  podClass: Int32Array;
  atoms: ExternalAtom[];
  namespaceLabels: Map<string, Readonly<Record<string, string>>>;
  matchRule(rule: NormalizedRule, policy: NormalizedPolicy): RuleMatch;
  /** The classes and external ranges a cluster-tier rule's peers match. */
  matchClusterRule(rule: NormalizedClusterRule): ClusterRuleMatch;
  /** Ports of `rule` towards destination class `dst` (named ports resolved on it), or numeric only for external. */
  rulePorts(rule: NormalizedRule, dst: number | undefined): PortSet;
  /** Class to class, before the pod-level cases (self, same node). */
  classToClass(src: number, dst: number): Allowed;
  /** The classes that may reach class `dst` on some port: a superset, to visit only pairs that can be non-empty. */
  candidateSources(dst: number): number[];
  /** Whether a class is isolated for a direction (rule 2; never for hostNetwork pods, rule 20). */
  isolated(cls: number, direction: Direction): boolean;
  /** The answer of a side that is not isolated (all ports; implementation-defined for a selected hostNetwork pod). */
  openSide(cls: number, direction: Direction): Allowed;
  classToAtom(src: number, atom: number): Allowed;
  atomToClass(atom: number, dst: number): Allowed;
  atomOf(ip: { family: Family; value: bigint }): number;
}
