import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { bindingApplies } from "@/lib/rbac/can";
import { ruleAllows } from "@/lib/rbac/match-rule";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import type { AccessRequest } from "@/lib/rbac/types";
import { whoCan, type WhoCanSubject } from "@/lib/rbac/who-can";

// who-can (docs/semantics.md §2, read backwards) for the same request in every namespace. Which rules allow a
// request does not depend on its namespace, only which bindings apply does; so the matching rules are found once
// per request and each namespace then visits only the bindings that can apply there (the ClusterRoleBindings and
// its own RoleBindings). The answer is exactly whoCan's: lib/paths/who-can-batch.test.ts compares them.

interface Prepared {
  /** Matching roles in candidate order, with their matching rule indexes (sorted). */
  roles: { key: string; rules: number[] }[];
  /** Indexes into `roles` of the roles bound cluster-wide. */
  cluster: number[];
  /** Namespace -> indexes into `roles` of the roles a RoleBinding there refers to. */
  local: Map<string, number[]>;
}

function compareSubjects(a: WhoCanSubject, b: WhoCanSubject): number {
  const ka = `${a.kind}\u0000${a.namespace ?? ""}\u0000${a.name}`;
  const kb = `${b.kind}\u0000${b.namespace ?? ""}\u0000${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export class WhoCanBatch {
  private readonly prepared = new Map<string, Prepared>();

  constructor(private readonly index: RbacIndex) {}

  private prepare(normalized: AccessRequest): Prepared {
    // JSON leaves out an undefined namespace: one key for the request in any namespace.
    const key = JSON.stringify({ ...normalized, namespace: undefined });
    const known = this.prepared.get(key);
    if (known) return known;
    const index = this.index;
    const resource = normalized.subresource
      ? `${normalized.resource ?? ""}/${normalized.subresource}`
      : (normalized.resource ?? "");
    const candidates = [
      ...(index.rulesByResource.get("*") ?? []),
      ...(index.rulesByResource.get(resource) ?? []),
      ...(normalized.subresource ? (index.rulesByResource.get(`*/${normalized.subresource}`) ?? []) : []),
    ];
    const matching = new Map<string, Set<number>>();
    for (const ref of candidates) {
      const rule = index.rolesByKey.get(ref.roleKey)?.rules[ref.rule];
      if (!rule || !ruleAllows(rule.rule, normalized)) continue;
      const set = matching.get(ref.roleKey) ?? new Set<number>();
      set.add(ref.rule);
      matching.set(ref.roleKey, set);
    }
    const prepared: Prepared = { roles: [], cluster: [], local: new Map() };
    for (const [roleKey, rules] of matching) {
      const byRole = index.bindingsByRole.get(roleKey);
      if (!index.rolesByKey.has(roleKey) || !byRole) continue;
      const i = prepared.roles.length;
      prepared.roles.push({ key: roleKey, rules: [...rules].sort((a, b) => a - b) });
      if (byRole.cluster.length > 0) prepared.cluster.push(i);
      for (const ns of byRole.byNamespace.keys()) {
        const list = prepared.local.get(ns);
        if (list) list.push(i);
        else prepared.local.set(ns, [i]);
      }
    }
    this.prepared.set(key, prepared);
    return prepared;
  }

  /** whoCan(index, request).subjects. */
  subjects(request: AccessRequest): WhoCanSubject[] {
    const normalized = normalizeRequest(request);
    if (normalized.nonResourceURL !== undefined) return whoCan(this.index, request).subjects;
    const index = this.index;
    const p = this.prepare(normalized);
    const ns = normalized.namespace;
    const local = ns !== undefined ? (p.local.get(ns) ?? []) : [];
    const order = [...new Set([...p.cluster, ...local])].sort((a, b) => a - b);
    const subjects = new Map<string, WhoCanSubject>();
    for (const r of order) {
      const { key, rules } = p.roles[r] as Prepared["roles"][number];
      const role = index.rolesByKey.get(key);
      const byRole = index.bindingsByRole.get(key);
      if (!role || !byRole) continue;
      const ids = [...byRole.cluster, ...(ns !== undefined ? (byRole.byNamespace.get(ns) ?? []) : [])];
      for (const id of ids.sort((a, b) => a - b)) {
        const binding = index.bindings[id];
        if (!binding || !bindingApplies(binding, normalized)) continue;
        for (const subject of binding.subjects) {
          if (subject.kind === "ServiceAccount" && !subject.namespace) continue;
          const sk = `${subject.kind}\u0000${subject.namespace ?? ""}\u0000${subject.name}`;
          let entry = subjects.get(sk);
          if (!entry) {
            entry = { ...subject, grants: [] };
            subjects.set(sk, entry);
          }
          for (const i of rules) {
            const resolved = role.rules[i];
            if (!resolved) continue;
            entry.grants.push({
              binding: binding.ref,
              role: role.ref,
              rule: resolved.rule,
              subject,
              ...(resolved.aggregatedFrom ? { aggregatedFrom: resolved.aggregatedFrom } : {}),
            });
          }
        }
      }
    }
    return [...subjects.values()].sort(compareSubjects);
  }
}

const batches = new WeakMap<RbacIndex, WhoCanBatch>();

/** The batch of an index, kept as long as the index lives. */
export function whoCanBatch(index: RbacIndex): WhoCanBatch {
  let batch = batches.get(index);
  if (!batch) {
    batch = new WhoCanBatch(index);
    batches.set(index, batch);
  }
  return batch;
}
