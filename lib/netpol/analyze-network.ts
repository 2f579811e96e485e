import type { NetworkPolicy, Pod, Snapshot } from "@/lib/model/types";
import { parseCidr, parseIp, rangeHasIp, type Family, type IpRange } from "@/lib/netpol/ip";
import { matchesSelector, selectorKey } from "@/lib/netpol/match-selector";
import {
  ipBlockRanges,
  normalizePolicy,
  type NormalizedPolicy,
  type NormalizedRule,
} from "@/lib/netpol/normalize-policy";
import {
  ALL_PORTS,
  EMPTY_PORTS,
  intersectPorts,
  isEmptyPorts,
  portsOf,
  unionPorts,
  type PortSet,
} from "@/lib/netpol/port-set";
import { validatePolicy, type PolicyProblem } from "@/lib/netpol/validate-policy";

// The class-based reachability engine (RULES.md section 1, rules 1-20; rule 21 through validate-policy.ts).
// Pods are grouped into equivalence classes: same namespace, same answers to every selector that can apply to
// them, same resolution of every named port used by a policy, same hostNetwork flag and same external range
// for their IPs. External addresses are split into disjoint ranges at every ipBlock/except boundary, with the
// cloud metadata addresses as ranges of their own. Reachability is computed once per class pair, then
// projected to pods, workloads or namespaces (project-graph.ts).
//
// Every answer carries two port sets: `std`, allowed without any implementation-defined case, and `any`,
// allowed once the implementation-defined cases of rule 20 are taken as allowed. `any` is the answer;
// `any != std` marks it implementationDefined.

export const METADATA_ADDRESSES = ["169.254.169.254/32", "fd00:ec2::254/128"] as const;

export interface InvalidPolicy {
  /** Position in snapshot.networkPolicies. */
  index: number;
  policy: NetworkPolicy;
  problems: PolicyProblem[];
}

export interface PodClass {
  id: number;
  namespace: string;
  hostNetwork: boolean;
  /** Indexes into snapshot.pods. */
  pods: number[];
  /** Any pod of the class: they are all alike for policy purposes. */
  sample: Pod;
  /** Indexes of the external ranges holding this class's IPs (rule 20: ipBlock matching pod IPs). */
  ipAtoms: number[];
  /** Valid policies (indexes into analysis.policies) selecting the class with Ingress / Egress effective. */
  ingressPolicies: number[];
  egressPolicies: number[];
}

export interface ExternalAtom {
  id: number;
  range: IpRange;
  /** A cloud metadata address (NET-004). */
  metadata: boolean;
  /** Holds at least one publicly routable address: "the internet" (NET-003). */
  public: boolean;
}

export interface Allowed {
  std: PortSet;
  any: PortSet;
}

interface RuleMatch {
  all: boolean;
  /** Classes matched by a selector peer (or every class when `all`). */
  std: Uint8Array;
  /** Classes matched only through an ipBlock containing their pod IPs (rule 20). */
  impl: Uint8Array;
  stdList: number[];
  implList: number[];
  atoms: Uint8Array;
}

interface SideMaps {
  std: Map<number, PortSet>;
  any: Map<number, PortSet>;
  ext: Map<number, PortSet>;
}

export interface NetworkAnalysis {
  snapshot: Snapshot;
  policies: NormalizedPolicy[];
  invalid: InvalidPolicy[];
  classes: PodClass[];
  /** snapshot.pods index -> class id. */
  podClass: Int32Array;
  atoms: ExternalAtom[];
  namespaceLabels: Map<string, Readonly<Record<string, string>>>;
  matchRule(rule: NormalizedRule, policy: NormalizedPolicy): RuleMatch;
  /** Ports of `rule` towards destination class `dst` (named ports resolved on it), or numeric only for external. */
  rulePorts(rule: NormalizedRule, dst: number | undefined): PortSet;
  /** Class to class, before the pod-level cases (self, same node). */
  classToClass(src: number, dst: number): Allowed;
  classToAtom(src: number, atom: number): Allowed;
  atomToClass(atom: number, dst: number): Allowed;
  atomOf(ip: { family: Family; value: bigint }): number;
}

