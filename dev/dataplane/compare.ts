import type { ConnectionExplanation } from "@/lib/netpol/explain-connection";

// Vigil's answers against what the packets did. A probe agrees when Vigil's `allowed` equals "the destination
// answered". A disagreement is accepted only where the API leaves the behaviour to the implementation AND
// Vigil marked its answer implementation-defined for that very case AND docs/semantics.md records what
// kube-network-policies does there (IMPLEMENTATION_DEFINED below). Anything else fails the test.

export interface ProbeRow {
  scenario: string;
  from: string;
  to: string;
  protocol: string;
  port: number;
  /** The destination's stack answered (handshake, echo, or refusal). */
  reached: boolean;
  how: string;
  vigil: Pick<
    ConnectionExplanation,
    "allowed" | "implementationDefined" | "special" | "notes" | "egress" | "ingress"
  >;
}

/**
 * The implementation-defined cases of docs/semantics.md §1 rule 20 and §1b (a priority tie; the Baseline tier
 * for a pod that a NetworkPolicy of the other direction selects), as Vigil's explanation marks them.
 */
export type ImplementationCase =
  "self" | "node" | "hostNetwork" | "ipBlock-pod" | "priority-tie" | "baseline-skipped";

export interface KnownDifference {
  case: ImplementationCase;
  /** What kube-network-policies does in that case (the probe's answer). */
  kubeNetworkPolicies: "allows" | "denies";
  /** One line for the report: what it does and why. */
  reason: string;
}

/**
 * Where kube-network-policies v0.8.0 answers differently from Vigil's "allowed" in an implementation-defined
 * case (every case of rule 20 that the test can probe agreed, and so does the Baseline tier for a pod that a
 * NetworkPolicy of the other direction selects: Vigil's permissive reading is kube-network-policies' one; see
 * docs/verification.md). Each entry is the same case in docs/semantics.md §1b.
 */
export const IMPLEMENTATION_DEFINED: readonly KnownDifference[] = [
  {
    case: "priority-tie",
    kubeNetworkPolicies: "denies",
    reason:
      "AdminNetworkPolicies of one priority disagree; kube-network-policies applies the one whose name sorts first, Vigil answers the most permissive reading (NET-010)",
  },
];

export function casesOf(v: ProbeRow["vigil"]): ImplementationCase[] {
  const cases: ImplementationCase[] = [];
  if (!v.implementationDefined) return cases;
  if (v.special === "self") cases.push("self");
  if (v.special === "node") cases.push("node");
  if (v.notes.some((n) => n.includes("host network"))) cases.push("hostNetwork");
  if ([...v.egress.allowedBy, ...v.ingress.allowedBy].some((r) => r.implementationDefined))
    cases.push("ipBlock-pod");
  const sides = [v.egress.tiers, v.ingress.tiers];
  if (sides.some((t) => t?.ambiguous)) cases.push("priority-tie");
  if (sides.some((t) => t?.baselineSkipped)) cases.push("baseline-skipped");
  return cases;
}

export interface Comparison {
  probes: number;
  agree: number;
  explained: { row: ProbeRow; difference: KnownDifference }[];
  unexplained: ProbeRow[];
}

export function compareRows(
  rows: readonly ProbeRow[],
  known: readonly KnownDifference[] = IMPLEMENTATION_DEFINED,
): Comparison {
  const result: Comparison = { probes: rows.length, agree: 0, explained: [], unexplained: [] };
  for (const row of rows) {
    if (row.vigil.allowed === row.reached) {
      result.agree++;
      continue;
    }
    const cases = casesOf(row.vigil);
    const difference = known.find(
      (k) => cases.includes(k.case) && (k.kubeNetworkPolicies === "allows") === row.reached,
    );
    if (difference) result.explained.push({ row, difference });
    else result.unexplained.push(row);
  }
  return result;
}

export function describeRow(row: ProbeRow): string {
  const packets = row.reached ? `the packets got through (${row.how})` : "the packets were dropped";
  const vigil = row.vigil.allowed ? "allowed" : "denied";
  const sides = `egress: ${row.vigil.egress.reason}; ingress: ${row.vigil.ingress.reason}`;
  return `[${row.scenario}] ${row.from} -> ${row.to} ${row.protocol}/${row.port}: ${packets}, Vigil says ${vigil}${row.vigil.implementationDefined ? " (implementation-defined)" : ""} (${sides})`;
}

export function summaryLine(c: Comparison): string {
  const explained =
    c.explained.length > 0
      ? `, ${c.explained.length} differ where the behaviour is implementation-defined`
      : "";
  return `${c.probes} probes, ${c.agree} agree${explained}${c.unexplained.length > 0 ? `, ${c.unexplained.length} DISAGREE` : ""}`;
}
