import type { Finding } from "@/lib/findings/types";
import { ordinal } from "@/lib/netpol/explain-words";
import type { Pod } from "@/lib/model/types";
import { bitsToList } from "@/lib/netpol/bitset";
import type { NetworkAnalysis, PodClass } from "@/lib/netpol/network-analysis";
import type { NormalizedClusterPolicy, NormalizedClusterRule } from "@/lib/netpol/normalize-cluster-policy";
import { intersectPorts, isEmptyPorts, formatPorts } from "@/lib/netpol/port-set";
import { workloadId } from "@/lib/netpol/project-graph";

// Findings of the policy tiers (docs/semantics.md §1b): invalid cluster-tier policies (reported like
// NET-005), NET-009 (an Admin-tier Accept opens pods a namespace's default-deny closes), NET-010 (policies of one
// tier and priority whose rules could both match a connection with different actions) and NET-011 (policy kinds
// Vigil does not evaluate).

function ref(p: { kind: string; name: string }) {
  return { kind: p.kind, name: p.name };
}

/** The classes a cluster rule may apply to as a peer (any, for a rule matching some external range). */
function overlaps(
  a: NormalizedClusterRule,
  am: { bits: Uint32Array },
  b: NormalizedClusterRule,
  bm: { bits: Uint32Array },
): boolean {
  const peers =
    am.bits.some((w, i) => (w & (bm.bits[i] as number)) !== 0) ||
    (a.peers.some((p) => p.kind === "networks") && b.peers.some((p) => p.kind === "networks"));
  if (!peers) return false;
  // Named ports resolve per pod: count them as overlapping whatever the numbers.
  if (a.namedPorts.length > 0 || b.namedPorts.length > 0) return true;
  return !isEmptyPorts(intersectPorts(a.numericPorts, b.numericPorts));
}

export function findTierRisks(analysis: NetworkAnalysis): Finding[] {
  const ruleMatch = analysis.matchClusterRule;
  const findings: Finding[] = [];
  const { snapshot, classes } = analysis;
  for (const inv of analysis.invalidCluster) {
    for (const problem of inv.problems) {
      findings.push({
        rule: "NET-005",
        severity: "high",
        message: `${inv.policy.kind} ${inv.policy.name} is invalid at ${problem.field}: ${problem.reason}. Its CRD would reject it; it is left out of the analysis.`,
        object: ref(inv.policy),
        scope: "cluster",
      });
    }
  }

  // NET-009: an Admin-tier Accept on ingress of pods whose namespace has a NetworkPolicy isolating them.
  // The classes each policy's subject selects, by position in analysis.clusterPolicies.
  const selects = analysis.clusterPolicies.map(() => [] as PodClass[]);
  for (const c of classes) for (const pi of c.clusterPolicies) selects[pi]?.push(c);
  analysis.clusterPolicies.forEach((p, pi) => {
    if (p.tier !== "Admin") return;
    const accepts = p.ingress.filter((r) => r.action === "Accept");
    if (accepts.length === 0) return;
    const opened = new Set<string>();
    for (const c of selects[pi] ?? []) if (c.ingressPolicies.length > 0) opened.add(c.namespace);
    for (const ns of [...opened].sort()) {
      findings.push({
        rule: "NET-009",
        severity: "medium",
        message: `${p.kind} ${p.name} (Admin tier, priority ${p.priority}) accepts ingress ${accepts.map((r) => `with its ${ordinal(r.index)} ingress rule${r.name ? ` “${r.name}”` : ""} on ${formatPorts(r.numericPorts)}${r.namedPorts.length ? ` and named port ${r.namedPorts[0]?.name}` : ""}`).join(", ")} to pods of ${ns} that its NetworkPolicies isolate: the namespace's own policies cannot deny it.`,
        object: ref(p),
        scope: ns,
      });
    }
  });

  // NET-010: two policies of one tier and priority that select a common pod, with rules of different actions
  // whose peers and ports overlap.
  const byGroup = new Map<string, NormalizedClusterPolicy[]>();
  for (const p of analysis.clusterPolicies) {
    const key = `${p.tier}/${p.priority}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), p]);
  }
  for (const group of byGroup.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i] as NormalizedClusterPolicy;
        const b = group[j] as NormalizedClusterPolicy;
        const bi = analysis.clusterPolicies.indexOf(b);
        const common = (selects[analysis.clusterPolicies.indexOf(a)] ?? []).some((c) =>
          c.clusterPolicies.includes(bi),
        );
        if (!common) continue;
        const clash = (["ingress", "egress"] as const).find((d) =>
          a[d].some((ra) =>
            b[d].some((rb) => ra.action !== rb.action && overlaps(ra, ruleMatch(ra), rb, ruleMatch(rb))),
          ),
        );
        if (!clash) continue;
        findings.push({
          rule: "NET-010",
          severity: "medium",
          message: `${a.kind} ${a.name} and ${b.kind} ${b.name} share ${a.tier} priority ${a.priority}, select common pods, and have ${clash} rules with different actions that can match the same connection: a network plugin may apply either. Vigil answers such connections "allowed" as implementation-defined.`,
          object: ref(a),
          scope: "cluster",
        });
      }
    }
  }

  // NET-011: one finding per policy of a kind Vigil does not evaluate, with the workloads it may select.
  snapshot.unevaluatedPolicies.forEach((u, i) => {
    const bits = analysis.unevaluatedClasses[i];
    const workloads = new Set<string>();
    if (bits)
      for (const c of bitsToList(bits))
        for (const pi of (classes[c] as PodClass).pods) workloads.add(workloadId(snapshot.pods[pi] as Pod));
    const list = [...workloads].sort();
    findings.push({
      rule: "NET-011",
      severity: "info",
      message: `${u.kind} ${u.namespace ? `${u.namespace}/` : ""}${u.name} (${u.apiVersion}) is a policy kind Vigil does not evaluate; reachability shown for the ${list.length} workload${list.length === 1 ? "" : "s"} it may select${list.length ? ` (${list.slice(0, 5).join(", ")}${list.length > 5 ? ", ..." : ""})` : ""} is an upper bound.`,
      object: { kind: u.kind, ...(u.namespace ? { namespace: u.namespace } : {}), name: u.name },
      scope: u.namespace ?? "cluster",
    });
  });
  return findings;
}
