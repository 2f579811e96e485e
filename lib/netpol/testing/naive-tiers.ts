import type { ClusterNetworkPolicy, ClusterPolicyPeer } from "@/lib/model/cluster-policy-types";
import type { LabelSelector, Pod, Protocol, Snapshot } from "@/lib/model/types";
import { parseCidr, parseIp } from "@/lib/netpol/ip";
import { validateClusterPolicy } from "@/lib/netpol/validate-cluster-policy";

// The NAIVE reference for the policy tiers (docs/semantics.md §1b, rules 22-26), test-only: straight from the
// raw cluster policies, one connection and one port at a time. Two readings of an ambiguous priority tie are
// walked separately: the permissive one gives "allowed at all", the restrictive one "allowed whatever the
// implementation picks".

type TierEnd = { pod: Pod } | { ip: string };

function labelsMatch(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key] ?? "";
    if (e.operator === "In" && !(has && e.values.includes(value))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(value)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function nsMatch(snapshot: Snapshot, s: LabelSelector, ns: string): boolean {
  const labels = snapshot.namespaces.find((n) => n.name === ns)?.labels ?? {};
  return labelsMatch(s, { ...labels, "kubernetes.io/metadata.name": ns });
}

function inCidr(ip: string, cidr: string): boolean {
  const a = parseIp(ip);
  const c = parseCidr(cidr);
  return !!a && !!c && a.family === c.family && a.value >= c.start && a.value <= c.end;
}

function peerMatches(snapshot: Snapshot, peer: ClusterPolicyPeer, other: TierEnd): boolean {
  if (peer.networks) {
    const ips =
      "ip" in other
        ? [other.ip]
        : other.pod.podIPs.length
          ? other.pod.podIPs
          : other.pod.hostNetwork && other.pod.hostIP
            ? [other.pod.hostIP]
            : [];
    return ips.some((ip) => (peer.networks ?? []).some((c) => inCidr(ip, c)));
  }
  if (!("pod" in other) || other.pod.hostNetwork) return false;
  if (peer.namespaces) return nsMatch(snapshot, peer.namespaces, other.pod.namespace);
  if (peer.pods)
    return (
      nsMatch(snapshot, peer.pods.namespaceSelector, other.pod.namespace) &&
      labelsMatch(peer.pods.podSelector, other.pod.labels)
    );
  return false;
}

function selects(snapshot: Snapshot, p: ClusterNetworkPolicy, pod: Pod): boolean {
  if (pod.hostNetwork) return false;
  if (p.subject.namespaces) return nsMatch(snapshot, p.subject.namespaces, pod.namespace);
  if (p.subject.pods)
    return (
      nsMatch(snapshot, p.subject.pods.namespaceSelector, pod.namespace) &&
      labelsMatch(p.subject.pods.podSelector, pod.labels)
    );
  return false;
}

type Action = "Accept" | "Deny" | "Pass";

const validCache = new WeakMap<Snapshot, ClusterNetworkPolicy[]>();
function validOf(snapshot: Snapshot): ClusterNetworkPolicy[] {
  let list = validCache.get(snapshot);
  if (!list) {
    list = snapshot.clusterNetworkPolicies.filter((p) => validateClusterPolicy(p).length === 0);
    validCache.set(snapshot, list);
  }
  return list;
}

/** The action of the first rule of `p` matching the connection, if any. */
function firstMatch(
  snapshot: Snapshot,
  p: ClusterNetworkPolicy,
  dir: "ingress" | "egress",
  other: TierEnd,
  dest: TierEnd,
  protocol: Protocol,
  port: number,
): Action | undefined {
  for (const r of p[dir] ?? []) {
    const portOk =
      r.ports === undefined ||
      r.ports.some((item) => {
        if (item.namedPort !== undefined)
          return (
            "pod" in dest &&
            dest.pod.containers.some((c) =>
              c.ports.some(
                (cp) => cp.name === item.namedPort && cp.protocol === protocol && cp.containerPort === port,
              ),
            )
          );
        if ((item.protocol ?? "TCP") !== protocol) return false;
        if (item.range) return port >= item.range.start && port <= item.range.end;
        return port === item.port;
      });
    if (!portOk) continue;
    if ((r.peers ?? []).some((peer) => peerMatches(snapshot, peer, other)))
      return r.action === "Allow" ? "Accept" : (r.action as Action);
  }
  return undefined;
}

/** A tier's decision: undefined when no rule of it decides (or every match passes). */
function walk(
  snapshot: Snapshot,
  tier: "Admin" | "Baseline",
  dir: "ingress" | "egress",
  self: Pod,
  other: TierEnd,
  protocol: Protocol,
  port: number,
  permissive: boolean,
): Action | undefined {
  const mine = validOf(snapshot).filter((p) => p.tier === tier && selects(snapshot, p, self));
  const priorities = [...new Set(mine.map((p) => p.priority ?? 0))].sort((a, b) => a - b);
  const dest: TierEnd = dir === "ingress" ? { pod: self } : other;
  for (const prio of priorities) {
    const actions = new Set(
      mine
        .filter((p) => (p.priority ?? 0) === prio)
        .map((p) => firstMatch(snapshot, p, dir, other, dest, protocol, port))
        .filter((a) => a !== undefined),
    );
    if (actions.size === 0) continue;
    const order: Action[] = permissive ? ["Accept", "Pass", "Deny"] : ["Deny", "Pass", "Accept"];
    return order.find((a) => actions.has(a));
  }
  return undefined;
}

/**
 * One side through the tiers. `np`: the NetworkPolicy tier's verdict ("std", "impl", "no"), or "open" when no
 * NetworkPolicy isolates the pod for this direction ("open-selected" when one selects it for the other).
 */
export function naiveTierSide(
  snapshot: Snapshot,
  dir: "ingress" | "egress",
  self: Pod,
  other: TierEnd,
  protocol: Protocol,
  port: number,
  np: "std" | "impl" | "no" | "open" | "open-selected",
): "std" | "impl" | "no" {
  const one = (permissive: boolean): boolean => {
    const admin = walk(snapshot, "Admin", dir, self, other, protocol, port, permissive);
    if (admin === "Accept") return true;
    if (admin === "Deny") return false;
    // A NetworkPolicy selects the pod for the other direction only: an implementation may skip the Baseline tier.
    if (np === "open-selected" && permissive) return true;
    if (np !== "open" && np !== "open-selected") return permissive ? np !== "no" : np === "std";
    return walk(snapshot, "Baseline", dir, self, other, protocol, port, permissive) !== "Deny";
  };
  return one(false) ? "std" : one(true) ? "impl" : "no";
}
