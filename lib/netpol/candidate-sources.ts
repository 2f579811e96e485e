import { bitsToList, hasBit, newBits, orAnd, orInto, setBit } from "@/lib/netpol/bitset";
import type { NormalizedPolicy, NormalizedRule } from "@/lib/netpol/normalize-policy";
import type { ClassRule, PodClass, RuleMatch } from "@/lib/netpol/network-analysis";
import { ALL_PORTS, isEmptyPorts, portsMeet, type PortSet } from "@/lib/netpol/port-set";
import type { SelectorScope } from "@/lib/netpol/pod-classes";

// Which class pairs can be non-empty, so that the graph visits only those (docs/semantics.md §1 rules 5-7).
// s may reach d only if some egress rule R of s names d and some ingress rule r of d names s, with ports that
// intersect (or a side is not isolated). The sources whose egress holds R are the classes R's policy isolates,
// so per (R, r) the candidates are selected(R) AND peers(r): word-wise ANDs, never a loop over class pairs.
// Rules whose ports cannot meet are skipped before any bitset is touched.

interface EgressRule {
  rule: NormalizedRule;
  m: RuleMatch;
  /** Classes this rule's policy isolates for egress (the sources that hold the rule). */
  sources: Uint32Array;
}

export function candidateSourceFinder(
  classes: readonly PodClass[],
  policies: readonly NormalizedPolicy[],
  scope: SelectorScope,
  rulesOf: (cls: number, direction: "ingress" | "egress") => ClassRule[] | undefined,
  matchRule: (rule: NormalizedRule, policy: NormalizedPolicy) => RuleMatch,
  rulePorts: (rule: NormalizedRule, dst: number | undefined) => PortSet,
  addAcceptSources: (dst: number, acc: Uint32Array) => void,
): (dst: number) => number[] {
  const K = classes.length;
  const words = Math.ceil(K / 32);
  let egressRules: EgressRule[] | undefined;
  const openEgress = newBits(words);
  const allBits = newBits(words);
  for (let i = 0; i < K; i++) setBit(allBits, i);
  const buildEgressRules = (): EgressRule[] => {
    const selected = policies.map(() => newBits(words));
    for (let c = 0; c < K; c++) {
      const cls = classes[c] as PodClass;
      if (!rulesOf(c, "egress")) {
        setBit(openEgress, c);
        continue;
      }
      for (const pi of cls.egressPolicies) setBit(selected[pi] as Uint32Array, c);
    }
    // Rules with the same peers and the same numeric ports behave alike towards every destination: one entry
    // whose sources are the union of their policies' (a policy copied into every namespace is one entry).
    const groups = new Map<string, EgressRule>();
    policies.forEach((policy, pi) => {
      policy.egress.forEach((rule, ri) => {
        const peers = rule.peers
          ? rule.peers
              .map((p) =>
                p.kind === "ipBlock"
                  ? `ip:${p.text}`
                  : `pods:${p.namespaceSelector ? `nss:${scope.keyOf(p.namespaceSelector)}` : `ns:${policy.namespace}`}/${p.podSelector ? scope.keyOf(p.podSelector) : "*"}`,
              )
              .sort()
              .join("|")
          : "*";
        const ports =
          rule.namedPorts.length > 0
            ? `rule:${pi}/${ri}`
            : `${rule.numericPorts.TCP.join(".")};${rule.numericPorts.UDP.join(".")};${rule.numericPorts.SCTP.join(".")}`;
        const key = `${peers}||${ports}`;
        const sources = selected[pi] as Uint32Array;
        const group = groups.get(key);
        if (!group) {
          groups.set(key, { rule, m: matchRule(rule, policy), sources: Uint32Array.from(sources) });
        } else {
          orInto(group.sources, sources);
        }
      });
    });
    return [...groups.values()];
  };
  return (d) => {
    egressRules ??= buildEgressRules();
    const acc = newBits(words);
    // Ingress side of d: its rules (peers bitset, ports on d), or everyone on every port when not isolated.
    const inRules = rulesOf(d, "ingress");
    const ins = inRules
      ? inRules
          .map(({ rule, m }) => ({ bits: m.bits, ports: rulePorts(rule, d) }))
          .filter((r) => !isEmptyPorts(r.ports))
      : [{ bits: allBits, ports: ALL_PORTS }];
    for (const i of ins) orAnd(acc, i.bits, openEgress);
    for (const e of egressRules) {
      if (!hasBit(e.m.bits, d)) continue;
      const ports = rulePorts(e.rule, d);
      for (const i of ins) {
        if (portsMeet(ports, i.ports)) orAnd(acc, i.bits, e.sources);
      }
    }
    // docs/semantics.md §1b: tiers only take away from NetworkPolicy's answer, except an Admin-tier Accept.
    addAcceptSources(d, acc);
    return bitsToList(acc).filter((s) => s < K);
  };
}
