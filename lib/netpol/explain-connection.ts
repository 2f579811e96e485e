import type { ObjectRef, Pod, Protocol } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { podAddresses, resolveNamedPort } from "@/lib/netpol/pod-classes";
import { parseIp, rangeHasIp, type Family } from "@/lib/netpol/ip";
import { matchesSelector } from "@/lib/model/match-selector";
import {
  ipBlockRanges,
  type NormalizedPeer,
  type NormalizedPolicy,
  type NormalizedRule,
} from "@/lib/netpol/normalize-policy";
import { hasPort } from "@/lib/netpol/port-set";
import { canConnect, checkPort } from "@/lib/netpol/can-connect";
import { IMPLEMENTATION_NOTES } from "@/lib/netpol/implementation-notes";
import type { Endpoint } from "@/lib/netpol/resolve-endpoint";
import { explainTiers, tierNotes, type TierExplanation } from "@/lib/netpol/explain-tiers";
import {
  allowedByText,
  deniedByIsolationText,
  tierDecisionText,
  unisolatedText,
} from "@/lib/netpol/explain-words";

// Why a connection is allowed or denied, rule by rule (docs/semantics.md §1, rules 1-20): which policies isolate each
// side, which rule of which policy lets it through on the egress side and on the ingress side, or why none
// does. Policies set aside as invalid (rule 21) are listed, since they are not evaluated.

export interface RuleRef {
  policy: ObjectRef;
  direction: "ingress" | "egress";
  /** Position of the rule in spec.ingress / spec.egress. */
  rule: number;
  /** The peer item that matched ("every peer" when from/to is empty). */
  peer: string;
  /** The port item that matched ("every port" when ports is empty). */
  port: string;
  /** The peer matched only because an ipBlock holds a pod IP (rule 20). */
  implementationDefined: boolean;
}

export interface SideExplanation {
  /** Which end this side belongs to. */
  endpoint: string;
  /** False for an external address: it has no policy side (docs/semantics.md §1). */
  applies: boolean;
  isolated: boolean;
  isolatingPolicies: ObjectRef[];
  allowedBy: RuleRef[];
  allowed: boolean;
  implementationDefined: boolean;
  reason: string;
  /** The policy tiers around NetworkPolicy (docs/semantics.md §1b): what decided, in order. */
  tiers?: TierExplanation;
}

export interface ConnectionExplanation {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  allowed: boolean;
  implementationDefined: boolean;
  /** A rule 20 case decided before any policy: a pod to itself, or node traffic. */
  special?: "self" | "node";
  egress: SideExplanation;
  ingress: SideExplanation;
  /** Notes about representative pods, hostNetwork pods, tiers, and invalid policies left out. */
  notes: string[];
  /** A policy kind Vigil does not evaluate may select an end (NET-011): "allowed" may be denied there. */
  upperBound: boolean;
  invalidPolicies: { policy: ObjectRef; problems: { field: string; reason: string }[] }[];
}

type Target = { kind: "pod"; pod: Pod } | { kind: "ip"; ip: { family: Family; value: bigint }; text: string };

function refOf(p: NormalizedPolicy): ObjectRef {
  return { kind: "NetworkPolicy", namespace: p.namespace, name: p.name };
}

function peerText(peer: NormalizedPeer): string {
  if (peer.kind === "ipBlock") return `ipBlock ${peer.text}`;
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${selectorText(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${selectorText(peer.podSelector)}`);
  return parts.join(" AND ");
}

function selectorText(s: {
  matchLabels: Readonly<Record<string, string>>;
  matchExpressions: readonly { key: string; operator: string; values: readonly string[] }[];
}): string {
  const items = [
    ...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...s.matchExpressions.map(
      (e) => `${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(",")})` : ""}`,
    ),
  ];
  return items.length ? `{${items.join(", ")}}` : "{} (everything)";
}

/** Does `peer` (of `policy`) match `target`? "std", "impl" (ipBlock holding a pod IP, rule 20), or no. */
function peerMatches(
  analysis: NetworkAnalysis,
  policy: NormalizedPolicy,
  peer: NormalizedPeer,
  target: Target,
): "std" | "impl" | undefined {
  if (peer.kind === "ipBlock") {
    const ranges = ipBlockRanges(peer);
    if (target.kind === "ip") return ranges.some((r) => rangeHasIp(r, target.ip)) ? "std" : undefined;
    const hit = podAddresses(target.pod)
      .map((a) => parseIp(a))
      .some((ip) => ip !== undefined && ranges.some((r) => rangeHasIp(r, ip)));
    return hit ? "impl" : undefined;
  }
  // Rule 11 (pods only, never external addresses); rule 20: hostNetwork pods are not selected.
  if (target.kind !== "pod" || target.pod.hostNetwork) return undefined;
  const pod = target.pod;
  if (peer.namespaceSelector) {
    const labels = analysis.namespaceLabels.get(pod.namespace) ?? {
      "kubernetes.io/metadata.name": pod.namespace,
    };
    if (!matchesSelector(peer.namespaceSelector, labels)) return undefined;
  } else if (pod.namespace !== policy.namespace) return undefined;
  if (peer.podSelector && !matchesSelector(peer.podSelector, pod.labels)) return undefined;
  return "std";
}

