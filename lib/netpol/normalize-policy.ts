import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyRule,
  PolicyType,
  Protocol,
} from "@/lib/model/types";
import { parseCidr, type IpRange, type ParsedCidr } from "@/lib/netpol/ip";
import { ALL_PORTS, EMPTY_PORTS, portsOf, unionPorts, type PortSet } from "@/lib/netpol/port-set";

// Normalisation of a VALID policy (validate-policy.ts runs first) into the form the engine evaluates:
// docs/semantics.md §1.3 and §1.4 (effective policyTypes), 1.8 (missing or empty from/to/ports = everything),
// 1.9 (protocol defaults to TCP, a port item without port = every port of that protocol), 1.14 (ipBlock =
// cidr minus except), 1.16 (named ports kept by name: they resolve per destination pod), 1.17 (endPort).

export type Direction = "ingress" | "egress";

export type NormalizedPeer =
  | { kind: "pods"; podSelector?: LabelSelector; namespaceSelector?: LabelSelector; index: number }
  | { kind: "ipBlock"; cidr: ParsedCidr; except: ParsedCidr[]; text: string; index: number };

export interface NamedPort {
  protocol: Protocol;
  name: string;
  /** Position of the item in `ports`. */
  index: number;
}

export interface NormalizedRule {
  direction: Direction;
  /** Position of the rule in spec.ingress / spec.egress. */
  index: number;
  /** undefined: every peer, external IPs included (rule 8). */
  peers?: NormalizedPeer[];
  /** The numeric part of `ports` (all ports when `ports` is missing or empty). */
  numericPorts: PortSet;
  /** Named ports, resolved later against the destination pod (rule 16). */
  namedPorts: NamedPort[];
  /** Per port item, to say which one allowed a connection. */
  portItems: { index: number; text: string; ports?: PortSet; named?: NamedPort }[];
}

export interface NormalizedPolicy {
  /** Position in snapshot.networkPolicies. */
  index: number;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  types: ReadonlySet<PolicyType>;
  /** Rules of directions that are not in `types` are dropped (rule 4). */
  ingress: NormalizedRule[];
  egress: NormalizedRule[];
}

/** docs/semantics.md §1.3 and §1.4. */
function effectivePolicyTypes(policy: NetworkPolicy): Set<PolicyType> {
  // Invalid values never get here (validate-policy.ts excludes such a policy); the filter only narrows the type.
  // The API server defaults an empty list like a missing one (SetDefaults_NetworkPolicy: len == 0).
  if (policy.policyTypes !== undefined && policy.policyTypes.length > 0) {
    return new Set(policy.policyTypes.filter((t): t is PolicyType => t === "Ingress" || t === "Egress"));
  }
  const types = new Set<PolicyType>(["Ingress"]);
  if ((policy.egress ?? []).length > 0) types.add("Egress");
  return types;
}

function normalizeRule(rule: NetworkPolicyRule, direction: Direction, index: number): NormalizedRule {
  const peers = (rule.peers ?? []).map((peer, i): NormalizedPeer => {
    if (peer.ipBlock) {
      const cidr = parseCidr(peer.ipBlock.cidr) as ParsedCidr;
      const except = peer.ipBlock.except.map((e) => parseCidr(e) as ParsedCidr);
      const text = peer.ipBlock.except.length
        ? `${peer.ipBlock.cidr} except ${peer.ipBlock.except.join(", ")}`
        : peer.ipBlock.cidr;
      return { kind: "ipBlock", cidr, except, text, index: i };
    }
    return {
      kind: "pods",
      podSelector: peer.podSelector,
      namespaceSelector: peer.namespaceSelector,
      index: i,
    };
  });
  const items = rule.ports ?? [];
  let numericPorts = items.length === 0 ? ALL_PORTS : EMPTY_PORTS;
  const namedPorts: NamedPort[] = [];
  const portItems: NormalizedRule["portItems"] = [];
  items.forEach((item, i) => {
    const protocol = (item.protocol ?? "TCP") as Protocol;
    if (typeof item.port === "string") {
      const named = { protocol, name: item.port, index: i };
      namedPorts.push(named);
      portItems.push({ index: i, text: `${protocol}/${item.port}`, named });
      return;
    }
    const ports =
      item.port === undefined ? portsOf(protocol) : portsOf(protocol, item.port, item.endPort ?? item.port);
    numericPorts = unionPorts(numericPorts, ports);
    const text =
      item.port === undefined
        ? `${protocol} (all ports)`
        : `${protocol}/${item.port}${item.endPort !== undefined ? `-${item.endPort}` : ""}`;
    portItems.push({ index: i, text, ports });
  });
  return {
    direction,
    index,
    peers: peers.length === 0 ? undefined : peers,
    numericPorts,
    namedPorts,
    portItems,
  };
}

export function normalizePolicy(policy: NetworkPolicy, index: number): NormalizedPolicy {
  const types = effectivePolicyTypes(policy);
  return {
    index,
    namespace: policy.namespace,
    name: policy.name,
    podSelector: policy.podSelector,
    types,
    ingress: types.has("Ingress") ? (policy.ingress ?? []).map((r, i) => normalizeRule(r, "ingress", i)) : [],
    egress: types.has("Egress") ? (policy.egress ?? []).map((r, i) => normalizeRule(r, "egress", i)) : [],
  };
}

/** An address matches an ipBlock when it is in the cidr and in none of its excepts (rule 14). */
export function ipBlockRanges(peer: { cidr: ParsedCidr; except: ParsedCidr[] }): IpRange[] {
  const excepts = [...peer.except].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: IpRange[] = [];
  let next = peer.cidr.start;
  for (const e of excepts) {
    if (e.start > next) out.push({ family: peer.cidr.family, start: next, end: e.start - 1n });
    if (e.end + 1n > next) next = e.end + 1n;
  }
  if (next <= peer.cidr.end) out.push({ family: peer.cidr.family, start: next, end: peer.cidr.end });
  return out;
}
