import { csvCell as cell } from "@/lib/findings/export-findings";
import type { ClusterNetworkPolicy } from "@/lib/model/cluster-policy-types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import {
  selectorText,
  type NormalizedClusterPolicy,
  type NormalizedClusterRule,
} from "@/lib/netpol/normalize-cluster-policy";

// The policies in the order the tiers apply them (docs/semantics.md §1b, rule 22): Admin-tier cluster policies
// by priority, then the namespaces' NetworkPolicies, then the Baseline tier. One list for the Network page, its
// policies export and the review report.

interface TierRuleRow {
  direction: "ingress" | "egress";
  /** Position in spec.ingress / spec.egress. */
  index: number;
  name?: string;
  /** As the kind spells it: Accept / Deny / Pass, or Allow for the v1alpha1 kinds. */
  action: string;
  peers: string;
  ports: string;
  /** nodes and domainNames peers, which Vigil does not evaluate. */
  notEvaluated?: string;
}

export interface ClusterPolicyRow {
  kind: ClusterNetworkPolicy["kind"];
  apiVersion: string;
  name: string;
  tier: "Admin" | "Baseline";
  /** Absent for the BaselineAdminNetworkPolicy, which has none. */
  priority?: number;
  subject: string;
  rules: TierRuleRow[];
  /** Another policy of the same tier has the same priority: their order is implementation-defined (NET-010). */
  sharedPriority: boolean;
  /** Pods (or workload templates) its subject selects among those the viewer sees. */
  selectedPods: number;
  /** Why its CRD would reject it; such a policy is not evaluated (NET-005). */
  invalid?: string;
}

interface NamespacePolicyRow {
  namespace: string;
  name: string;
  invalid?: string;
}

export interface PolicyTiers {
  admin: ClusterPolicyRow[];
  namespace: NamespacePolicyRow[];
  baseline: ClusterPolicyRow[];
}

function subjectText(s: NormalizedClusterPolicy["subject"]): string {
  if (s.namespaces) return `pods of namespaces ${selectorText(s.namespaces)}`;
  if (s.pods)
    return `pods ${selectorText(s.pods.podSelector)} of namespaces ${selectorText(s.pods.namespaceSelector)}`;
  return "nothing";
}

function ruleRow(p: NormalizedClusterPolicy, r: NormalizedClusterRule): TierRuleRow {
  const action = r.action === "Accept" && p.kind !== "ClusterNetworkPolicy" ? "Allow" : r.action;
  return {
    direction: r.direction,
    index: r.index,
    ...(r.name ? { name: r.name } : {}),
    action,
    peers: r.peers.length > 0 ? r.peers.map((x) => x.text).join(" or ") : "no evaluated peer",
    ports: r.portItems.length > 0 ? r.portItems.map((x) => x.text).join(", ") : "all ports",
    ...(r.unevaluatedPeers.length > 0 ? { notEvaluated: r.unevaluatedPeers.join(", ") } : {}),
  };
}

/**
 * The tiers' policies; with `namespace`, the cluster policies that select a pod there (and every invalid one)
 * and that namespace's NetworkPolicies.
 */
