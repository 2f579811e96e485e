import { hasBit } from "@/lib/netpol/bitset";
import { applyOutcome, atomPeer, classPeer, tierOutcome, type ClassTiers } from "@/lib/netpol/evaluate-tiers";
import type { NormalizedPolicy, NormalizedRule } from "@/lib/netpol/normalize-policy";
import type { Allowed, ClassRule, Direction, PodClass, RuleMatch } from "@/lib/netpol/network-analysis";
import {
  ALL_PORTS,
  EMPTY_PORTS,
  intersectPorts,
  isEmptyPorts,
  unionPorts,
  type PortSet,
} from "@/lib/netpol/port-set";

// One side of a connection (docs/semantics.md §1 rules 1-7, 20, and §1b rules 22-24 through evaluate-tiers.ts):
// the egress side of the source or the ingress side of the destination, towards a peer class or an external
// range.

/** What rulePorts needs of a rule of either kind. */
type PortsOf = Pick<NormalizedRule, "numericPorts" | "namedPorts">;

interface Sides {
  /** Rules 5-7: the rules of every policy isolating the class (undefined: not isolated; never hostNetwork). */
  rulesOf(cls: number, direction: Direction): ClassRule[] | undefined;
  openSide(cls: number, direction: Direction): Allowed;
  classToClass(src: number, dst: number): Allowed;
  classToAtom(src: number, atom: number): Allowed;
  atomToClass(atom: number, dst: number): Allowed;
}