/** Which port item of `rule` matches, with named ports resolved on `dest` (rule 16). */
function portMatch(rule: NormalizedRule, protocol: Protocol, port: number, dest: Target): string | undefined {
  if (rule.portItems.length === 0) return "every port";
  for (const item of rule.portItems) {
    if (item.ports && hasPort(item.ports, protocol, port)) return item.text;
    if (item.named && item.named.protocol === protocol && dest.kind === "pod") {
      const numbers = resolveNamedPort(dest.pod, `${protocol}/${item.named.name}`);
      if (numbers.includes(port)) return `${item.text} (= ${port} on ${dest.pod.namespace}/${dest.pod.name})`;
    }
  }
  return undefined;
}

function explainNetworkPolicySide(
  analysis: NetworkAnalysis,
  direction: "ingress" | "egress",
  self: Target,
  peer: Target,
  protocol: Protocol,
  port: number,
  selfId: string,
): SideExplanation {
  const base = { endpoint: selfId, isolatingPolicies: [] as ObjectRef[], allowedBy: [] as RuleRef[] };
  if (self.kind === "ip") {
    return {
      ...base,
      applies: false,
      isolated: false,
      allowed: true,
      implementationDefined: false,
      reason: "an address outside the cluster: no policy applies on its side",
    };
  }
  const pod = self.pod;
  const type = direction === "ingress" ? "Ingress" : "Egress";
  // Rules 2, 10: policies of the pod's own namespace whose podSelector selects it, with the direction active.
  const isolating = analysis.policies.filter(
    (p) => p.namespace === pod.namespace && p.types.has(type) && matchesSelector(p.podSelector, pod.labels),
  );
  const refs = isolating.map(refOf);
  if (pod.hostNetwork) {
    return {
      ...base,
      isolatingPolicies: refs,
      applies: true,
      isolated: false,
      allowed: true,
      implementationDefined: refs.length > 0,
      reason:
        refs.length > 0
          ? `a policy selects this hostNetwork pod, which Vigil treats as unfiltered (implementation-defined: ${IMPLEMENTATION_NOTES.hostNetwork})`
          : `no policy selects this hostNetwork pod for ${direction}`,
    };
  }
  if (isolating.length === 0) {
    return {
      ...base,
      applies: true,
      isolated: false,
      allowed: true,
      implementationDefined: false,
      reason: unisolatedText(direction),
    };
  }
  const dest = direction === "ingress" ? self : peer;
  const allowedBy: RuleRef[] = [];
  // For a denial in words: whether some rule takes this peer (on other ports), or this port (from other peers).
  let rules = 0;
  let peerMatched = false;
  let portMatched = false;
  for (const policy of isolating) {
    const ruleList = direction === "ingress" ? policy.ingress : policy.egress;
    rules += ruleList.length;
    for (const rule of ruleList) {
      const portText = portMatch(rule, protocol, port, dest);
      if (portText === undefined) {
        peerMatched ||= !rule.peers || rule.peers.some((p) => peerMatches(analysis, policy, p, peer));
        continue;
      }
      portMatched = true;
      if (!rule.peers) {
        allowedBy.push({
          policy: refOf(policy),
          direction,
          rule: rule.index,
          peer: "every peer",
          port: portText,
          implementationDefined: false,
        });
        continue;
      }
      let best: RuleRef | undefined;
      for (const p of rule.peers) {
        const m = peerMatches(analysis, policy, p, peer);
        if (!m) continue;
        const ref = {
          policy: refOf(policy),
          direction,
          rule: rule.index,
          peer: peerText(p),
          port: portText,
          implementationDefined: m === "impl",
        };
        if (!best || (best.implementationDefined && m === "std")) best = ref;
      }
      if (best) allowedBy.push(best);
    }
  }
  const allowed = allowedBy.length > 0;
  const implementationDefined = allowed && allowedBy.every((r) => r.implementationDefined);
  const reason = allowed
    ? allowedByText(allowedBy)
    : deniedByIsolationText({
        direction,
        policies: refs,
        rules,
        peerMatched,
        // A rule on this port whose peers all miss: the port is allowed, for other peers only.
        portMatched,
        protocol,
        port,
      });
  return {
    ...base,
    applies: true,
    isolated: true,
    isolatingPolicies: refs,
    allowedBy,
    allowed,
    implementationDefined,
    reason,
  };
}

