import type { SubjectRef } from "@/lib/findings/types";
import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { bindingApplies, MASTERS_GROUP } from "@/lib/rbac/can";
import { ruleAllows } from "@/lib/rbac/match-rule";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import type { AccessRequest, Grant } from "@/lib/rbac/types";

// docs/semantics.md §2, read backwards: every binding subject (groups kept as groups) that some binding lets do `request`,
// with the grants. Candidate rules come from the by-resource index (`*`, the exact resource, `*\/sub`), so a query
// touches only the rules that can match.

interface WhoCanSubject extends SubjectRef {
  grants: Grant[];
}

export interface WhoCanResult {
  subjects: WhoCanSubject[];
  /** What RBAC cannot say: identities that are allowed or decided outside RBAC. */
  notes: string[];
}

function compareSubjects(a: SubjectRef, b: SubjectRef): number {
  const ka = `${a.kind}\u0000${a.namespace ?? ""}\u0000${a.name}`;
  const kb = `${b.kind}\u0000${b.namespace ?? ""}\u0000${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function whoCan(index: RbacIndex, request: AccessRequest): WhoCanResult {
  const normalized = normalizeRequest(request);
  const candidates =
    normalized.nonResourceURL !== undefined
      ? index.nonResourceRules
      : [
          ...(index.rulesByResource.get("*") ?? []),
          ...(index.rulesByResource.get(
            normalized.subresource
              ? `${normalized.resource ?? ""}/${normalized.subresource}`
              : (normalized.resource ?? ""),
          ) ?? []),
          ...(normalized.subresource ? (index.rulesByResource.get(`*/${normalized.subresource}`) ?? []) : []),
        ];

  // Role key -> indexes of its rules that allow the request (a rule naming two matching resources counts once).
  const matching = new Map<string, Set<number>>();
  for (const ref of candidates) {
    const rule = index.rolesByKey.get(ref.roleKey)?.rules[ref.rule];
    if (!rule || !ruleAllows(rule.rule, normalized)) continue;
    const set = matching.get(ref.roleKey) ?? new Set<number>();
    set.add(ref.rule);
    matching.set(ref.roleKey, set);
  }

  const subjects = new Map<string, WhoCanSubject>();
  for (const [key, ruleIndexes] of matching) {
    const role = index.rolesByKey.get(key);
    const byRole = index.bindingsByRole.get(key);
    if (!role || !byRole) continue;
    const ids = [
      ...byRole.cluster,
      ...(normalized.namespace !== undefined ? (byRole.byNamespace.get(normalized.namespace) ?? []) : []),
    ];
    const rules = [...ruleIndexes].sort((a, b) => a - b);
    for (const id of ids.sort((a, b) => a - b)) {
      const binding = index.bindings[id];
      if (!binding || !bindingApplies(binding, normalized)) continue;
      for (const subject of binding.subjects) {
        // A namespace-less ServiceAccount of a ClusterRoleBinding matches nobody.
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
  return {
    subjects: [...subjects.values()].sort(compareSubjects),
    notes: [
      `Members of the group ${MASTERS_GROUP} can do anything: they bypass authorization.`,
      "Nodes (system:node:*) are also authorized by the Node authorizer, and managed clusters may add webhook authorizers.",
    ],
  };
}