export function buildSides(
  classes: readonly PodClass[],
  policies: readonly NormalizedPolicy[],
  atomCount: number,
  matchRule: (rule: NormalizedRule, policy: NormalizedPolicy) => RuleMatch,
  rulePorts: (rule: PortsOf, dst: number | undefined) => PortSet,
  tiersOf: (cls: number, direction: Direction) => ClassTiers | undefined,
): Sides {
  const ruleListCache: Record<Direction, (ClassRule[] | undefined)[]> = { ingress: [], egress: [] };
  const rulesOf = (c: number, direction: Direction): ClassRule[] | undefined => {
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

  const atomRuleCache: Record<Direction, ClassRule[][]> = { ingress: [], egress: [] };
  const atomRulesOf = (c: number, direction: Direction, all: ClassRule[]): ClassRule[] => {
    let list = atomRuleCache[direction][c];
    if (!list) {
      list = all.filter((r) => r.m.anyAtom);
      atomRuleCache[direction][c] = list;
    }
    return list;
  };

  // Rule 20: a hostNetwork pod is not filtered itself; when a policy does select it, "allowed" is only the
  // implementation's answer.
  const openSide = (c: number, direction: Direction): Allowed => {
    const cls = classes[c] as PodClass;
    const selectedBy = direction === "ingress" ? cls.ingressPolicies : cls.egressPolicies;
    return cls.hostNetwork && selectedBy.length > 0
      ? { std: EMPTY_PORTS, any: ALL_PORTS }
      : { std: ALL_PORTS, any: ALL_PORTS };
  };

  /** One side towards a peer class (`peer`) or an external range (`atom`); `dst` resolves named ports. */
  const side = (
    self: number,
    direction: Direction,
    peer: number | undefined,
    atom: number | undefined,
    dst: number | undefined,
  ): Allowed => {
    const np = npSide(self, direction, peer, atom, dst);
    // Rules 22-24: the Admin tier before NetworkPolicy, the Baseline tier after it.
    const tiers = tiersOf(self, direction);
    if (!tiers) return np ?? openSide(self, direction);
    // The tiers' outcome depends only on which of their rules match the peer (and, with named ports, on the
    // destination): computed once per such key and shared by every peer alike.
    // An external peer can only meet rules with networks peers: the key then covers those alone.
    let key = peer !== undefined ? "" : "a";
    let some = false;
    for (const { m } of peer !== undefined ? tiers.rules : tiers.atomRules) {
      const hit = peer !== undefined ? hasBit(m.bits, peer) : m.atoms[atom as number] === 1;
      key += hit ? "1" : "0";
      some ||= hit;
    }
    // No rule of either tier matches: NetworkPolicy, or the default, decides.
    if (!some) return np ?? openSide(self, direction);
    if (tiers.namedPorts) key += `|${dst ?? ""}`;
    let outcome = tiers.outcomes.get(key);
    if (!outcome) {
      const matches = peer !== undefined ? classPeer(peer) : atomPeer(atom as number);
      outcome = tierOutcome(tiers, matches, (rule) => rulePorts(rule, dst));
      tiers.outcomes.set(key, outcome);
    }
    const otherwise =
      np === undefined && rulesOf(self, direction === "ingress" ? "egress" : "ingress") !== undefined;
    return applyOutcome(outcome, np, otherwise);
  };

  /** The NetworkPolicy tier alone; undefined when no NetworkPolicy isolates the class for this direction. */
  const npSide = (
    self: number,
    direction: Direction,
    peer: number | undefined,
    atom: number | undefined,
    dst: number | undefined,
  ): Allowed | undefined => {
    const all = rulesOf(self, direction);
    if (!all) return (classes[self] as PodClass).hostNetwork ? openSide(self, direction) : undefined;
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
  // Each class's row, found once per class and direction (the key is costly to build for every range).
  const rowOf: Record<Direction, Allowed[][]> = { ingress: [], egress: [] };
  const atomRowOf = (c: number, direction: Direction): Allowed[] => {
    let row = rowOf[direction][c];
    if (row) return row;
    const cls = classes[c] as PodClass;
    const selecting = direction === "ingress" ? cls.ingressPolicies : cls.egressPolicies;
    const rules = rulesOf(c, direction);
    const tiers = tiersOf(c, direction);
    // Named ports resolve on this class only through a rule that can match an external range at all.
    const named =
      direction === "ingress" &&
      ((rules !== undefined && rules.some((r) => r.m.anyAtom && r.rule.namedPorts.length > 0)) ||
        (tiers !== undefined && tiers.atomRules.some((r) => r.rule.namedPorts.length > 0)));
    // The other direction's isolation matters to the Baseline tier (applyOutcome, `selectedOtherwise`).
    const otherwise =
      (direction === "ingress" ? cls.egressPolicies : cls.ingressPolicies).length > 0 ? "o" : "";
    const key = `${direction}|${cls.hostNetwork ? "h" : ""}${otherwise}|${selecting.join(",")}|${cls.clusterPolicies.join(",")}${named ? `#${c}` : ""}`;
    row = atomRows.get(key);
    if (!row) {
      row = new Array<Allowed>(atomCount);
      atomRows.set(key, row);
    }
    rowOf[direction][c] = row;
    return row;
  };
  const atomSide = (c: number, direction: Direction, atom: number): Allowed => {
    const row = atomRowOf(c, direction);
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

  return {
    rulesOf,
    openSide,
    classToClass(src, dst) {
      const e = side(src, "egress", dst, undefined, dst);
      if (isEmptyPorts(e.any)) return { std: EMPTY_PORTS, any: EMPTY_PORTS };
      const i = side(dst, "ingress", src, undefined, dst);
      return { std: intersectAllowed(e.std, i.std), any: intersectAllowed(e.any, i.any) };
    },
    // Rule 16: towards an external address only numeric ports count; from one, the pod is the destination.
    classToAtom: (src, atom) => atomSide(src, "egress", atom),
    atomToClass: (atom, dst) => atomSide(dst, "ingress", atom),
  };
}

function intersectAllowed(a: PortSet, b: PortSet): PortSet {
  if (a === ALL_PORTS) return b;
  if (b === ALL_PORTS) return a;
  if (isEmptyPorts(a) || isEmptyPorts(b)) return EMPTY_PORTS;
  return intersectPorts(a, b);
}
