import type { Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { rbacIndexOf } from "@/lib/rbac/analyze-rbac";
import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { MASTERS_GROUP } from "@/lib/rbac/can";
import { ANONYMOUS_USER } from "@/lib/rbac/user-info";
import { buildContext, type PathContext } from "@/lib/paths/context";
import { GraphBuilder, type AttackGraph } from "@/lib/paths/graph-builder";
import { ANY_USER, addClusterEdges } from "@/lib/paths/rbac-cluster-edges";
import {
  addNamespaceAdminOutgoing,
  addNamespaceEdges,
  namespaceAdmin,
} from "@/lib/paths/rbac-namespace-edges";
import { addNetworkEdges } from "@/lib/paths/network-edges";
import { ALL_NODES, CLUSTER_ADMIN, subjectRef } from "@/lib/paths/refs";
import { addWorkloadEdges } from "@/lib/paths/workload-edges";
import type { AttackRef } from "@/lib/paths/types";

// The attack graph of a snapshot (docs/semantics.md §5): every edge an exact consequence of the RBAC engine, the
// reachability engine or a pod field, with its evidence. Group membership and wildcards are zero-hop links, so a
// grant to a group is one edge and still counts for every member.

interface AttackGraphOptions {
  /** ATTACK-002 container -> container edges (many; off unless asked for). */
  lateral?: boolean;
  /** Build the RBAC evidence with the graph rather than when an edge is read (the same entries; for tests). */
  eagerEvidence?: boolean;
}

export interface AttackAnalysis {
  graph: AttackGraph;
  context: PathContext;
}

/** The groups the API server puts an identity in (docs/semantics.md §2). */
export function groupsOf(ref: AttackRef): string[] {
  if (ref.kind === "ServiceAccount") {
    return ["system:serviceaccounts", `system:serviceaccounts:${ref.namespace}`, "system:authenticated"];
  }
  if (ref.kind === "User") {
    if (ref.name === ANONYMOUS_USER) return ["system:unauthenticated"];
    if (ref.name.startsWith("system:node:")) return ["system:nodes", "system:authenticated"];
    return ["system:authenticated"];
  }
  return [];
}

export function buildAttackGraph(
  snapshot: Snapshot,
  options: AttackGraphOptions = {},
  given: { network?: NetworkAnalysis; rbac?: RbacIndex } = {},
): AttackAnalysis {
  const rbac = given.rbac ?? rbacIndexOf(snapshot);
  const network = given.network ?? analyzeNetwork(snapshot);
  const ctx = buildContext(snapshot, rbac);
  if (options.eagerEvidence) ctx.eagerEvidence = true;
  const g = new GraphBuilder();

  for (const ns of ctx.namespaces) addNamespaceEdges(ctx, g, ns);
  addClusterEdges(ctx, g);
  // cluster-admin holds every permission: every namespace's admin, and a privileged pod on any node (it may
  // relabel a namespace to lift Pod Security enforcement).
  if (g.has(CLUSTER_ADMIN)) {
    for (const ns of ctx.namespaces) {
      g.edge(
        "ATTACK-014",
        CLUSTER_ADMIN,
        namespaceAdmin(ns),
        [],
        `cluster-admin holds every permission in ${ns}`,
      );
    }
    g.edge("ATTACK-011", CLUSTER_ADMIN, ALL_NODES, [], "cluster-admin may run a privileged pod on any node");
  }
  for (const ns of ctx.namespaces) addNamespaceAdminOutgoing(ctx, g, ns);
  addNetworkEdges(network, ctx.podsByNs, g, options.lateral ?? false);
  addWorkloadEdges(ctx, g);

  // Every user a binding or an impersonation rule names is a node, even when it holds nothing of note:
  // impersonating any user reaches it.
  for (const b of rbac.bindings) {
    for (const subject of b.subjects) if (subject.kind !== "Group") g.node(subjectRef(subject));
  }
  for (const role of rbac.roles) {
    for (const { rule } of role.rules) {
      const impersonates = rule.verbs.some((v) => v === "impersonate" || v === "*");
      if (!impersonates || !rule.resources.some((r) => r === "users" || r === "*")) continue;
      for (const name of rule.resourceNames) if (name !== "") g.node(subjectRef({ kind: "User", name }));
    }
  }
  // Zero-hop links: members to their groups, `User *` (any user) to every user and service account.
  for (const ref of [...g.allNodes()]) {
    if ((ref.kind === "ServiceAccount" || ref.kind === "User") && ref.name !== "*") {
      for (const group of groupsOf(ref)) {
        const gr: AttackRef = { kind: "Group", name: group };
        if (g.has(gr)) g.link(ref, gr);
      }
      // `system:node:*` stands for a node not known, not for a user one could name.
      if (g.has(ANY_USER) && ref.name !== "system:node:*") g.link(ANY_USER, ref);
    }
  }
  // system:masters bypasses authorization.
  const masters: AttackRef = { kind: "Group", name: MASTERS_GROUP };
  if (g.has(masters)) g.link(masters, CLUSTER_ADMIN);
  return { graph: g.build(), context: ctx };
}
