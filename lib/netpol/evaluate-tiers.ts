import { hasBit } from "@/lib/netpol/bitset";
import type {
  NormalizedClusterPolicy,
  NormalizedClusterRule,
  TierName,
} from "@/lib/netpol/normalize-cluster-policy";
import type { Allowed, Direction } from "@/lib/netpol/network-analysis";
import {
  ALL_PORTS,
  EMPTY_PORTS,
  equalPorts,
  intersectPorts,
  isEmptyPorts,
  subtractPorts,
  unionPorts,
  type PortSet,
} from "@/lib/netpol/port-set";

// The policy tiers around NetworkPolicy on one side of a connection (docs/semantics.md §1b, rules 22-24):
// the Admin tier, then NetworkPolicy, then the Baseline tier, then the default (allow). Within a tier policies
// go by priority, and within a policy the first matching rule decides (per port: a rule decides only the ports
// it names). Pass leaves the rest of its tier to the next tier.
//
// Two policies of one tier with the same priority whose rules disagree on a port are ambiguous: the API lets an
// implementation apply either. `any` takes the most permissive reading (Accept, then Pass, then Deny) and `std`
// the most restrictive, so that such an answer is "allowed" only as implementation-defined (NET-010).

/** The matches of one cluster rule: classes (non-hostNetwork for selectors; any class by IP for networks). */
export interface ClusterRuleMatch {
  bits: Uint32Array;
  atoms: Uint8Array;
}

interface TierRule {
  rule: NormalizedClusterRule;
  m: ClusterRuleMatch;
}

/** One priority of one tier: the policies sharing it, each with its rules of one direction in order. */
type PriorityGroup = TierRule[][];

export interface ClassTiers {
  admin: PriorityGroup[];
  baseline: PriorityGroup[];
  /** Every rule of both tiers, in evaluation order: which of them match a peer decides the outcome. */
  rules: TierRule[];
  /** The rules that match some external range (networks peers): the only ones an external peer can meet. */
  atomRules: TierRule[];
  /** Some rule names a port: the outcome then also depends on the destination pod (rule 16). */
  namedPorts: boolean;
  /** Outcomes by the rules that match and, with named ports, the destination (tierOutcome is pure). */
  outcomes: Map<string, TierOutcome>;
}

/**
 * The tiers' part of a side, independent of NetworkPolicy: what the Admin tier accepts, what it leaves to
 * NetworkPolicy, and the whole answer when no NetworkPolicy isolates the side (Baseline, then the default).
 */
interface TierOutcome {
  accept: Allowed;
  rest: Allowed;
  withoutNp: Allowed;
  /** The Admin tier decides nothing: NetworkPolicy's answer stands as it is. */
  leavesNp: boolean;
}

interface Decided {
  accept: PortSet;
  deny: PortSet;
  pass: PortSet;
}

const NONE: Decided = { accept: EMPTY_PORTS, deny: EMPTY_PORTS, pass: EMPTY_PORTS };

/** Groups of the policies selecting a class, per tier and priority, with one direction's rules. */
export function groupTiers(
  policies: readonly NormalizedClusterPolicy[],
  selecting: readonly number[],
  direction: Direction,
  match: (rule: NormalizedClusterRule, policy: NormalizedClusterPolicy) => ClusterRuleMatch,
): ClassTiers {
  const out: ClassTiers = {
    admin: [],
    baseline: [],
    rules: [],
    atomRules: [],
    namedPorts: false,
    outcomes: new Map(),
  };
  let last: { tier: TierName; priority: number; group: PriorityGroup } | undefined;
  // `selecting` is in evaluation order (tier, priority, name).
  for (const pi of selecting) {
    const p = policies[pi] as NormalizedClusterPolicy;
    const rules = direction === "ingress" ? p.ingress : p.egress;
    // A policy without rules for this direction does not affect it.
    if (rules.length === 0) continue;
    const list = rules.map((rule) => ({ rule, m: match(rule, p) }));
    for (const r of list) {
      out.rules.push(r);
      if (r.m.atoms.includes(1)) out.atomRules.push(r);
      if (r.rule.namedPorts.length > 0) out.namedPorts = true;
    }
    if (last && last.tier === p.tier && last.priority === p.priority) last.group.push(list);
    else {
      last = { tier: p.tier, priority: p.priority, group: [list] };
      (p.tier === "Admin" ? out.admin : out.baseline).push(last.group);
    }
  }
  return out;
}

type PeerTest = (m: ClusterRuleMatch) => boolean;

