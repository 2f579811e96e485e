import type { ObjectRef, Protocol } from "@/lib/model/types";

// The sentences an explanation shows people (docs/network.md "Explanations"): Kubernetes words and the objects'
// own names, never the numbers of docs/semantics.md's rules. A policy's rules are named by their place in the
// policy ("its 2nd ingress rule") and their name when they have one.

const SUFFIX: Readonly<Record<number, string>> = { 1: "st", 2: "nd", 3: "rd" };

/** `index` counts from 0, as spec.ingress[index] does: 0 -> "1st", 11 -> "12th", 21 -> "22nd". */
export function ordinal(index: number): string {
  const n = index + 1;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : (SUFFIX[n % 10] ?? "th")}`;
}

/** "the 1st egress rule “no-billing” of AdminNetworkPolicy shop-not-to-billing" */
export function policyRuleText(
  policy: { kind: string; name: string; namespace?: string },
  direction: "ingress" | "egress",
  index: number,
  ruleName?: string,
): string {
  return `the ${ordinal(index)} ${direction} rule${ruleName ? ` “${ruleName}”` : ""} of ${policyText(policy)}`;
}

function policyText(policy: { kind: string; name: string; namespace?: string }): string {
  return `${policy.kind} ${policy.namespace ? `${policy.namespace}/` : ""}${policy.name}`;
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Why a pod that NetworkPolicies isolate for `direction` may not make this connection, in one sentence. */
export function deniedByIsolationText(p: {
  direction: "ingress" | "egress";
  policies: readonly ObjectRef[];
  /** How many rules of that direction the isolating policies hold together. */
  rules: number;
  /** Some rule matches the peer (on another port). */
  peerMatched: boolean;
  /** Some rule matches the port (for another peer). */
  portMatched: boolean;
  protocol: Protocol;
  port: number;
}): string {
  const names = listText(p.policies.map((r) => r.name));
  const one = p.policies.length === 1;
  const selects = `${one ? "NetworkPolicy" : "NetworkPolicies"} ${names} ${one ? "selects" : "select"} this pod for ${p.direction}`;
  const at = `${p.protocol}/${p.port}`;
  const peer = p.direction === "ingress" ? "from this source" : "to this destination";
  if (p.rules === 0) {
    return `${selects} and ${one ? "allows" : "allow"} no ${p.direction} at all, so every ${p.direction} connection of this pod is denied`;
  }
  if (p.peerMatched && p.portMatched) {
    return `${selects}; one rule allows traffic ${peer} and another allows ${at}, but no single rule allows both (a rule's peers and ports go together)`;
  }
  if (p.peerMatched) return `${selects}; traffic ${peer} is allowed, but not on ${at}`;
  if (p.portMatched) return `${selects}; ${at} is allowed, but not ${peer}`;
  return `${selects}, and none of ${one ? "its" : "their"} rules allows traffic ${peer} on ${at}`;
}

/** "no NetworkPolicy selects this pod for egress, so its egress is unrestricted" */
export function unisolatedText(direction: "ingress" | "egress"): string {
  return `no NetworkPolicy selects this pod for ${direction}, so its ${direction} is unrestricted`;
}

/** "allowed by the 1st ingress rule of NetworkPolicy g04/backend-ingress (from podSelector {app=web}, on TCP/3000)" */
export function allowedByText(
  rules: readonly {
    policy: ObjectRef;
    direction: "ingress" | "egress";
    rule: number;
    peer: string;
    port: string;
  }[],
): string {
  return `allowed by ${listText(
    rules.map(
      (r) =>
        `${policyRuleText(r.policy, r.direction, r.rule)} (${r.direction === "ingress" ? "from" : "to"} ${r.peer}, on ${r.port})`,
    ),
  )}`;
}

/** "denied by AdminNetworkPolicy shop-not-to-billing (Admin tier, priority 5), its 1st egress rule “no-billing”" */
export function tierDecisionText(d: {
  action: string;
  tier: string;
  policy?: { kind: string; name: string };
  priority?: number;
  rule?: number;
  ruleName?: string;
  direction: "ingress" | "egress";
}): string {
  const who = d.policy ? policyText(d.policy) : "a cluster policy";
  const priority = d.priority === undefined ? "" : `, priority ${d.priority}`;
  const rule =
    d.rule === undefined
      ? ""
      : `, its ${ordinal(d.rule)} ${d.direction} rule${d.ruleName ? ` “${d.ruleName}”` : ""}`;
  return `${d.action === "Accept" ? "accepted" : "denied"} by ${who} (${d.tier} tier${priority})${rule}`;
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
