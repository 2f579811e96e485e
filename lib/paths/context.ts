import type { Pod, Snapshot } from "@/lib/model/types";
import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { admitsPrivileged, type NamespaceEnforcement } from "@/lib/paths/pod-security";

// What every edge family reads: the snapshot grouped by namespace, the RBAC index, and which namespaces admit a
// privileged pod.

export interface PathContext {
  snapshot: Snapshot;
  rbac: RbacIndex;
  /** Every namespace the snapshot names, sorted. */
  namespaces: string[];
  /** Namespace -> indexes into snapshot.pods. */
  podsByNs: Map<string, number[]>;
  /** Namespace -> names of the service accounts known there (objects, pods' accounts, binding subjects). */
  serviceAccounts: Map<string, string[]>;
  /** Namespace -> its enforced Pod Security level (docs/semantics.md §4). */
  enforcement: Map<string, NamespaceEnforcement>;
  /** Build every RBAC edge's evidence at once instead of when the edge is read (tests compare the two). */
  eagerEvidence?: boolean;
}

function add(map: Map<string, Set<string>>, ns: string, name: string): void {
  let set = map.get(ns);
  if (!set) {
    set = new Set();
    map.set(ns, set);
  }
  set.add(name);
}

export function buildContext(snapshot: Snapshot, rbac: RbacIndex): PathContext {
  const names = new Set<string>();
  for (const n of snapshot.namespaces) names.add(n.name);
  const podsByNs = new Map<string, number[]>();
  const sas = new Map<string, Set<string>>();
  snapshot.pods.forEach((p: Pod, i) => {
    names.add(p.namespace);
    const list = podsByNs.get(p.namespace);
    if (list) list.push(i);
    else podsByNs.set(p.namespace, [i]);
    add(sas, p.namespace, p.serviceAccountName);
  });
  for (const sa of snapshot.serviceAccounts) {
    names.add(sa.namespace);
    add(sas, sa.namespace, sa.name);
  }
  for (const b of rbac.bindings) {
    if (b.namespace !== undefined) names.add(b.namespace);
    for (const s of b.subjects) {
      if (s.kind === "ServiceAccount" && s.namespace) {
        names.add(s.namespace);
        add(sas, s.namespace, s.name);
      }
    }
  }
  for (const s of snapshot.secrets) names.add(s.namespace);
  const namespaces = [...names].filter((n) => n !== "").sort();
  const labels = new Map(snapshot.namespaces.map((n) => [n.name, n.labels]));
  const enforcement = new Map<string, NamespaceEnforcement>();
  for (const ns of namespaces) enforcement.set(ns, admitsPrivileged(labels.get(ns)));
  return {
    snapshot,
    rbac,
    namespaces,
    podsByNs,
    serviceAccounts: new Map([...sas].map(([ns, set]) => [ns, [...set].sort()])),
    enforcement,
  };
}
