import type { NetworkPolicy, Pod, Snapshot } from "@/lib/model/types";
import { parseCidr, parseIp, rangeHasIp, type Family, type IpRange } from "@/lib/netpol/ip";
import { matchesSelector, selectorKey } from "@/lib/model/match-selector";
import {
  ipBlockRanges,
  normalizePolicy,
  type NormalizedPeer,
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
  /** Bitset of the classes matched by a selector peer (or every class when `all`). */
  std: Uint32Array;
  /** Bitset of the classes matched only through an ipBlock containing their pod IPs (rule 20). */
  impl: Uint32Array;
  /** The classes matched only through an ipBlock holding their pod IPs (usually few). */
  implList: number[];
  atoms: Uint8Array;
  /** std | impl as a bitset over classes. */
  bits: Uint32Array;
  /** Some external range matches. */
  anyAtom: boolean;
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
  /** The classes that may reach class `dst` on some port: a superset, to visit only pairs that can be non-empty. */
  candidateSources(dst: number): number[];
  /** Whether a class is isolated for a direction (rule 2; never for hostNetwork pods, rule 20). */
  isolated(cls: number, direction: "ingress" | "egress"): boolean;
  /** The answer of a side that is not isolated (all ports; implementation-defined for a selected hostNetwork pod). */
  openSide(cls: number, direction: "ingress" | "egress"): Allowed;
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
  const keyOf = cachedSelectorKey();
  const podNamespaces = [...new Set(snapshot.pods.map((p) => p.namespace))];
  const nsMatchCache = new Map<string, string[]>();
  /** The namespaces (of pods) a namespaceSelector matches, computed once per distinct selector. */
  const namespacesMatching = (selector: Parameters<typeof selectorKey>[0]): string[] => {
    const key = keyOf(selector);
    let list = nsMatchCache.get(key);
    if (!list) {
      list = podNamespaces.filter((ns) => matchesSelector(selector, nsLabels(ns)));
      nsMatchCache.set(key, list);
    }
    return list;
  };
  const selectorsByNs = new Map<string, Map<string, Parameters<typeof selectorKey>[0]>>();
  const addSelector = (ns: string, selector: Parameters<typeof selectorKey>[0]) => {
    let m = selectorsByNs.get(ns);
    if (!m) {
      m = new Map();
      selectorsByNs.set(ns, m);
    }
    m.set(keyOf(selector), selector);
  };
  const namedPortKeys = new Set<string>();
  for (const p of policies) {
    addSelector(p.namespace, p.podSelector);
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const n of rule.namedPorts) namedPortKeys.add(`${n.protocol}/${n.name}`);
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== "pods" || !peer.podSelector) continue;
        if (!peer.namespaceSelector) addSelector(p.namespace, peer.podSelector);
        else for (const ns of namespacesMatching(peer.namespaceSelector)) addSelector(ns, peer.podSelector);
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
  // Rule matches as bitsets over classes, built from cached bitsets per distinct selector, namespace and ipBlock:
  // a rule costs a few word-wise ANDs and ORs, never a loop over every class.
  const W = Math.ceil(K / 32);
  const bitsOf = (pred: (c: PodClass) => boolean): Uint32Array => {
    const bits = new Uint32Array(W);
    for (const c of classes)
      if (pred(c)) bits[c.id >>> 5] = (bits[c.id >>> 5] as number) | (1 << (c.id & 31));
    return bits;
  };
  const everyClass = bitsOf(() => true);
  const podSelectorCache = new Map<string, Uint32Array>();
  // Rule 20: hostNetwork pods are never selected by pod or namespace selectors.
  const podSelectorBits = (sel: Parameters<typeof selectorKey>[0]) => {
    const key = keyOf(sel);
    let bits = podSelectorCache.get(key);
    if (!bits) {
      bits = bitsOf((c) => !c.hostNetwork && matchesSelector(sel, c.sample.labels));
      podSelectorCache.set(key, bits);
    }
    return bits;
  };
  const nsSelectorCache = new Map<string, Uint32Array>();
  const nsSelectorBits = (sel: Parameters<typeof selectorKey>[0]) => {
    const key = keyOf(sel);
    let bits = nsSelectorCache.get(key);
    if (!bits) {
      const names = new Set(namespacesMatching(sel));
      bits = bitsOf((c) => !c.hostNetwork && names.has(c.namespace));
      nsSelectorCache.set(key, bits);
    }
    return bits;
  };
  const ownNsCache = new Map<string, Uint32Array>();
  const ownNsBits = (ns: string) => {
    let bits = ownNsCache.get(ns);
    if (!bits) {
      bits = bitsOf((c) => !c.hostNetwork && c.namespace === ns);
      ownNsCache.set(ns, bits);
    }
    return bits;
  };
  // Per external range, the classes holding an IP in it (rule 20: ipBlock matching pod IPs).
  const atomClasses = atoms.map((a) => bitsOf((c) => c.ipAtoms.includes(a.id)));
  const blockCache = new Map<string, { atoms: Uint8Array; impl: Uint32Array }>();
  const blockBits = (peer: Extract<NormalizedPeer, { kind: "ipBlock" }>) => {
    let entry = blockCache.get(peer.text);
    if (!entry) {
      // Rule 14: cidr minus except.
      const ranges = ipBlockRanges(peer);
      const atomBits = new Uint8Array(atoms.length);
      const impl = new Uint32Array(W);
      for (const a of atoms) {
        if (
          ranges.some((r) => r.family === a.range.family && r.start <= a.range.start && a.range.end <= r.end)
        ) {
          atomBits[a.id] = 1;
          const cls = atomClasses[a.id] as Uint32Array;
          for (let w = 0; w < W; w++) impl[w] = (impl[w] as number) | (cls[w] as number);
        }
      }
      entry = { atoms: atomBits, impl };
      blockCache.set(peer.text, entry);
    }
    return entry;
  };

  const matchCache = new Map<NormalizedRule, RuleMatch>();
  const matchRule = (rule: NormalizedRule, policy: NormalizedPolicy): RuleMatch => {
    const cached = matchCache.get(rule);
    if (cached) return cached;
    let result: RuleMatch;
    if (!rule.peers) {
      // Rule 8: every peer, external addresses and hostNetwork pods included.
      result = {
        all: true,
        std: everyClass,
        impl: new Uint32Array(W),
        implList: [],
        atoms: new Uint8Array(atoms.length).fill(1),
        bits: everyClass,
        anyAtom: true,
      };
    } else {
      const std = new Uint32Array(W);
      const impl = new Uint32Array(W);
      const atomBits = new Uint8Array(atoms.length);
      for (const peer of rule.peers) {
        if (peer.kind === "pods") {
          // Rule 11: podSelector alone = the policy's namespace; namespaceSelector = those namespaces; both = AND.
          const scope = peer.namespaceSelector
            ? nsSelectorBits(peer.namespaceSelector)
            : ownNsBits(policy.namespace);
          const pods = peer.podSelector ? podSelectorBits(peer.podSelector) : undefined;
          for (let w = 0; w < W; w++) {
            std[w] = (std[w] as number) | ((scope[w] as number) & (pods ? (pods[w] as number) : 0xffffffff));
          }
        } else {
          const block = blockBits(peer);
          for (let a = 0; a < atoms.length; a++) if (block.atoms[a]) atomBits[a] = 1;
          for (let w = 0; w < W; w++) impl[w] = (impl[w] as number) | (block.impl[w] as number);
        }
      }
      const bits = new Uint32Array(W);
      for (let w = 0; w < W; w++) {
        impl[w] = (impl[w] as number) & ~(std[w] as number);
        bits[w] = (std[w] as number) | (impl[w] as number);
      }
      result = {
        all: false,
        std,
        impl,
        implList: bitsToList(impl),
        atoms: atomBits,
        bits,
        anyAtom: atomBits.includes(1),
      };
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

  // Rules 5-7: per class, the rules of every policy that isolates it (none for hostNetwork pods, rule 20).
  const ruleListCache: Record<"ingress" | "egress", (ClassRule[] | undefined)[]> = {
    ingress: [],
    egress: [],
  };
  const rulesOf = (c: number, direction: "ingress" | "egress"): ClassRule[] | undefined => {
    const cache = ruleListCache[direction];
    if (c in cache) return cache[c];
    const cls = classes[c] as PodClass;
    const selecting = direction === "ingress" ? cls.ingressPolicies : cls.egressPolicies;
    let list: ClassRule[] | undefined;
    if (!cls.hostNetwork && selecting.length > 0) {
      list = [];
      for (const pi of selecting) {
        const policy = policies[pi] as NormalizedPolicy;
        for (const rule of direction === "ingress" ? policy.ingress : policy.egress) {
          list.push({ rule, m: matchRule(rule, policy) });
        }
      }
    }
    cache[c] = list;
    return list;
  };

  const atomRuleCache: Record<"ingress" | "egress", ClassRule[][]> = { ingress: [], egress: [] };
  const atomRulesOf = (c: number, direction: "ingress" | "egress", all: ClassRule[]): ClassRule[] => {
    let list = atomRuleCache[direction][c];
    if (!list) {
      list = all.filter((r) => r.m.anyAtom);
      atomRuleCache[direction][c] = list;
    }
    return list;
  };

  // Rule 20: a hostNetwork pod is not filtered itself; when a policy does select it, "allowed" is only the
  // implementation's answer.
  const unfiltered = (cls: PodClass, selectedBy: number[]): Allowed =>
    cls.hostNetwork && selectedBy.length > 0
      ? { std: EMPTY_PORTS, any: ALL_PORTS }
      : { std: ALL_PORTS, any: ALL_PORTS };
  const openSide = (c: number, direction: "ingress" | "egress"): Allowed => {
    const cls = classes[c] as PodClass;
    return unfiltered(cls, direction === "ingress" ? cls.ingressPolicies : cls.egressPolicies);
  };

  /** One side towards a peer class (`peer`) or an external range (`atom`); `dst` resolves named ports. */
  const side = (
    self: number,
    direction: "ingress" | "egress",
    peer: number | undefined,
    atom: number | undefined,
    dst: number | undefined,
  ): Allowed => {
    const all = rulesOf(self, direction);
    if (!all) return openSide(self, direction);
    const rules = peer !== undefined ? all : atomRulesOf(self, direction, all);
    let std = EMPTY_PORTS;
    let any = EMPTY_PORTS;
    for (const { rule, m } of rules) {
      let kind: "std" | "impl" | undefined;
      if (peer !== undefined) kind = hasBit(m.std, peer) ? "std" : hasBit(m.impl, peer) ? "impl" : undefined;
      else kind = m.atoms[atom as number] ? "std" : undefined;
      if (!kind) continue;
      const ports = rulePorts(rule, dst);
      if (isEmptyPorts(ports)) continue;
      any = unionPorts(any, ports);
      if (kind === "std") std = unionPorts(std, ports);
    }
    return { std, any };
  };

  // Towards or from an external range, a class's answer depends only on the policies isolating it (and, for
  // ingress with named ports, on its own container ports): classes alike share one row per range.
  const atomRows = new Map<string, Allowed[]>();
  const atomSide = (c: number, direction: "ingress" | "egress", atom: number): Allowed => {
    const cls = classes[c] as PodClass;
    const selecting = direction === "ingress" ? cls.ingressPolicies : cls.egressPolicies;
    const rules = rulesOf(c, direction);
    const named =
      direction === "ingress" && rules !== undefined && rules.some((r) => r.rule.namedPorts.length > 0);
    const key = `${direction}|${cls.hostNetwork ? "h" : ""}|${selecting.join(",")}${named ? `#${c}` : ""}`;
    let row = atomRows.get(key);
    if (!row) {
      row = new Array<Allowed>(atoms.length);
      atomRows.set(key, row);
    }
    let answer = row[atom];
    if (!answer) {
      answer =
        direction === "egress"
          ? side(c, "egress", undefined, atom, undefined)
          : side(c, "ingress", undefined, atom, c);
      row[atom] = answer;
    }
    return answer;
  };

  // Candidate sources per destination class d, as bitsets: s may reach d only if some egress rule R of s names
  // d and some ingress rule r of d names s, with ports that intersect (or a side is not isolated). The sources
  // whose egress holds R are the classes R's policy isolates, so per (R, r) the candidates are
  // selected(R) AND peers(r): word-wise ANDs, never a loop over class pairs. Rules whose ports cannot meet are
  // skipped before any bitset is touched.
  const words = Math.ceil(K / 32);
  interface EgressRule {
    rule: NormalizedRule;
    m: RuleMatch;
    /** Classes this rule's policy isolates for egress (the sources that hold the rule). */
    sources: Uint32Array;
  }
  let egressRules: EgressRule[] | undefined;
  const openEgress = new Uint32Array(words);
  const allBits = new Uint32Array(words);
  for (let i = 0; i < K; i++) allBits[i >>> 5] = (allBits[i >>> 5] as number) | (1 << (i & 31));
  const buildEgressRules = (): EgressRule[] => {
    const selected = policies.map(() => new Uint32Array(words));
    for (let c = 0; c < K; c++) {
      const cls = classes[c] as PodClass;
      if (!rulesOf(c, "egress")) {
        openEgress[c >>> 5] = (openEgress[c >>> 5] as number) | (1 << (c & 31));
        continue;
      }
      for (const pi of cls.egressPolicies) {
        const bits = selected[pi] as Uint32Array;
        bits[c >>> 5] = (bits[c >>> 5] as number) | (1 << (c & 31));
      }
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
                  : `pods:${p.namespaceSelector ? `nss:${keyOf(p.namespaceSelector)}` : `ns:${policy.namespace}`}/${p.podSelector ? keyOf(p.podSelector) : "*"}`,
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
          for (let w = 0; w < words; w++)
            group.sources[w] = (group.sources[w] as number) | (sources[w] as number);
        }
      });
    });
    return [...groups.values()];
  };
  // Whether two port sets share a port, cached by identity: rule port sets are shared objects.
  const meetCache = new Map<PortSet, Map<PortSet, boolean>>();
  const meets = (a: PortSet, b: PortSet): boolean => {
    let row = meetCache.get(a);
    if (!row) {
      row = new Map();
      meetCache.set(a, row);
    }
    let v = row.get(b);
    if (v === undefined) {
      v = !isEmptyPorts(intersectPorts(a, b));
      row.set(b, v);
    }
    return v;
  };
  const orAnd = (acc: Uint32Array, a: Uint32Array, b: Uint32Array) => {
    for (let w = 0; w < words; w++) acc[w] = (acc[w] as number) | ((a[w] as number) & (b[w] as number));
  };
  const candidateSources = (d: number): number[] => {
    egressRules ??= buildEgressRules();
    const acc = new Uint32Array(words);
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
        if (meets(ports, i.ports)) orAnd(acc, i.bits, e.sources);
      }
    }
    return bitsToList(acc).filter((s) => s < K);
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
    candidateSources,
    openSide,
    isolated: (c, direction) => rulesOf(c, direction) !== undefined,
    classToClass(src, dst) {
      const e = side(src, "egress", dst, undefined, dst);
      if (isEmptyPorts(e.any)) return { std: EMPTY_PORTS, any: EMPTY_PORTS };
      const i = side(dst, "ingress", src, undefined, dst);
      return { std: intersectAllowed(e.std, i.std), any: intersectAllowed(e.any, i.any) };
    },
    // Rule 16: towards an external address only numeric ports count; from one, the pod is the destination.
    classToAtom: (src, atom) => atomSide(src, "egress", atom),
    atomToClass: (atom, dst) => atomSide(dst, "ingress", atom),
    atomOf,
  };
}

interface ClassRule {
  rule: NormalizedRule;
  m: RuleMatch;
}

/** The set bits of a bitset, in order. */
export function bitsToList(bits: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w] as number;
    while (x !== 0) {
      out.push(w * 32 + (31 - Math.clz32(x & -x)));
      x &= x - 1;
    }
  }
  return out;
}

export function hasBit(bits: Uint32Array, i: number): boolean {
  return (((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
}

function intersectAllowed(a: PortSet, b: PortSet): PortSet {
  if (a === ALL_PORTS) return b;
  if (b === ALL_PORTS) return a;
  if (isEmptyPorts(a) || isEmptyPorts(b)) return EMPTY_PORTS;
  return intersectPorts(a, b);
}

function cachedSelectorKey(): (s: Parameters<typeof selectorKey>[0]) => string {
  const cache = new WeakMap<object, string>();
  return (s) => {
    let k = cache.get(s);
    if (k === undefined) {
      k = selectorKey(s);
      cache.set(s, k);
    }
    return k;
  };
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