const PRIVATE_RANGES: IpRange[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "::/128",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
].map((c) => parseCidr(c) as IpRange);

function isWhollyPrivate(range: IpRange): boolean {
  // Ranges are atoms; private ranges do not overlap one another, so subtract them one by one.
  let pieces: IpRange[] = [range];
  for (const p of PRIVATE_RANGES) {
    const next: IpRange[] = [];
    for (const r of pieces) {
      if (r.family !== p.family || p.end < r.start || p.start > r.end) {
        next.push(r);
        continue;
      }
      if (r.start < p.start) next.push({ family: r.family, start: r.start, end: p.start - 1n });
      if (r.end > p.end) next.push({ family: r.family, start: p.end + 1n, end: r.end });
    }
    pieces = next;
  }
  return pieces.length === 0;
}

/** Addresses a pod is seen with: its pod IPs, or its node's IP for a hostNetwork pod (rule 20). */
export function podAddresses(pod: Pod): string[] {
  if (pod.podIPs.length > 0) return [...pod.podIPs];
  if (pod.hostNetwork && pod.hostIP) return [pod.hostIP];
  return [];
}

function buildAtoms(policies: NormalizedPolicy[]): ExternalAtom[] {
  const cuts: Record<Family, Set<bigint>> = { 4: new Set([0n]), 6: new Set([0n]) };
  const addRange = (r: IpRange) => {
    cuts[r.family].add(r.start);
    cuts[r.family].add(r.end + 1n);
  };
  for (const m of METADATA_ADDRESSES) addRange(parseCidr(m) as IpRange);
  for (const p of policies) {
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== "ipBlock") continue;
        addRange(peer.cidr);
        for (const e of peer.except) addRange(e);
      }
    }
  }
  const metadata = METADATA_ADDRESSES.map((m) => parseCidr(m) as IpRange);
  const atoms: ExternalAtom[] = [];
  for (const family of [4, 6] as const) {
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const points = [...cuts[family]].filter((p) => p <= max).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    points.forEach((start, i) => {
      const end = i + 1 < points.length ? (points[i + 1] as bigint) - 1n : max;
      const range = { family, start, end };
      atoms.push({
        id: atoms.length,
        range,
        metadata: metadata.some((m) => m.family === family && m.start === start && m.end === end),
        public: !isWhollyPrivate(range),
      });
    });
  }
  return atoms;
}

