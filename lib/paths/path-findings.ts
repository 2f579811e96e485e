import type { Finding, Severity } from "@/lib/findings/types";
import { compareFindings } from "@/lib/findings/types";
import type { PathContext } from "@/lib/paths/context";
import type { AttackGraph } from "@/lib/paths/graph-builder";
import { assumptionsOf, findPaths } from "@/lib/paths/find-paths";
import { whoReaches } from "@/lib/paths/reach";
import { CLUSTER_ADMIN, refLabel } from "@/lib/paths/refs";
import type { AttackPath, EntrySpec, TargetSpec } from "@/lib/paths/types";

// PATH-001..PATH-006 (docs/semantics.md §5): one finding per entry point and target, with its shortest chain.

export interface PathFinding extends Finding {
  path: AttackPath;
}

function hopsText(path: AttackPath): string {
  const n = path.hops.length;
  const a = assumptionsOf(path);
  return `${n} hop${n === 1 ? "" : "s"}${a > 0 ? `, assuming ${a === 1 ? "one thing" : `${a} things`}` : ""}`;
}

export function chainText(path: AttackPath): string {
  return [refLabel(path.from), ...path.hops.map((h) => `${h.technique} ${refLabel(h.to)}`)].join(" -> ");
}

function first(graph: AttackGraph, entry: EntrySpec, target: TargetSpec): AttackPath | undefined {
  return findPaths(graph, entry, target)[0];
}

function scopeOf(path: AttackPath): string {
  const start = path.from;
  return "namespace" in start && start.kind !== "Target" ? start.namespace : "cluster";
}

export function findPathFindings(graph: AttackGraph, ctx: PathContext): PathFinding[] {
  const out: PathFinding[] = [];
  const add = (
    rule: string,
    severity: Severity,
    path: AttackPath | undefined,
    what: string,
    scope?: string,
  ) => {
    if (!path) return;
    out.push({
      rule,
      severity,
      message: `${what} in ${hopsText(path)}: ${chainText(path)}.`,
      scope: scope ?? scopeOf(path),
      path,
    });
  };
  const internet: EntrySpec = { kind: "internet" };
  add(
    "PATH-001",
    "critical",
    first(graph, internet, { kind: "cluster-admin" }),
    "The internet reaches cluster-admin",
    "cluster",
  );
  add(
    "PATH-002",
    "critical",
    first(graph, internet, { kind: "all-nodes" }),
    "The internet reaches a node",
    "cluster",
  );
  add(
    "PATH-003",
    "high",
    first(graph, internet, { kind: "secrets" }),
    "The internet reaches Secrets",
    "cluster",
  );
  add(
    "PATH-006",
    "high",
    first(graph, internet, { kind: "cloud-credentials" }),
    "The internet reaches cloud credentials",
    "cluster",
  );

  // PATH-004: identities that do not hold cluster-admin themselves but reach it.
  for (const r of whoReaches(graph, CLUSTER_ADMIN)) {
    if (r.ref.kind !== "User" && r.ref.kind !== "Group" && r.ref.kind !== "ServiceAccount") continue;
    if (r.ref.name === "*" || r.path.length === 0) continue;
    const direct =
      r.path.length === 1 &&
      r.path[0]?.evidence.some((e) => e.type === "rbac" && e.request.startsWith("* *"));
    if (direct) continue;
    const path: AttackPath = { from: r.ref, to: CLUSTER_ADMIN, hops: r.path };
    const wide =
      r.ref.kind === "Group" &&
      ["system:authenticated", "system:unauthenticated", "system:serviceaccounts"].includes(r.ref.name);
    add(
      "PATH-004",
      wide ? "critical" : "high",
      path,
      `${refLabel(r.ref)} reaches cluster-admin`,
      r.ref.kind === "ServiceAccount" ? r.ref.namespace : "cluster",
    );
  }

  // PATH-005 and PATH-006: a compromised pod of each namespace.
  const withPods = ctx.namespaces.filter((ns) => (ctx.podsByNs.get(ns) ?? []).length > 0);
  for (const ns of withPods) {
    const entry: EntrySpec = { kind: "any-pod", namespace: ns };
    const admin = first(graph, entry, { kind: "cluster-admin" });
    const node = first(graph, entry, { kind: "all-nodes" });
    const best = [admin, node]
      .filter((p): p is AttackPath => p !== undefined)
      .sort((a, b) => a.hops.length - b.hops.length)[0];
    if (best) {
      add(
        "PATH-005",
        admin ? "critical" : "high",
        admin ?? best,
        `A pod of ${ns} reaches ${admin ? "cluster-admin" : "a node"}`,
        ns,
      );
    }
    add(
      "PATH-006",
      "medium",
      first(graph, entry, { kind: "cloud-credentials" }),
      `A pod of ${ns} reaches cloud credentials`,
      ns,
    );
  }
  return out.sort(compareFindings);
}
