import type { ClusterNetworkPolicy, ClusterPolicyKind } from "@/lib/model/cluster-policy-types";
import type { NetworkPolicy, Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import type { InvalidClusterPolicy, InvalidPolicy } from "@/lib/netpol/network-analysis";
import { isEmptyPorts, portRangesOf, subtractPorts, type PortRange } from "@/lib/netpol/port-set";
import { projectEdges } from "@/lib/netpol/project-graph";

// What-if: apply (add or replace by namespace/name), or delete, policies in memory and compare workload-level
// reachability before and after (docs/semantics.md §1). Invalid policies given as changes are reported, not evaluated
// (rule 21), exactly as invalid policies in the cluster are. Cluster-tier policies (docs/semantics.md §1b) are
// applied and deleted the same way, by kind and name: they have no namespace. Deletions go first, so a policy
// both deleted and given is the one given.

interface PolicyChanges {
  apply?: readonly NetworkPolicy[];
  /** Cluster-tier policies, added or replacing the one of the same kind and name. */
  applyCluster?: readonly ClusterNetworkPolicy[];
  delete?: readonly { namespace: string; name: string }[];
  /** Cluster-tier policies to delete, by kind and name (they have no namespace). */
  deleteCluster?: readonly { kind: ClusterPolicyKind; name: string }[];
}

interface ConnectionChange {
  from: string;
  to: string;
  ports: PortRange[];
}

interface WhatIfResult {
  gained: ConnectionChange[];
  lost: ConnectionChange[];
  /** Policies of the changes that are invalid (rule 21), with their problems. */
  invalid: InvalidPolicy[];
  /** Cluster-tier policies of the changes that their CRDs would reject. */
  invalidCluster: InvalidClusterPolicy[];
  /** What the changes did: "added", "replaced" or "deleted", per policy (`kind` for a cluster-tier one). */
  changes: {
    kind?: string;
    namespace: string;
    name: string;
    action: "added" | "replaced" | "deleted" | "not found";
  }[];
  /** External address ranges of either side (ids are short: project-graph.ts), with their labels and meaning. */
  externals: { id: string; label: string; internet: boolean; metadata: boolean }[];
}

export function applyPolicyChanges(
  snapshot: Snapshot,
  changes: PolicyChanges,
): { snapshot: Snapshot; changes: WhatIfResult["changes"] } {
  const key = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
  const log: WhatIfResult["changes"] = [];
  let policies = [...snapshot.networkPolicies];
  for (const d of changes.delete ?? []) {
    const before = policies.length;
    policies = policies.filter((p) => key(p) !== key(d));
    log.push({
      namespace: d.namespace,
      name: d.name,
      action: policies.length < before ? "deleted" : "not found",
    });
  }
  for (const a of changes.apply ?? []) {
    const i = policies.findIndex((p) => key(p) === key(a));
    if (i === -1) policies.push(a);
    else policies[i] = a;
    log.push({ namespace: a.namespace, name: a.name, action: i === -1 ? "added" : "replaced" });
  }
  let cluster = [...snapshot.clusterNetworkPolicies];
  for (const d of changes.deleteCluster ?? []) {
    const before = cluster.length;
    cluster = cluster.filter((p) => p.kind !== d.kind || p.name !== d.name);
    log.push({
      kind: d.kind,
      namespace: "",
      name: d.name,
      action: cluster.length < before ? "deleted" : "not found",
    });
  }
  for (const a of changes.applyCluster ?? []) {
    const i = cluster.findIndex((p) => p.kind === a.kind && p.name === a.name);
    if (i === -1) cluster.push(a);
    else cluster[i] = a;
    log.push({ kind: a.kind, namespace: "", name: a.name, action: i === -1 ? "added" : "replaced" });
  }
  const namespaces = [...snapshot.namespaces];
  for (const p of changes.apply ?? []) {
    if (!namespaces.some((n) => n.name === p.namespace)) {
      namespaces.push({ name: p.namespace, labels: { "kubernetes.io/metadata.name": p.namespace } });
    }
  }
  return {
    snapshot: { ...snapshot, namespaces, networkPolicies: policies, clusterNetworkPolicies: cluster },
    changes: log,
  };
}

function diff(
  a: ReturnType<typeof projectEdges>["edges"],
  b: ReturnType<typeof projectEdges>["edges"],
): ConnectionChange[] {
  const out: ConnectionChange[] = [];
  for (const [from, row] of a) {
    for (const [to, acc] of row) {
      const other = b.get(from)?.get(to);
      const rest = other ? subtractPorts(acc.any, other.any) : acc.any;
      if (!isEmptyPorts(rest)) out.push({ from, to, ports: portRangesOf(rest) });
    }
  }
  return out.sort((x, y) =>
    x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0,
  );
}

export function whatIf(snapshot: Snapshot, changes: PolicyChanges): WhatIfResult {
  const after = applyPolicyChanges(snapshot, changes);
  const before = projectEdges(analyzeNetwork(snapshot), "workload");
  const analysisAfter = analyzeNetwork(after.snapshot);
  const afterEdges = projectEdges(analysisAfter, "workload");
  const changedKeys = new Set((changes.apply ?? []).map((p) => `${p.namespace}/${p.name}`));
  const changedCluster = new Set((changes.applyCluster ?? []).map((p) => `${p.kind}/${p.name}`));
  const externals = new Map<string, WhatIfResult["externals"][number]>();
  for (const n of [...before.nodes.values(), ...afterEdges.nodes.values()]) {
    if (n.kind === "external") {
      externals.set(n.id, {
        id: n.id,
        label: n.label ?? n.id,
        internet: n.internet ?? false,
        metadata: n.metadata ?? false,
      });
    }
  }
  return {
    externals: [...externals.values()],
    gained: diff(afterEdges.edges, before.edges),
    lost: diff(before.edges, afterEdges.edges),
    invalid: analysisAfter.invalid.filter((i) => changedKeys.has(`${i.policy.namespace}/${i.policy.name}`)),
    invalidCluster: analysisAfter.invalidCluster.filter((i) =>
      changedCluster.has(`${i.policy.kind}/${i.policy.name}`),
    ),
    changes: after.changes,
  };
}