/** One policy's rules over `remaining`: the first matching rule decides each port. */
function decidePolicy(
  rules: readonly TierRule[],
  remaining: PortSet,
  matches: PeerTest,
  ports: (rule: NormalizedClusterRule) => PortSet,
): Decided {
  let left = remaining;
  const d = { ...NONE };
  for (const { rule, m } of rules) {
    if (isEmptyPorts(left)) break;
    if (!matches(m)) continue;
    const hit = intersectPorts(ports(rule), left);
    if (isEmptyPorts(hit)) continue;
    const key = rule.action === "Accept" ? "accept" : rule.action === "Deny" ? "deny" : "pass";
    d[key] = unionPorts(d[key], hit);
    left = subtractPorts(left, hit);
  }
  return d;
}

/** A tier's walk over `start`: what it accepts, denies and passes (the rest it leaves undecided). */
function walkTier(
  groups: readonly PriorityGroup[],
  start: PortSet,
  matches: PeerTest,
  ports: (rule: NormalizedClusterRule) => PortSet,
  permissive: boolean,
): Decided {
  let remaining = start;
  const total = { ...NONE };
  for (const group of groups) {
    if (isEmptyPorts(remaining)) break;
    const each = group.map((rules) => decidePolicy(rules, remaining, matches, ports));
    let d: Decided;
    if (each.length === 1) d = each[0] as Decided;
    else {
      const all = each.reduce((a, b) => ({
        accept: unionPorts(a.accept, b.accept),
        deny: unionPorts(a.deny, b.deny),
        pass: unionPorts(a.pass, b.pass),
      }));
      // Ambiguous ports take the most permissive (any) or the most restrictive (std) action.
      d = permissive
        ? {
            accept: all.accept,
            pass: subtractPorts(all.pass, all.accept),
            deny: subtractPorts(subtractPorts(all.deny, all.accept), all.pass),
          }
        : {
            deny: all.deny,
            pass: subtractPorts(all.pass, all.deny),
            accept: subtractPorts(subtractPorts(all.accept, all.deny), all.pass),
          };
    }
    total.accept = unionPorts(total.accept, d.accept);
    total.deny = unionPorts(total.deny, d.deny);
    total.pass = unionPorts(total.pass, d.pass);
    remaining = subtractPorts(subtractPorts(subtractPorts(remaining, d.accept), d.deny), d.pass);
  }
  return total;
}

/** Rules 22-24 on one side, before NetworkPolicy is known: see TierOutcome. */
export function tierOutcome(
  tiers: ClassTiers,
  matches: PeerTest,
  ports: (rule: NormalizedClusterRule) => PortSet,
): TierOutcome {
  const one = (permissive: boolean) => {
    const admin = walkTier(tiers.admin, ALL_PORTS, matches, ports, permissive);
    const rest = subtractPorts(subtractPorts(ALL_PORTS, admin.accept), admin.deny);
    const base = walkTier(tiers.baseline, rest, matches, ports, permissive);
    // Baseline Pass goes to the default, which allows.
    return {
      accept: admin.accept,
      rest,
      withoutNp: unionPorts(admin.accept, subtractPorts(rest, base.deny)),
    };
  };
  const std = one(false);
  const any = one(true);
  return {
    accept: { std: std.accept, any: any.accept },
    rest: { std: std.rest, any: any.rest },
    withoutNp: { std: std.withoutNp, any: any.withoutNp },
    leavesNp:
      isEmptyPorts(std.accept) &&
      isEmptyPorts(any.accept) &&
      equalPorts(std.rest, ALL_PORTS) &&
      equalPorts(any.rest, ALL_PORTS),
  };
}

/**
 * The side's answer from the tiers' outcome and `np`, the NetworkPolicy tier's answer (undefined when no
 * NetworkPolicy isolates the class for this direction: then the Baseline tier and the default decide).
 */
export function applyOutcome(o: TierOutcome, np: Allowed | undefined, selectedOtherwise = false): Allowed {
  // A NetworkPolicy selects the class for the other direction only: the permissive reading skips the Baseline
  // tier, as an implementation may (docs/semantics.md §1b, "The Baseline tier and a NetworkPolicy of the other
  // direction").
  if (np === undefined && selectedOtherwise)
    return { std: o.withoutNp.std, any: unionPorts(o.accept.any, o.rest.any) };
  if (np === undefined) return o.withoutNp;
  if (o.leavesNp) return np;
  return {
    std: unionPorts(o.accept.std, intersectPorts(np.std, o.rest.std)),
    any: unionPorts(o.accept.any, intersectPorts(np.any, o.rest.any)),
  };
}

/** Whether some cluster rule applies to the class at all in this direction. */
export function hasTiers(t: ClassTiers): boolean {
  return t.admin.length > 0 || t.baseline.length > 0;
}

/** A class as the peer of a cluster rule. */
export function classPeer(cls: number): PeerTest {
  return (m) => hasBit(m.bits, cls);
}

export function atomPeer(atom: number): PeerTest {
  return (m) => m.atoms[atom] === 1;
}
