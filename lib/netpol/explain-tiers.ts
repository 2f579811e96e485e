import type { ObjectRef, Pod, Protocol } from "@/lib/model/types";
import { matchesSelector } from "@/lib/model/match-selector";
import { parseIp, rangeHasIp, type Family } from "@/lib/netpol/ip";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import type {
  ClusterPeer,
  NormalizedClusterPolicy,
  NormalizedClusterRule,
  TierAction,
} from "@/lib/netpol/normalize-cluster-policy";
import { podAddresses, resolveNamedPort } from "@/lib/netpol/pod-classes";
import { hasPort } from "@/lib/netpol/port-set";
import { policyRuleText } from "@/lib/netpol/explain-words";
import { IMPLEMENTATION_NOTES } from "@/lib/netpol/implementation-notes";

// Which tier, policy, priority and rule decided one side of one connection (docs/semantics.md §1b, rules
// 22-26), walked rule by rule for that one port: the explanation's counterpart of evaluate-tiers.ts.

type TierTarget = { kind: "pod"; pod: Pod } | { kind: "ip"; ip: { family: Family; value: bigint } };

export interface TierDecision {
  tier: "Admin" | "NetworkPolicy" | "Baseline" | "default";
  /** Accept/Deny/Pass of a cluster-tier rule; for NetworkPolicy and the default, what they answered. */
  action: TierAction | "allowed" | "denied";
  policy?: ObjectRef;
  priority?: number;
  /** Position of the rule in spec.ingress / spec.egress, and its name. */
  rule?: number;
  ruleName?: string;
  peer?: string;
  port?: string;
}

export interface TierExplanation {
  /** Cluster-tier decisions met on the way, in order (a Pass, then what decided). */
  steps: TierDecision[];
  /** Two or more same-priority policies disagree on this connection (NET-010). */
  ambiguous?: string;
  /** nodes / domainNames peers of rules that apply here: not evaluated (rule 25). */
  notEvaluated: string[];
  /**
   * The Baseline tier denies, but a NetworkPolicy selects the pod for the other direction only: an
   * implementation may skip the Baseline tier (implementation-defined, docs/semantics.md §1b).
   */
  baselineSkipped?: string;
}

function refOf(p: NormalizedClusterPolicy): ObjectRef {
  return { kind: p.kind, name: p.name };
}

function selects(a: NetworkAnalysis, p: NormalizedClusterPolicy, pod: Pod): boolean {
  if (pod.hostNetwork) return false;
  const ns = a.namespaceLabels.get(pod.namespace) ?? { "kubernetes.io/metadata.name": pod.namespace };
  if (p.subject.namespaces) return matchesSelector(p.subject.namespaces, ns);
  if (p.subject.pods)
    return (
      matchesSelector(p.subject.pods.namespaceSelector, ns) &&
      matchesSelector(p.subject.pods.podSelector, pod.labels)
    );
  return false;
}

function peerMatches(a: NetworkAnalysis, peer: ClusterPeer, other: TierTarget): boolean {
  if (peer.kind === "networks") {
    const ips =
      other.kind === "ip"
        ? [other.ip]
        : podAddresses(other.pod)
            .map((x) => parseIp(x))
            .filter((x) => x !== undefined);
    return ips.some((ip) => peer.ranges.some((r) => rangeHasIp(r, ip)));
  }
  if (other.kind !== "pod" || other.pod.hostNetwork) return false;
  const ns = a.namespaceLabels.get(other.pod.namespace) ?? {
    "kubernetes.io/metadata.name": other.pod.namespace,
  };
  if (peer.kind === "namespaces") return matchesSelector(peer.selector, ns);
  return (
    matchesSelector(peer.pods.namespaceSelector, ns) &&
    matchesSelector(peer.pods.podSelector, other.pod.labels)
  );
}

