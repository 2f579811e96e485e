import { VigilError } from "@/lib/errors";
import type { ClusterNetworkPolicy } from "@/lib/model/cluster-policy-types";
import type { LabelSelector, NetworkPolicy, NetworkPolicyRule } from "@/lib/model/types";

// The what-if editor's contract, shared by the route (app/api/network/what-if) and the editor component: the
// limits on what a viewer may ask, and the answer's shape. Pure: the client bundle imports it too.
//
// The limits bound the work by content, not only by bytes: one ipBlock with hundreds of excepts is a small
// text and a large analysis (every except splits the address space into more ranges), so excepts, peers,
// rules, ports and policies are counted before any analysis runs (docs/security.md "What is bounded"). The
// cluster-tier kinds count alike: their rules, peers, protocols and selectors, and each `networks` CIDR as an
// except (it splits the address space the same way).

export const WHAT_IF_LIMITS = {
  /** Bytes of YAML or JSON: about 11 KB once base64url-encoded, inside common proxies' request lines. */
  textBytes: 8 * 1024,
  policies: 20,
  /** Ingress and egress rules, over all the policies. */
  rules: 100,
  /** from/to items, over all the rules. */
  peers: 200,
  /** ipBlock excepts and cluster-tier `networks` CIDRs, over all the peers. */
  excepts: 64,
  ports: 200,
  /** matchLabels entries and matchExpressions, over every selector. */
  selectorTerms: 400,
  /** Policies named for deletion. */
  deletes: 50,
  /** Connections listed per direction (gained, lost); the totals are always given. */
  listedChanges: 2000,
  /** The whole answer, serialised. */
  answerBytes: 1024 * 1024,
} as const;

interface WhatIfPorts {
  protocol: string;
  from: number;
  to: number;
}

interface WhatIfConnection {
  from: string;
  to: string;
  ports: WhatIfPorts[];
}

export interface WhatIfAnswer {
  gained: WhatIfConnection[];
  lost: WhatIfConnection[];
  /** How many connections were gained and lost, when the lists above were cut at `listedChanges`. */
  gainedTotal: number;
  lostTotal: number;
  /** External address ranges named by the connections: short id -> readable label, and what they hold. */
  externals: { id: string; label: string; internet?: boolean; metadata?: boolean }[];
  /** `kind` for a cluster-tier policy, which has no namespace (namespace ""). */
  changes: { kind?: string; namespace: string; name: string; action: string }[];
  invalid: {
    policy: { kind?: string; namespace: string; name: string };
    problems: { field: string; reason: string }[];
  }[];
  warnings: string[];
  partial: boolean;
}

function tooLarge(what: string, count: number, limit: number): VigilError {
  return new VigilError(
    "too-large",
    `the what-if text has ${count} ${what}; the editor evaluates at most ${limit}. Split the change, or check it with \`vigil netpol\` on manifests`,
  );
}

function selectorTerms(s: LabelSelector | undefined): number {
  return s ? Object.keys(s.matchLabels).length + s.matchExpressions.length : 0;
}

/** Throws VigilError("too-large") when the policies would cost more than the editor's limits allow. */
export function checkWhatIfCost(
  policies: readonly NetworkPolicy[],
  deletes = 0,
  clusterPolicies: readonly ClusterNetworkPolicy[] = [],
): void {
  const L = WHAT_IF_LIMITS;
  const count = policies.length + clusterPolicies.length;
  if (count > L.policies) throw tooLarge("policies", count, L.policies);
  if (deletes > L.deletes) throw tooLarge("policies to delete", deletes, L.deletes);
  let rules = 0;
  let peers = 0;
  let excepts = 0;
  let ports = 0;
  let terms = 0;
  for (const p of policies) {
    terms += selectorTerms(p.podSelector);
    const all: readonly NetworkPolicyRule[] = [...(p.ingress ?? []), ...(p.egress ?? [])];
    rules += all.length;
    for (const r of all) {
      ports += r.ports?.length ?? 0;
      for (const peer of r.peers ?? []) {
        peers++;
        excepts += peer.ipBlock?.except.length ?? 0;
        terms += selectorTerms(peer.podSelector) + selectorTerms(peer.namespaceSelector);
      }
    }
  }
  for (const p of clusterPolicies) {
    terms +=
      selectorTerms(p.subject.namespaces) +
      selectorTerms(p.subject.pods?.namespaceSelector) +
      selectorTerms(p.subject.pods?.podSelector);
    const all = [...(p.ingress ?? []), ...(p.egress ?? [])];
    rules += all.length;
    for (const r of all) {
      ports += r.ports?.length ?? 0;
      for (const peer of r.peers ?? []) {
        peers++;
        excepts += (peer.networks?.length ?? 0) + (peer.domainNames?.length ?? 0);
        terms +=
          selectorTerms(peer.namespaces) +
          selectorTerms(peer.pods?.namespaceSelector) +
          selectorTerms(peer.pods?.podSelector) +
          selectorTerms(peer.nodes);
      }
    }
  }
  if (rules > L.rules) throw tooLarge("rules", rules, L.rules);
  if (peers > L.peers) throw tooLarge("peers (from/to items)", peers, L.peers);
  if (excepts > L.excepts) throw tooLarge("ipBlock excepts and networks CIDRs", excepts, L.excepts);
  if (ports > L.ports) throw tooLarge("ports", ports, L.ports);
  if (terms > L.selectorTerms) throw tooLarge("selector terms", terms, L.selectorTerms);
}