export function buildPolicyTiers(analysis: NetworkAnalysis, namespace?: string): PolicyTiers {
  const { classes, clusterPolicies } = analysis;
  const selected = clusterPolicies.map(() => ({ pods: 0, namespaces: new Set<string>() }));
  for (const c of classes)
    for (const pi of c.clusterPolicies) {
      const s = selected[pi];
      if (!s) continue;
      s.pods += c.pods.length;
      s.namespaces.add(c.namespace);
    }
  const priorities = new Map<string, number>();
  for (const p of clusterPolicies) {
    const key = `${p.tier}/${p.priority}`;
    priorities.set(key, (priorities.get(key) ?? 0) + 1);
  }
  const rows: ClusterPolicyRow[] = [];
  clusterPolicies.forEach((p, pi) => {
    const s = selected[pi] ?? { pods: 0, namespaces: new Set<string>() };
    if (namespace !== undefined && !s.namespaces.has(namespace)) return;
    rows.push({
      kind: p.kind,
      apiVersion: p.apiVersion,
      name: p.name,
      tier: p.tier,
      ...(p.kind !== "BaselineAdminNetworkPolicy" ? { priority: p.priority } : {}),
      subject: subjectText(p.subject),
      rules: [...p.ingress, ...p.egress].map((r) => ruleRow(p, r)),
      sharedPriority: (priorities.get(`${p.tier}/${p.priority}`) ?? 0) > 1,
      selectedPods: s.pods,
    });
  });
  for (const inv of analysis.invalidCluster) {
    const p = inv.policy;
    rows.push({
      kind: p.kind,
      apiVersion: p.apiVersion,
      name: p.name,
      tier: p.tier === "Baseline" || p.kind === "BaselineAdminNetworkPolicy" ? "Baseline" : "Admin",
      ...(typeof p.priority === "number" ? { priority: p.priority } : {}),
      subject: subjectText(p.subject),
      rules: [],
      sharedPriority: false,
      selectedPods: 0,
      invalid: inv.problems.map((x) => `${x.field}: ${x.reason}`).join("; "),
    });
  }
  const byOrder = (a: ClusterPolicyRow, b: ClusterPolicyRow) =>
    (a.priority ?? -1) - (b.priority ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const invalidOf = new Map(analysis.invalid.map((i) => [i.policy, i.problems] as const));
  return {
    admin: rows.filter((r) => r.tier === "Admin").sort(byOrder),
    namespace: analysis.snapshot.networkPolicies
      .filter((p) => namespace === undefined || p.namespace === namespace)
      .map((p) => {
        const problems = invalidOf.get(p);
        return {
          namespace: p.namespace,
          name: p.name,
          ...(problems ? { invalid: problems.map((x) => `${x.field}: ${x.reason}`).join("; ") } : {}),
        };
      }),
    baseline: rows.filter((r) => r.tier === "Baseline").sort(byOrder),
  };
}

const CSV_COLUMNS = [
  "tier",
  "priority",
  "kind",
  "apiVersion",
  "namespace",
  "name",
  "subject",
  "direction",
  "rule",
  "action",
  "peers",
  "ports",
  "notes",
] as const;

/** One row per rule of a cluster policy (one for a policy without rules) and one per NetworkPolicy, in tier order. */
export function policyTiersToCsv(t: PolicyTiers): string {
  const rows: string[][] = [];
  const cluster = (p: ClusterPolicyRow) => {
    const notes = [
      p.invalid ? `invalid, not evaluated: ${p.invalid}` : "",
      p.sharedPriority ? "shares its priority with another policy of its tier (NET-010)" : "",
    ].filter(Boolean);
    const base = [
      p.tier,
      p.priority === undefined ? "" : String(p.priority),
      p.kind,
      p.apiVersion,
      "",
      p.name,
      p.subject,
    ];
    if (p.rules.length === 0) rows.push([...base, "", "", "", "", "", notes.join("; ")]);
    for (const r of p.rules)
      rows.push([
        ...base,
        r.direction,
        `${r.index}${r.name ? ` ${r.name}` : ""}`,
        r.action,
        r.peers,
        r.ports,
        [...notes, r.notEvaluated ? `not evaluated: ${r.notEvaluated}` : ""].filter(Boolean).join("; "),
      ]);
  };
  t.admin.forEach(cluster);
  for (const p of t.namespace)
    rows.push([
      "NetworkPolicy",
      "",
      "NetworkPolicy",
      "networking.k8s.io/v1",
      p.namespace,
      p.name,
      "",
      "",
      "",
      "",
      "",
      "",
      p.invalid ? `invalid, not evaluated: ${p.invalid}` : "",
    ]);
  t.baseline.forEach(cluster);
  return [CSV_COLUMNS.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\r\n") + "\r\n";
}