function portText(
  rule: NormalizedClusterRule,
  protocol: Protocol,
  port: number,
  dest: TierTarget,
): string | undefined {
  if (rule.portItems.length === 0) return "every port";
  for (const item of rule.portItems) {
    if (item.ports && hasPort(item.ports, protocol, port)) return item.text;
    if (
      item.name !== undefined &&
      dest.kind === "pod" &&
      resolveNamedPort(dest.pod, `${protocol}/${item.name}`).includes(port)
    )
      return `${item.text} (= ${protocol}/${port} on ${dest.pod.namespace}/${dest.pod.name})`;
  }
  return undefined;
}

function firstMatch(
  a: NetworkAnalysis,
  p: NormalizedClusterPolicy,
  direction: "ingress" | "egress",
  other: TierTarget,
  dest: TierTarget,
  protocol: Protocol,
  port: number,
): TierDecision | undefined {
  for (const rule of direction === "ingress" ? p.ingress : p.egress) {
    const ports = portText(rule, protocol, port, dest);
    if (ports === undefined) continue;
    const peer = rule.peers.find((x) => peerMatches(a, x, other));
    if (!peer) continue;
    return {
      tier: p.tier,
      action: rule.action,
      policy: refOf(p),
      priority: p.priority,
      rule: rule.index,
      ...(rule.name ? { ruleName: rule.name } : {}),
      peer: peer.text,
      port: ports,
    };
  }
  return undefined;
}

const RANK: Record<TierAction, number> = { Accept: 0, Pass: 1, Deny: 2 };

/** The walk of one tier for one port; `permissive` picks the reading of an ambiguous priority tie. */
function walkTier(
  a: NetworkAnalysis,
  tier: "Admin" | "Baseline",
  direction: "ingress" | "egress",
  self: Pod,
  other: TierTarget,
  dest: TierTarget,
  protocol: Protocol,
  port: number,
  permissive: boolean,
  out: { ambiguous?: string },
): TierDecision | undefined {
  const mine = a.clusterPolicies.filter((p) => p.tier === tier && selects(a, p, self));
  for (let i = 0; i < mine.length;) {
    const prio = (mine[i] as NormalizedClusterPolicy).priority;
    const group: NormalizedClusterPolicy[] = [];
    while (i < mine.length && (mine[i] as NormalizedClusterPolicy).priority === prio)
      group.push(mine[i++] as NormalizedClusterPolicy);
    const hits = group
      .map((p) => firstMatch(a, p, direction, other, dest, protocol, port))
      .filter((d): d is TierDecision => d !== undefined);
    if (hits.length === 0) continue;
    hits.sort(
      (x, y) => (permissive ? 1 : -1) * (RANK[x.action as TierAction] - RANK[y.action as TierAction]),
    );
    if (new Set(hits.map((h) => h.action)).size > 1)
      out.ambiguous = `${hits.map((h) => `${h.policy?.name} (${h.action})`).join(" and ")} share ${tier} priority ${prio} and both match: an implementation may apply either (NET-010); the answer takes ${permissive ? "the most permissive" : "the most restrictive"} and is implementation-defined: ${IMPLEMENTATION_NOTES.priorityTie}`;
    return hits[0];
  }
  return undefined;
}

/**
 * Rules 22-24 on one side for one port. `np`: whether NetworkPolicy isolates the pod, and what it answers
 * (std: without implementation-defined cases; any: with them).
 */
