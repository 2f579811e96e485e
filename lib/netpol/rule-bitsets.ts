import type { LabelSelector } from "@/lib/model/types";
import { matchesSelector } from "@/lib/model/match-selector";
import { newBits, orInto, setBit, bitsToList } from "@/lib/netpol/bitset";
import { atomsWithin } from "@/lib/netpol/external-ranges";
import {
  ipBlockRanges,
  type NormalizedPeer,
  type NormalizedPolicy,
  type NormalizedRule,
} from "@/lib/netpol/normalize-policy";
import type { ExternalAtom, PodClass, RuleMatch } from "@/lib/netpol/network-analysis";
import { resolveNamedPort, type SelectorScope } from "@/lib/netpol/pod-classes";
import { portsOf, unionPorts, type PortSet } from "@/lib/netpol/port-set";

// Rule matches as bitsets over pod classes, built from cached bitsets per distinct selector, namespace and
// ipBlock: a rule costs a few word-wise ANDs and ORs, never a loop over every class. And the ports of a rule
// towards a destination class, with its named ports resolved there (docs/semantics.md §1 rules 8, 11, 14, 16).

export interface ClassBits {
  words: number;
  /** Every class. */
  every: Uint32Array;
  /** Rule 20: hostNetwork pods are never selected by pod or namespace selectors. */
  podSelector(sel: LabelSelector): Uint32Array;
  namespaceSelector(sel: LabelSelector): Uint32Array;
  ownNamespace(ns: string): Uint32Array;
  /** The external ranges inside an ipBlock-like range list, and the classes with an IP in them. */
  ranges(
    key: string,
    ranges: () => Parameters<typeof atomsWithin>[1],
  ): { atoms: Uint8Array; impl: Uint32Array };
}

export function buildClassBits(
  classes: readonly PodClass[],
  atoms: readonly ExternalAtom[],
  scope: SelectorScope,
): ClassBits {
  const words = Math.ceil(classes.length / 32);
  const bitsOf = (pred: (c: PodClass) => boolean): Uint32Array => {
    const bits = newBits(words);
    for (const c of classes) if (pred(c)) setBit(bits, c.id);
    return bits;
  };
  const cached = <K>(make: (k: K) => Uint32Array, keyOf: (k: K) => string) => {
    const cache = new Map<string, Uint32Array>();
    return (k: K) => {
      const key = keyOf(k);
      let bits = cache.get(key);
      if (!bits) {
        bits = make(k);
        cache.set(key, bits);
      }
      return bits;
    };
  };
  // Per external range, the classes holding an IP in it (rule 20: ipBlock matching pod IPs).
  let atomClasses: Uint32Array[] | undefined;
  const rangeCache = new Map<string, { atoms: Uint8Array; impl: Uint32Array }>();
  return {
    words,
    every: bitsOf(() => true),
    podSelector: cached(
      (sel: LabelSelector) => bitsOf((c) => !c.hostNetwork && matchesSelector(sel, c.sample.labels)),
      scope.keyOf,
    ),
    namespaceSelector: cached((sel: LabelSelector) => {
      const names = new Set(scope.namespacesMatching(sel));
      return bitsOf((c) => !c.hostNetwork && names.has(c.namespace));
    }, scope.keyOf),
    ownNamespace: cached(
      (ns: string) => bitsOf((c) => !c.hostNetwork && c.namespace === ns),
      (ns) => ns,
    ),
    ranges(key, ranges) {
      let entry = rangeCache.get(key);
      if (!entry) {
        atomClasses ??= atoms.map((a) => bitsOf((c) => c.ipAtoms.includes(a.id)));
        const within = atomsWithin(atoms, ranges());
        const impl = newBits(words);
        for (const a of atoms) if (within[a.id]) orInto(impl, atomClasses[a.id] as Uint32Array);
        entry = { atoms: within, impl };
        rangeCache.set(key, entry);
      }
      return entry;
    },
  };
}

/** Rules 8, 11, 14: the classes and external ranges a NetworkPolicy rule's peers match, cached per rule. */
export function ruleMatcher(
  bits: ClassBits,
  atomCount: number,
): (rule: NormalizedRule, policy: NormalizedPolicy) => RuleMatch {
  const { words } = bits;
  const matchCache = new Map<NormalizedRule, RuleMatch>();
  const blockOf = (peer: Extract<NormalizedPeer, { kind: "ipBlock" }>) =>
    bits.ranges(peer.text, () => ipBlockRanges(peer));
  return (rule, policy) => {
    const cached = matchCache.get(rule);
    if (cached) return cached;
    let result: RuleMatch;
    if (!rule.peers) {
      // Rule 8: every peer, external addresses and hostNetwork pods included.
      result = {
        all: true,
        std: bits.every,
        impl: newBits(words),
        implList: [],
        atoms: new Uint8Array(atomCount).fill(1),
        bits: bits.every,
        anyAtom: true,
      };
    } else {
      const std = newBits(words);
      const impl = newBits(words);
      const atomBits = new Uint8Array(atomCount);
      for (const peer of rule.peers) {
        if (peer.kind === "pods") {
          // Rule 11: podSelector alone = the policy's namespace; namespaceSelector = those namespaces; both = AND.
          const scope = peer.namespaceSelector
            ? bits.namespaceSelector(peer.namespaceSelector)
            : bits.ownNamespace(policy.namespace);
          const pods = peer.podSelector ? bits.podSelector(peer.podSelector) : undefined;
          for (let w = 0; w < words; w++) {
            std[w] = (std[w] as number) | ((scope[w] as number) & (pods ? (pods[w] as number) : 0xffffffff));
          }
        } else {
          const block = blockOf(peer);
          for (let a = 0; a < atomCount; a++) if (block.atoms[a]) atomBits[a] = 1;
          orInto(impl, block.impl);
        }
      }
      const all = newBits(words);
      for (let w = 0; w < words; w++) {
        impl[w] = (impl[w] as number) & ~(std[w] as number);
        all[w] = (std[w] as number) | (impl[w] as number);
      }
      result = {
        all: false,
        std,
        impl,
        implList: bitsToList(impl),
        atoms: atomBits,
        bits: all,
        anyAtom: atomBits.includes(1),
      };
    }
    matchCache.set(rule, result);
    return result;
  };
}

/** Rule 16: ports of a rule towards destination class `dst`; a named port never matches an external address. */
export function rulePortResolver(
  classes: readonly PodClass[],
): (
  rule: { numericPorts: PortSet; namedPorts: NormalizedRule["namedPorts"] },
  dst: number | undefined,
) => PortSet {
  const portCache = new Map<object, Map<number, PortSet>>();
  return (rule, dst) => {
    if (rule.namedPorts.length === 0 || dst === undefined) return rule.numericPorts;
    let perClass = portCache.get(rule);
    if (!perClass) {
      perClass = new Map();
      portCache.set(rule, perClass);
    }
    let ports = perClass.get(dst);
    if (!ports) {
      ports = rule.numericPorts;
      const pod = (classes[dst] as PodClass).sample;
      for (const n of rule.namedPorts) {
        for (const num of resolveNamedPort(pod, `${n.protocol}/${n.name}`)) {
          ports = unionPorts(ports, portsOf(n.protocol, num, num));
        }
      }
      perClass.set(dst, ports);
    }
    return ports;
  };
}