/** Rules 22-24: the Admin tier before the NetworkPolicy answer, the Baseline tier after it. */
function explainSide(
  analysis: NetworkAnalysis,
  direction: "ingress" | "egress",
  self: Target,
  peer: Target,
  protocol: Protocol,
  port: number,
  selfId: string,
): SideExplanation {
  const np = explainNetworkPolicySide(analysis, direction, self, peer, protocol, port, selfId);
  if (self.kind !== "pod" || self.pod.hostNetwork || analysis.clusterPolicies.length === 0) return np;
  const other = peer.kind === "pod" ? peer : { kind: "ip" as const, ip: peer.ip };
  const pod = self.pod;
  const otherType = direction === "ingress" ? "Egress" : "Ingress";
  const otherwise = np.isolated
    ? undefined
    : analysis.policies.find(
        (p) =>
          p.namespace === pod.namespace &&
          p.types.has(otherType) &&
          matchesSelector(p.podSelector, pod.labels),
      );
  const t = explainTiers(analysis, direction, pod, other, protocol, port, {
    isolated: np.isolated,
    std: np.allowed && !np.implementationDefined,
    any: np.allowed,
    ...(otherwise ? { selectedOtherwise: `${otherwise.namespace}/${otherwise.name}` } : {}),
  });
  const decided = t.explanation.steps.at(-1);
  const reason =
    decided && decided.tier !== "NetworkPolicy" && decided.tier !== "default"
      ? tierDecisionText({ ...decided, direction })
      : decided?.tier === "default"
        ? `${t.explanation.steps.length > 1 ? "passed by the Baseline tier; " : ""}${np.reason}`
        : `${t.explanation.steps.length > 1 ? "passed by the Admin tier; " : ""}${np.reason}`;
  const skipped = t.explanation.baselineSkipped
    ? `; allowed where the implementation skips the Baseline tier for a pod a NetworkPolicy selects (implementation-defined)`
    : "";
  return {
    ...np,
    allowed: t.any,
    implementationDefined: t.any && !t.std,
    reason: reason + skipped,
    tiers: t.explanation,
  };
}

export function explainConnection(
  analysis: NetworkAnalysis,
  src: Endpoint,
  dst: Endpoint,
  protocol: Protocol,
  port: number,
): ConnectionExplanation {
  checkPort(protocol, port);
  const answer = canConnect(analysis, src, dst, protocol, port);
  const toTarget = (e: Endpoint): Target =>
    e.kind === "pod" ? { kind: "pod", pod: e.pod } : { kind: "ip", ip: e.ip, text: e.id };
  const s = toTarget(src);
  const d = toTarget(dst);
  const egress = explainSide(analysis, "egress", s, d, protocol, port, src.id);
  const ingress = explainSide(analysis, "ingress", d, s, protocol, port, dst.id);
  const notes: string[] = [];
  for (const e of [src, dst]) {
    if (e.kind === "pod" && e.pod.representative) {
      notes.push(
        `${e.id} stands for the pods of ${e.pod.workload.kind} ${e.pod.workload.name} (from its pod template; no live pods)`,
      );
    }
    if (e.kind === "pod" && e.pod.hostNetwork) {
      notes.push(
        `implementation-defined: ${e.id} uses the host network: selectors do not select it, and peers see it as its node's IP; ${IMPLEMENTATION_NOTES.hostNetwork}`,
      );
    }
  }
  let allowed = egress.allowed && ingress.allowed;
  let implementationDefined = allowed && (egress.implementationDefined || ingress.implementationDefined);
  if (answer.special === "self") {
    notes.push(`implementation-defined: a pod may always connect to itself; ${IMPLEMENTATION_NOTES.self}`);
    allowed = true;
    implementationDefined = true;
  } else if (answer.special === "node") {
    notes.push(
      `implementation-defined: traffic between a pod and its own node is always allowed; ${IMPLEMENTATION_NOTES.node}`,
    );
    allowed = true;
    implementationDefined = true;
  } else if (
    implementationDefined &&
    [...egress.allowedBy, ...ingress.allowedBy].some((r) => r.implementationDefined)
  ) {
    notes.push(
      `implementation-defined: allowed through an ipBlock that holds a pod IP; ${IMPLEMENTATION_NOTES.ipBlockPod}`,
    );
  }
  if (src.kind === "pod" && dst.kind === "pod" && src.index === dst.index && src.pod.representative) {
    notes.push("a representative pod to itself means one replica to another: evaluated by the policies");
  }
  const tiers = tierNotes(analysis, [src, dst], [egress, ingress]);
  notes.push(...tiers.notes);
  return {
    from: src.id,
    to: dst.id,
    protocol,
    port,
    allowed,
    implementationDefined,
    special: answer.special,
    egress,
    ingress,
    notes,
    upperBound: tiers.upperBound,
    invalidPolicies: analysis.invalid.map((i) => ({
      policy: { kind: "NetworkPolicy", namespace: i.policy.namespace, name: i.policy.name },
      problems: i.problems,
    })),
  };
}