export function explainTiers(
  a: NetworkAnalysis,
  direction: "ingress" | "egress",
  self: Pod,
  other: TierTarget,
  protocol: Protocol,
  port: number,
  np: { isolated: boolean; std: boolean; any: boolean; selectedOtherwise?: string },
): { std: boolean; any: boolean; explanation: TierExplanation } {
  const dest: TierTarget = direction === "ingress" ? { kind: "pod", pod: self } : other;
  const notEvaluated = a.clusterPolicies
    .filter((p) => selects(a, p, self))
    .flatMap((p) =>
      (direction === "ingress" ? p.ingress : p.egress).flatMap((r) =>
        r.unevaluatedPeers.map(
          (x) => `${policyRuleText(p, direction, r.index, r.name)} (${r.action}): ${x} is not evaluated`,
        ),
      ),
    );
  const run = (permissive: boolean, meta: { ambiguous?: string }) => {
    const steps: TierDecision[] = [];
    const admin = walkTier(a, "Admin", direction, self, other, dest, protocol, port, permissive, meta);
    if (admin) steps.push(admin);
    if (admin?.action === "Accept") return { allowed: true, steps };
    if (admin?.action === "Deny") return { allowed: false, steps };
    if (np.isolated) {
      const allowed = permissive ? np.any : np.std;
      steps.push({ tier: "NetworkPolicy", action: allowed ? "allowed" : "denied" });
      return { allowed, steps };
    }
    if (permissive && np.selectedOtherwise !== undefined) {
      steps.push({ tier: "NetworkPolicy", action: "allowed" });
      return { allowed: true, steps };
    }
    const base = walkTier(a, "Baseline", direction, self, other, dest, protocol, port, permissive, meta);
    if (base) steps.push(base);
    if (base?.action === "Deny") return { allowed: false, steps };
    if (!base || base.action === "Pass") steps.push({ tier: "default", action: "allowed" });
    return { allowed: true, steps };
  };
  const metaAny: { ambiguous?: string } = {};
  const any = run(true, metaAny);
  const std = run(false, {});
  const denied = std.steps.at(-1);
  const skipped =
    any.allowed && !std.allowed && np.selectedOtherwise !== undefined && denied?.tier === "Baseline"
      ? `implementation-defined: ${denied.policy && denied.rule !== undefined ? policyRuleText(denied.policy, direction, denied.rule, denied.ruleName) : `${denied.policy?.kind} ${denied.policy?.name}`} denies this, but NetworkPolicy ${np.selectedOtherwise} selects the pod (for ${direction === "ingress" ? "egress" : "ingress"} only); ${IMPLEMENTATION_NOTES.baselineSkipped}`
      : undefined;
  return {
    std: std.allowed,
    any: any.allowed,
    explanation: {
      steps: skipped ? std.steps : any.steps,
      ...(metaAny.ambiguous ? { ambiguous: metaAny.ambiguous } : {}),
      notEvaluated,
      ...(skipped ? { baselineSkipped: skipped } : {}),
    },
  };
}

/**
 * Notes of an answer about the tiers: ambiguous priorities (NET-010), peers not evaluated (rule 25), and the
 * policy kinds Vigil does not evaluate that may select either end (NET-011: the answer is an upper bound).
 */
export function tierNotes(
  a: NetworkAnalysis,
  ends: readonly ({ kind: "pod"; index: number; id: string } | { kind: "ip" })[],
  sides: readonly { tiers?: TierExplanation }[],
): { notes: string[]; upperBound: boolean } {
  const notes: string[] = [];
  for (const side of sides) {
    if (side.tiers?.ambiguous) notes.push(side.tiers.ambiguous);
    if (side.tiers?.baselineSkipped) notes.push(side.tiers.baselineSkipped);
    for (const n of side.tiers?.notEvaluated ?? [])
      notes.push(
        `${n}: the answer may differ where it applies (nodes and domainNames peers are not evaluated)`,
      );
  }
  let upperBound = false;
  for (const e of ends) {
    if (e.kind !== "pod") continue;
    const cls = a.podClass[e.index] as number;
    a.snapshot.unevaluatedPolicies.forEach((u, i) => {
      const bits = a.unevaluatedClasses[i];
      if (!bits || ((bits[cls >>> 5] as number) >>> (cls & 31)) % 2 === 0) return;
      upperBound = true;
      notes.push(
        `${u.kind} ${u.namespace ? `${u.namespace}/` : ""}${u.name} (${u.apiVersion}) may select ${e.id}; Vigil does not evaluate that kind, so this answer is an upper bound (NET-011)`,
      );
    });
  }
  for (const inv of a.invalidCluster)
    notes.push(
      `${inv.policy.kind} ${inv.policy.name} is invalid (${inv.problems[0]?.field}: ${inv.problems[0]?.reason}) and left out`,
    );
  return { notes, upperBound };
}
