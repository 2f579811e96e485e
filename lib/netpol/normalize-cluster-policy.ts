import type {
  ClusterNetworkPolicy,
  ClusterPolicyPeer,
  NamespacedPodSelector,
} from "@/lib/model/cluster-policy-types";
import type { LabelSelector, Protocol } from "@/lib/model/types";
import { parseCidr, type IpRange, type ParsedCidr } from "@/lib/netpol/ip";
import type { NamedPort } from "@/lib/netpol/normalize-policy";
import { ALL_PORTS, EMPTY_PORTS, portsOf, unionPorts, type PortSet } from "@/lib/netpol/port-set";
import type { Direction } from "@/lib/netpol/network-analysis";

// A VALID cluster-tier policy (validate-cluster-policy.ts runs first) in the form the engine evaluates
// (docs/semantics.md §1b): v1alpha1 Allow read as Accept (rule 23); the one BaselineAdminNetworkPolicy as a
// Baseline-tier policy; absent ports = every port, numbers, ranges and named ports per version (rule 26); nodes
// and domainNames peers kept aside as not evaluated (rule 25).

export type TierName = "Admin" | "Baseline";
export type TierAction = "Accept" | "Deny" | "Pass";

export type ClusterPeer =
  | { kind: "namespaces"; selector: LabelSelector; index: number; text: string }
  | { kind: "pods"; pods: NamespacedPodSelector; index: number; text: string }
  | { kind: "networks"; ranges: ParsedCidr[]; key: string; index: number; text: string };

export interface NormalizedClusterRule {
  direction: Direction;
  /** Position of the rule in spec.ingress / spec.egress. */
  index: number;
  name?: string;
  action: TierAction;
  /** The peers Vigil evaluates. */
  peers: ClusterPeer[];
  /** nodes and domainNames peers: not evaluated, said on every answer they could change (rule 25). */
  unevaluatedPeers: string[];
  /** Numeric ports and ranges (every port when the rule has no ports). */
  numericPorts: PortSet;
  /** Named ports, resolved on the destination pod for each protocol (a container port names its protocol). */
  namedPorts: NamedPort[];
  portItems: { index: number; text: string; ports?: PortSet; name?: string }[];
}

export interface NormalizedClusterPolicy {
  /** Position in snapshot.clusterNetworkPolicies. */
  index: number;
  kind: ClusterNetworkPolicy["kind"];
  apiVersion: string;
  name: string;
  tier: TierName;
  /** A BaselineAdminNetworkPolicy has none: the single baseline policy is its own group. */
  priority: number;
  subject: { namespaces?: LabelSelector; pods?: NamespacedPodSelector };
  ingress: NormalizedClusterRule[];
  egress: NormalizedClusterRule[];
}

export function selectorText(s: LabelSelector): string {
  const items = [
    ...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...s.matchExpressions.map(
      (e) => `${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(",")})` : ""}`,
    ),
  ];
  return items.length ? `{${items.join(", ")}}` : "{} (all)";
}

function peerOf(peer: ClusterPolicyPeer, index: number): ClusterPeer | string {
  if (peer.namespaces)
    return {
      kind: "namespaces",
      selector: peer.namespaces,
      index,
      text: `namespaces ${selectorText(peer.namespaces)}`,
    };
  if (peer.pods)
    return {
      kind: "pods",
      pods: peer.pods,
      index,
      text: `pods in namespaces ${selectorText(peer.pods.namespaceSelector)} with ${selectorText(peer.pods.podSelector)}`,
    };
  if (peer.networks) {
    const ranges = peer.networks.map((n) => parseCidr(n) as ParsedCidr);
    const key = [...peer.networks].sort().join(",");
    return { kind: "networks", ranges, key, index, text: `networks ${peer.networks.join(", ")}` };
  }
  if (peer.nodes) return `nodes ${selectorText(peer.nodes)}`;
  return `domainNames ${(peer.domainNames ?? []).join(", ")}`;
}

const PROTOCOLS: Protocol[] = ["TCP", "UDP", "SCTP"];

function normalizeRule(
  rule: NonNullable<ClusterNetworkPolicy["ingress"]>[number],
  direction: Direction,
  index: number,
): NormalizedClusterRule {
  const peers: ClusterPeer[] = [];
  const unevaluatedPeers: string[] = [];
  (rule.peers ?? []).forEach((p, i) => {
    const n = peerOf(p, i);
    if (typeof n === "string") unevaluatedPeers.push(n);
    else peers.push(n);
  });
  let numericPorts = rule.ports === undefined ? ALL_PORTS : EMPTY_PORTS;
  const namedPorts: NamedPort[] = [];
  const portItems: NormalizedClusterRule["portItems"] = [];
  (rule.ports ?? []).forEach((item, i) => {
    if (item.namedPort !== undefined) {
      for (const protocol of PROTOCOLS) namedPorts.push({ protocol, name: item.namedPort, index: i });
      portItems.push({ index: i, text: `named port ${item.namedPort}`, name: item.namedPort });
      return;
    }
    const protocol = (item.protocol ?? "TCP") as Protocol;
    const from = item.range ? item.range.start : (item.port ?? 0);
    const to = item.range ? item.range.end : (item.port ?? 0);
    // A v1alpha1 range written backwards (its CRD does not reject it) holds no port.
    const ports = from <= to ? portsOf(protocol, from, to) : EMPTY_PORTS;
    numericPorts = unionPorts(numericPorts, ports);
    portItems.push({ index: i, text: `${protocol}/${from === to ? from : `${from}-${to}`}`, ports });
  });
  const action = rule.action === "Allow" ? "Accept" : (rule.action as TierAction);
  return {
    direction,
    index,
    ...(rule.name ? { name: rule.name } : {}),
    action,
    peers,
    unevaluatedPeers,
    numericPorts,
    namedPorts,
    portItems,
  };
}

export function normalizeClusterPolicy(p: ClusterNetworkPolicy, index: number): NormalizedClusterPolicy {
  return {
    index,
    kind: p.kind,
    apiVersion: p.apiVersion,
    name: p.name,
    tier: p.tier === "Baseline" ? "Baseline" : "Admin",
    priority: p.priority ?? 0,
    subject: {
      ...(p.subject.namespaces ? { namespaces: p.subject.namespaces } : {}),
      ...(p.subject.pods ? { pods: p.subject.pods } : {}),
    },
    ingress: (p.ingress ?? []).map((r, i) => normalizeRule(r, "ingress", i)),
    egress: (p.egress ?? []).map((r, i) => normalizeRule(r, "egress", i)),
  };
}

/** The ranges of every networks peer, so that external ranges are cut at their boundaries too. */
export function clusterPolicyRanges(policies: readonly NormalizedClusterPolicy[]): IpRange[] {
  return policies.flatMap((p) =>
    p.egress.flatMap((r) => r.peers.flatMap((x) => (x.kind === "networks" ? x.ranges : []))),
  );
}

/** Tier order, then priority, then name: the evaluation order (equal priorities are reported, NET-010). */
export function compareClusterPolicies(a: NormalizedClusterPolicy, b: NormalizedClusterPolicy): number {
  const tier = (t: TierName) => (t === "Admin" ? 0 : 1);
  return (
    tier(a.tier) - tier(b.tier) || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}
