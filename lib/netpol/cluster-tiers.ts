import type { Snapshot } from "@/lib/model/types";
import { bitsToList, hasBit, newBits, orAnd, orInto, setBit } from "@/lib/netpol/bitset";
import { groupTiers, hasTiers, type ClassTiers, type ClusterRuleMatch } from "@/lib/netpol/evaluate-tiers";
import type { Direction, InvalidClusterPolicy, PodClass } from "@/lib/netpol/network-analysis";
import {
  compareClusterPolicies,
  normalizeClusterPolicy,
  type NormalizedClusterPolicy,
  type NormalizedClusterRule,
} from "@/lib/netpol/normalize-cluster-policy";
import { addSelector, type ClassSignatureInputs, type SelectorScope } from "@/lib/netpol/pod-classes";
import type { ClassBits } from "@/lib/netpol/rule-bitsets";
import { validateClusterPolicy } from "@/lib/netpol/validate-cluster-policy";

// The cluster-tier policies' part of each analysis step (docs/semantics.md §1b): validation and order, the pod
// selectors they add to class signatures, which classes their subjects select, the classes and ranges each rule
// matches, and per class the priority groups of each tier.

export function prepareClusterPolicies(snapshot: Snapshot): {
  clusterPolicies: NormalizedClusterPolicy[];
  invalidCluster: InvalidClusterPolicy[];
} {
  const clusterPolicies: NormalizedClusterPolicy[] = [];
  const invalidCluster: InvalidClusterPolicy[] = [];
  snapshot.clusterNetworkPolicies.forEach((policy, index) => {
    const problems = validateClusterPolicy(policy);
    if (problems.length > 0) invalidCluster.push({ index, policy, problems });
    else clusterPolicies.push(normalizeClusterPolicy(policy, index));
  });
  clusterPolicies.sort(compareClusterPolicies);
  return { clusterPolicies, invalidCluster };
}

/** Rule 25: subjects and pods peers select pods cluster-wide, so their pod selectors split classes everywhere. */
export function addClusterSelectors(
  inputs: ClassSignatureInputs,
  scope: SelectorScope,
  policies: readonly NormalizedClusterPolicy[],
): void {
  for (const p of policies) {
    if (p.subject.pods)
      for (const ns of scope.namespacesMatching(p.subject.pods.namespaceSelector))
        addSelector(inputs, scope, ns, p.subject.pods.podSelector);
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const n of rule.namedPorts) inputs.namedPortKeys.add(`${n.protocol}/${n.name}`);
      for (const peer of rule.peers) {
        if (peer.kind !== "pods") continue;
        for (const ns of scope.namespacesMatching(peer.pods.namespaceSelector))
          addSelector(inputs, scope, ns, peer.pods.podSelector);
      }
    }
  }
}

/** Rule 25: a subject selects pods of matching namespaces cluster-wide, never host-networked pods. */
export function assignClusterPolicies(
  classes: readonly PodClass[],
  policies: readonly NormalizedClusterPolicy[],
  bits: ClassBits,
): void {
  policies.forEach((p, pi) => {
    const selected = newBits(bits.words);
    if (p.subject.namespaces) orInto(selected, bits.namespaceSelector(p.subject.namespaces));
    else if (p.subject.pods)
      orAnd(
        selected,
        bits.namespaceSelector(p.subject.pods.namespaceSelector),
        bits.podSelector(p.subject.pods.podSelector),
      );
    for (const c of bitsToList(selected)) classes[c]?.clusterPolicies.push(pi);
  });
}

interface ClusterTiers {
  match(rule: NormalizedClusterRule): ClusterRuleMatch;
  tiersOf(cls: number, direction: Direction): ClassTiers | undefined;
  /** Sources that an Admin-tier Accept may let reach `dst` beyond NetworkPolicy (a superset), OR-ed into acc. */
  addAcceptSources(dst: number, acc: Uint32Array): void;
}

export function buildClusterTiers(
  classes: readonly PodClass[],
  policies: readonly NormalizedClusterPolicy[],
  bits: ClassBits,
  atomCount: number,
): ClusterTiers {
  const cache = new Map<NormalizedClusterRule, ClusterRuleMatch>();
  // Rule 25: namespaces and pods peers never match host-networked pods (ClassBits leaves them out); networks
  // match addresses, pod IPs included (the API says cluster-internal traffic is checked against them too).
  const match = (rule: NormalizedClusterRule): ClusterRuleMatch => {
    let m = cache.get(rule);
    if (m) return m;
    m = { bits: newBits(bits.words), atoms: new Uint8Array(atomCount) };
    for (const peer of rule.peers) {
      if (peer.kind === "namespaces") orInto(m.bits, bits.namespaceSelector(peer.selector));
      else if (peer.kind === "pods")
        orAnd(
          m.bits,
          bits.namespaceSelector(peer.pods.namespaceSelector),
          bits.podSelector(peer.pods.podSelector),
        );
      else {
        const r = bits.ranges(`cnp:${peer.key}`, () => peer.ranges);
        orInto(m.bits, r.impl);
        for (let a = 0; a < atomCount; a++) if (r.atoms[a]) m.atoms[a] = 1;
      }
    }
    cache.set(rule, m);
    return m;
  };
  const tierCache: Record<Direction, (ClassTiers | undefined)[]> = { ingress: [], egress: [] };
  // Classes selected by the same policies share one ClassTiers, and so its cache of outcomes.
  const shared = new Map<string, ClassTiers | undefined>();
  const tiersOf = (c: number, direction: Direction): ClassTiers | undefined => {
    const list = tierCache[direction];
    if (c in list) return list[c];
    const selecting = (classes[c] as PodClass).clusterPolicies;
    const key = `${direction}|${selecting.join(",")}`;
    if (!shared.has(key)) {
      const t = groupTiers(policies, selecting, direction, match);
      shared.set(key, hasTiers(t) ? t : undefined);
    }
    list[c] = shared.get(key);
    return list[c];
  };

  // The classes each policy's subject selects, and the Admin Accept egress rules with them.
  const subjects = policies.map(() => newBits(bits.words));
  for (const c of classes) for (const pi of c.clusterPolicies) setBit(subjects[pi] as Uint32Array, c.id);
  const acceptEgress = policies.flatMap((p, pi) =>
    p.tier === "Admin"
      ? p.egress
          .filter((r) => r.action === "Accept")
          .map((r) => ({ m: match(r), sources: subjects[pi] as Uint32Array }))
      : [],
  );
  return {
    match,
    tiersOf,
    addAcceptSources(dst, acc) {
      for (const e of acceptEgress) if (hasBit(e.m.bits, dst)) orInto(acc, e.sources);
      const mine = tiersOf(dst, "ingress");
      for (const group of mine?.admin ?? [])
        for (const rules of group)
          for (const r of rules) if (r.rule.action === "Accept") orInto(acc, r.m.bits);
    },
  };
}