export function analyzeNetwork(snapshot: Snapshot): NetworkAnalysis {
  // Rule 21: invalid policies are set aside and reported, never evaluated.
  const policies: NormalizedPolicy[] = [];
  const invalid: InvalidPolicy[] = [];
  snapshot.networkPolicies.forEach((policy, index) => {
    const problems = validatePolicy(policy);
    if (problems.length > 0) invalid.push({ index, policy, problems });
    else policies.push(normalizePolicy(policy, index));
  });

  // Rule 13: the loader injects kubernetes.io/metadata.name; a namespace only named by a pod gets it here too.
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  for (const ns of snapshot.namespaces) {
    namespaceLabels.set(ns.name, { ...ns.labels, "kubernetes.io/metadata.name": ns.name });
  }
  const nsLabels = (ns: string) => {
    let labels = namespaceLabels.get(ns);
    if (!labels) {
      labels = { "kubernetes.io/metadata.name": ns };
      namespaceLabels.set(ns, labels);
    }
    return labels;
  };
  for (const pod of snapshot.pods) nsLabels(pod.namespace);
  for (const p of policies) nsLabels(p.namespace);

  const atoms = buildAtoms(policies);
  const atomsByFamily: Record<Family, ExternalAtom[]> = {
    4: atoms.filter((a) => a.range.family === 4),
    6: atoms.filter((a) => a.range.family === 6),
  };
  const atomOf = (ip: { family: Family; value: bigint }): number => {
    const list = atomsByFamily[ip.family];
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((list[mid] as ExternalAtom).range.start <= ip.value) lo = mid;
      else hi = mid - 1;
    }
    return (list[lo] as ExternalAtom).id;
  };

  // Which pod selectors can apply to pods of each namespace (rules 10, 11): policy podSelectors and
  // podSelector-only peers of that namespace's policies, and podSelectors paired with a namespaceSelector
  // that matches the namespace. A pod's class signature is its answers to exactly these.
  const nsSelectorCache = new Map<string, boolean>();
  const nsMatches = (selector: Parameters<typeof selectorKey>[0], ns: string): boolean => {
    const key = `${selectorKey(selector)}\u0000${ns}`;
    let v = nsSelectorCache.get(key);
    if (v === undefined) {
      v = matchesSelector(selector, nsLabels(ns));
      nsSelectorCache.set(key, v);
    }
    return v;
  };
  const selectorsByNs = new Map<string, Map<string, Parameters<typeof selectorKey>[0]>>();
  const addSelector = (ns: string, selector: Parameters<typeof selectorKey>[0]) => {
    let m = selectorsByNs.get(ns);
    if (!m) {
      m = new Map();
      selectorsByNs.set(ns, m);
    }
    m.set(selectorKey(selector), selector);
  };
  const podNamespaces = [...new Set(snapshot.pods.map((p) => p.namespace))];
  const namedPortKeys = new Set<string>();
  for (const p of policies) {
    addSelector(p.namespace, p.podSelector);
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const n of rule.namedPorts) namedPortKeys.add(`${n.protocol}/${n.name}`);
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== "pods" || !peer.podSelector) continue;
        if (!peer.namespaceSelector) addSelector(p.namespace, peer.podSelector);
        else
          for (const ns of podNamespaces)
            if (nsMatches(peer.namespaceSelector, ns)) addSelector(ns, peer.podSelector);
      }
    }
  }
  const namedPortList = [...namedPortKeys].sort();

  const classes: PodClass[] = [];
  const podClass = new Int32Array(snapshot.pods.length);
  const bySignature = new Map<string, PodClass>();
  snapshot.pods.forEach((pod, i) => {
    const selectors = selectorsByNs.get(pod.namespace);
    const matched: string[] = [];
    if (selectors)
      for (const [key, sel] of selectors) if (matchesSelector(sel, pod.labels)) matched.push(key);
    const ports = namedPortList.map((k) => resolveNamedPort(pod, k).join("+"));
    const ipAtoms = [
      ...new Set(
        podAddresses(pod)
          .map((a) => parseIp(a))
          .filter((a) => a !== undefined)
          .map((a) => atomOf(a)),
      ),
    ].sort((a, b) => a - b);
    const signature = [
      pod.namespace,
      pod.hostNetwork ? "h" : "p",
      matched.join("\u0001"),
      ports.join(","),
      ipAtoms.join(","),
    ].join("\u0000");
    let cls = bySignature.get(signature);
    if (!cls) {
      cls = {
        id: classes.length,
        namespace: pod.namespace,
        hostNetwork: pod.hostNetwork,
        pods: [],
        sample: pod,
        ipAtoms,
        ingressPolicies: [],
        egressPolicies: [],
      };
      classes.push(cls);
      bySignature.set(signature, cls);
    }
    cls.pods.push(i);
    podClass[i] = cls.id;
  });

  const classesByNs = new Map<string, PodClass[]>();
  for (const c of classes) {
    const list = classesByNs.get(c.namespace) ?? [];
    list.push(c);
    classesByNs.set(c.namespace, list);
  }

  // Rules 2, 10: a policy selects pods of its own namespace only. hostNetwork pods keep the list (to flag
  // rule 20) but are never isolated.
  policies.forEach((p, pi) => {
    for (const c of classesByNs.get(p.namespace) ?? []) {
      if (!matchesSelector(p.podSelector, c.sample.labels)) continue;
      if (p.types.has("Ingress")) c.ingressPolicies.push(pi);
      if (p.types.has("Egress")) c.egressPolicies.push(pi);
    }
  });

  const K = classes.length;
  const matchCache = new Map<NormalizedRule, RuleMatch>();
  const allList = classes.map((c) => c.id);
  const matchRule = (rule: NormalizedRule, policy: NormalizedPolicy): RuleMatch => {
    const cached = matchCache.get(rule);
    if (cached) return cached;
    const std = new Uint8Array(K);
    const impl = new Uint8Array(K);
    const atomBits = new Uint8Array(atoms.length);
    let result: RuleMatch;
    if (!rule.peers) {
      // Rule 8: every peer, external addresses and hostNetwork pods included.
      std.fill(1);
      atomBits.fill(1);
      result = { all: true, std, impl, stdList: allList, implList: [], atoms: atomBits };
    } else {
      for (const peer of rule.peers) {
        if (peer.kind === "pods") {
          // Rule 11; rule 20: hostNetwork pods are never selected by pod or namespace selectors.
          const nsSelector = peer.namespaceSelector;
          const candidates = nsSelector
            ? classes.filter((c) => nsMatches(nsSelector, c.namespace))
            : (classesByNs.get(policy.namespace) ?? []);
          for (const c of candidates) {
            if (c.hostNetwork) continue;
            if (peer.podSelector && !matchesSelector(peer.podSelector, c.sample.labels)) continue;
            std[c.id] = 1;
          }
        } else {
          // Rule 14: cidr minus except; rule 20: an ipBlock also matches pods whose IPs it holds.
          const ranges = ipBlockRanges(peer);
          for (const a of atoms) {
            if (
              ranges.some(
                (r) => r.family === a.range.family && r.start <= a.range.start && a.range.end <= r.end,
              )
            ) {
              atomBits[a.id] = 1;
            }
          }
          for (const c of classes) if (c.ipAtoms.some((a) => atomBits[a] === 1)) impl[c.id] = 1;
        }
      }
      const stdList: number[] = [];
      const implList: number[] = [];
      for (let i = 0; i < K; i++) {
        if (std[i]) stdList.push(i);
        else if (impl[i]) implList.push(i);
      }
      result = { all: false, std, impl, stdList, implList, atoms: atomBits };
    }
    matchCache.set(rule, result);
    return result;
  };

  const portCache = new Map<NormalizedRule, Map<number, PortSet>>();
  const rulePorts = (rule: NormalizedRule, dst: number | undefined): PortSet => {
    // Rule 16: a named port never matches an external address; on a pod it resolves on that pod.
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

  const add = (map: Map<number, PortSet>, key: number, ports: PortSet) => {
    const prev = map.get(key);
    map.set(key, prev ? unionPorts(prev, ports) : ports);
  };

  // Per class, what its isolated side lets through (undefined: not isolated, rules 1 and 2).
  const ingressCache = new Map<number, SideMaps | undefined>();
  const ingressOf = (d: number): SideMaps | undefined => {
    if (ingressCache.has(d)) return ingressCache.get(d);
    const cls = classes[d] as PodClass;
    let maps: SideMaps | undefined;
    if (!cls.hostNetwork && cls.ingressPolicies.length > 0) {
      maps = { std: new Map(), any: new Map(), ext: new Map() };
      // Rules 5-7: union over every rule of every policy selecting the class; peers and ports pair per rule.
      for (const pi of cls.ingressPolicies) {
        const policy = policies[pi] as NormalizedPolicy;
        for (const rule of policy.ingress) {
          const ports = rulePorts(rule, d);
          if (isEmptyPorts(ports)) continue;
          const m = matchRule(rule, policy);
          for (const s of m.stdList) {
            add(maps.std, s, ports);
            add(maps.any, s, ports);
          }
          for (const s of m.implList) add(maps.any, s, ports);
          // The destination is the selected pod: named ports resolve on it, external source or not.
          for (let a = 0; a < atoms.length; a++) if (m.atoms[a]) add(maps.ext, a, ports);
        }
      }
    }
    ingressCache.set(d, maps);
    return maps;
  };

  const egressCache = new Map<number, SideMaps | undefined>();
  const egressOf = (s: number): SideMaps | undefined => {
    if (egressCache.has(s)) return egressCache.get(s);
    const cls = classes[s] as PodClass;
    let maps: SideMaps | undefined;
    if (!cls.hostNetwork && cls.egressPolicies.length > 0) {
      maps = { std: new Map(), any: new Map(), ext: new Map() };
      for (const pi of cls.egressPolicies) {
        const policy = policies[pi] as NormalizedPolicy;
        for (const rule of policy.egress) {
          const m = matchRule(rule, policy);
          for (const d of m.stdList) {
            const ports = rulePorts(rule, d);
            if (isEmptyPorts(ports)) continue;
            add(maps.std, d, ports);
            add(maps.any, d, ports);
          }
          for (const d of m.implList) {
            const ports = rulePorts(rule, d);
            if (!isEmptyPorts(ports)) add(maps.any, d, ports);
          }
          const numeric = rule.numericPorts;
          if (!isEmptyPorts(numeric))
            for (let a = 0; a < atoms.length; a++) if (m.atoms[a]) add(maps.ext, a, numeric);
        }
      }
    }
    egressCache.set(s, maps);
    return maps;
  };

  // Rule 20: a hostNetwork pod is not filtered itself; when a policy does select it, "allowed" is only the
  // implementation's answer.
  const unfiltered = (cls: PodClass, selectedBy: number[]): Allowed =>
    cls.hostNetwork && selectedBy.length > 0
      ? { std: EMPTY_PORTS, any: ALL_PORTS }
      : { std: ALL_PORTS, any: ALL_PORTS };

  const egressSide = (s: number, d: number | undefined, atom: number | undefined): Allowed => {
    const cls = classes[s] as PodClass;
    const maps = egressOf(s);
    if (!maps) return unfiltered(cls, cls.egressPolicies);
    if (d !== undefined) return { std: maps.std.get(d) ?? EMPTY_PORTS, any: maps.any.get(d) ?? EMPTY_PORTS };
    const ext = maps.ext.get(atom as number) ?? EMPTY_PORTS;
    return { std: ext, any: ext };
  };
  const ingressSide = (d: number, s: number | undefined, atom: number | undefined): Allowed => {
    const cls = classes[d] as PodClass;
    const maps = ingressOf(d);
    if (!maps) return unfiltered(cls, cls.ingressPolicies);
    if (s !== undefined) return { std: maps.std.get(s) ?? EMPTY_PORTS, any: maps.any.get(s) ?? EMPTY_PORTS };
    const ext = maps.ext.get(atom as number) ?? EMPTY_PORTS;
    return { std: ext, any: ext };
  };

  return {
    snapshot,
    policies,
    invalid,
    classes,
    podClass,
    atoms,
    namespaceLabels,
    matchRule,
    rulePorts,
    classToClass(src, dst) {
      const e = egressSide(src, dst, undefined);
      const i = ingressSide(dst, src, undefined);
      return { std: intersectAllowed(e.std, i.std), any: intersectAllowed(e.any, i.any) };
    },
    classToAtom(src, atom) {
      return egressSide(src, undefined, atom);
    },
    atomToClass(atom, dst) {
      return ingressSide(dst, undefined, atom);
    },
    atomOf,
  };
}

function intersectAllowed(a: PortSet, b: PortSet): PortSet {
  if (a === ALL_PORTS) return b;
  if (b === ALL_PORTS) return a;
  if (isEmptyPorts(a) || isEmptyPorts(b)) return EMPTY_PORTS;
  return intersectPorts(a, b);
}

/**
 * Rule 16: a named port resolves on the destination pod's container ports, name AND protocol; the same name
 * may be a different number on another pod. Key: "PROTOCOL/name".
 */
export function resolveNamedPort(pod: Pod, key: string): number[] {
  const slash = key.indexOf("/");
  const protocol = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const out: number[] = [];
  for (const c of pod.containers) {
    for (const p of c.ports) if (p.name === name && p.protocol === protocol) out.push(p.containerPort);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** True when `ip` is one of `ranges` (used by explanations). */
export function inRanges(ranges: IpRange[], ip: { family: Family; value: bigint }): boolean {
  return ranges.some((r) => rangeHasIp(r, ip));
}