/** The answer, with each list cut at `listedChanges`; throws "too-large" if it is still over `answerBytes`. */
export function boundWhatIfAnswer(answer: WhatIfAnswer): WhatIfAnswer {
  const n = WHAT_IF_LIMITS.listedChanges;
  const bounded: WhatIfAnswer = {
    ...answer,
    gained: answer.gained.slice(0, n),
    lost: answer.lost.slice(0, n),
  };
  const used = new Set([...bounded.gained, ...bounded.lost].flatMap((c) => [c.from, c.to]));
  bounded.externals = answer.externals.filter((e) => used.has(e.id));
  const bytes = new TextEncoder().encode(JSON.stringify(bounded)).length;
  if (bytes > WHAT_IF_LIMITS.answerBytes) {
    throw new VigilError(
      "too-large",
      `the what-if answer would be ${bytes} bytes; the editor returns at most ${WHAT_IF_LIMITS.answerBytes}. Narrow the change`,
    );
  }
  return bounded;
}

/** The longest row a what-if list shows (the rest of a long port list is counted, long names are shortened). */
const MAX_ROW_CHARS = 200;

interface WhatIfRow {
  key: string;
  /** The whole row: "source → destination: ports". */
  text: string;
  /** The row under its source's heading (whatIfGroups), which names the source once: "→ destination: ports". */
  toText: string;
  /** The exact text when `text` had to be shortened, and the address ranges behind "internet". */
  title?: string;
  betweenWorkloads: boolean;
}

function portsText(ports: readonly WhatIfPorts[]): string {
  return ports
    .map(
      (p) =>
        `${p.protocol} ${p.from === p.to ? p.from : p.from === 1 && p.to === 65535 ? "all" : `${p.from}-${p.to}`}`,
    )
    .join(", ");
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  return `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
}

/** Items joined by commas, as many as fit in `max` characters with " and N more" after them. */
function fitList(items: readonly string[], max: number): string {
  const all = items.join(", ");
  if (all.length <= max) return all;
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const next = out === "" ? (items[i] ?? "") : `${out}, ${items[i] ?? ""}`;
    if (next.length + ` and ${items.length - i - 1} more`.length > max) {
      return `${out} and ${items.length - i} more`;
    }
    out = next;
  }
  return out;
}

/**
 * The rows of a gained or lost list, readable in a meeting: the internet named "internet" and cloud metadata
 * "cloud metadata" (their address ranges in `title`), one row per pair of names (IPv4 and IPv6 ranges merged),
 * connections between workloads first, no row longer than MAX_ROW_CHARS.
 */
export function whatIfRows(
  answer: Pick<WhatIfAnswer, "externals">,
  list: readonly WhatIfConnection[],
): WhatIfRow[] {
  const ext = new Map(answer.externals.map((e) => [e.id, e]));
  const nameOf = (id: string) => {
    const e = ext.get(id);
    return e ? (e.metadata ? "cloud metadata" : e.internet ? "internet" : e.label) : id;
  };
  const merged = new Map<
    string,
    { from: string; to: string; ports: string[]; ranges: string[]; between: boolean }
  >();
  for (const c of list) {
    const from = nameOf(c.from);
    const to = nameOf(c.to);
    const key = `${from}>${to}`;
    const row = merged.get(key) ?? {
      from,
      to,
      ports: [],
      ranges: [],
      between: !ext.has(c.from) && !ext.has(c.to),
    };
    const p = portsText(c.ports);
    const range = ext.get(c.from) ?? ext.get(c.to);
    if (!row.ports.includes(p)) row.ports.push(p);
    if (range && (range.internet || range.metadata)) row.ranges.push(`${range.label}: ${p}`);
    merged.set(key, row);
  }
  return [...merged.entries()]
    .sort(([a, x], [b, y]) => Number(y.between) - Number(x.between) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, r]) => {
      const from = shorten(r.from, 70);
      const to = shorten(r.to, 70);
      const head = `${from} → ${to}: `;
      const full = `${r.from} → ${r.to}: ${r.ports.join("; ")}`;
      const portList = r.ports.join(", ").split(", ");
      const text = `${head}${fitList(portList, MAX_ROW_CHARS - head.length)}`;
      const toHead = `→ ${to}: `;
      const toText = `${toHead}${fitList(portList, MAX_ROW_CHARS - toHead.length)}`;
      const details = [...(text !== full ? [full] : []), ...r.ranges];
      return {
        key,
        text,
        toText,
        ...(details.length > 0 ? { title: details.join("\n") } : {}),
        betweenWorkloads: r.between,
      };
    });
}

interface WhatIfGroup {
  /** The source every row of the group starts from: a workload, "internet", "cloud metadata" or a range. */
  from: string;
  rows: WhatIfRow[];
}

/**
 * The rows grouped by their source, so that a meeting reads what one workload gains or loses at once: groups
 * whose source is a workload first, each keeping whatIfRows' order (connections between workloads first).
 */
export function whatIfGroups(
  answer: Pick<WhatIfAnswer, "externals">,
  list: readonly WhatIfConnection[],
): WhatIfGroup[] {
  const ext = new Set(answer.externals.map((e) => e.id));
  // Sources that are workloads (an external source's row names it "internet", "cloud metadata" or a range).
  const workloads = new Set(list.filter((c) => !ext.has(c.from)).map((c) => c.from));
  const groups = new Map<string, WhatIfGroup & { workload: boolean }>();
  for (const row of whatIfRows(answer, list)) {
    const from = row.key.slice(0, row.key.indexOf(">"));
    const group = groups.get(from) ?? { from, rows: [], workload: workloads.has(from) };
    group.rows.push(row);
    groups.set(from, group);
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        Number(b.workload) - Number(a.workload) ||
        Number(b.rows[0]?.betweenWorkloads ?? false) - Number(a.rows[0]?.betweenWorkloads ?? false) ||
        (a.from < b.from ? -1 : a.from > b.from ? 1 : 0),
    )
    .map(({ from, rows }) => ({ from, rows }));
}
