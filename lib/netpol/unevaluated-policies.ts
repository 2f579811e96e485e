import type { Snapshot } from "@/lib/model/types";
import { matchesSelector } from "@/lib/model/match-selector";
import { newBits, setBit } from "@/lib/netpol/bitset";
import type { PodClass } from "@/lib/netpol/network-analysis";
import { addSelector, type ClassSignatureInputs, type SelectorScope } from "@/lib/netpol/pod-classes";
import type { ClassBits } from "@/lib/netpol/rule-bitsets";

// NET-011: policy kinds Vigil does not evaluate (Cilium, Calico, Antrea, Istio AuthorizationPolicy) may deny
// what the evaluated policies allow, so every answer for the pods they may select is an upper bound. "May
// select" is read generously: their plain label selector where they have one, otherwise every pod of their
// namespace (or of the cluster for a cluster-wide kind).

export function addUnevaluatedSelectors(
  inputs: ClassSignatureInputs,
  scope: SelectorScope,
  snapshot: Snapshot,
): void {
  for (const u of snapshot.unevaluatedPolicies) {
    if (!u.podSelector) continue;
    addSelector(inputs, scope, u.clusterWide ? undefined : u.namespace, u.podSelector);
  }
}

/** Per unevaluated policy, the classes whose pods it may select. */
export function unevaluatedClassBits(
  snapshot: Snapshot,
  classes: readonly PodClass[],
  bits: ClassBits,
): Uint32Array[] {
  return snapshot.unevaluatedPolicies.map((u) => {
    const out = newBits(bits.words);
    for (const c of classes) {
      if (!u.clusterWide && c.namespace !== u.namespace) continue;
      if (u.podSelector && !matchesSelector(u.podSelector, c.sample.labels)) continue;
      setBit(out, c.id);
    }
    return out;
  });
}
