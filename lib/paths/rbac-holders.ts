import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { ruleAllows } from "@/lib/rbac/match-rule";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import type { AccessRequest, Grant } from "@/lib/rbac/types";
import { whoCanBatch } from "@/lib/paths/who-can-batch";
import { refKey, subjectRef } from "@/lib/paths/refs";
import type { AttackRef, Evidence } from "@/lib/paths/types";

// The RBAC engine's answers as the attack graph needs them: who may make a request (who-can, groups kept as
// groups, resourceNames and namespaces honoured), with each grant as evidence; and which object names a rule
// with resourceNames opens up (a named grant reaches only that object).

export interface Holder {
  ref: AttackRef;
  evidence: Evidence[];
}

function requestText(r: AccessRequest): string {
  const resource = r.subresource ? `${r.resource ?? ""}/${r.subresource}` : (r.resource ?? "");
  const group = r.apiGroup ? `.${r.apiGroup}` : "";
  const name = r.name !== undefined ? ` ${r.name}` : "";
  const where = r.namespace !== undefined ? ` in ${r.namespace}` : " cluster-wide";
  return `${r.verb} ${resource}${group}${name}${where}`;
}

/** A grant as evidence; one literal per shape, so that every such object has the same layout. */
function rbacEvidence(request: string, g: Grant): Evidence {
  const { binding, role, rule, subject, aggregatedFrom } = g;
  if (subject && aggregatedFrom)
    return { type: "rbac", request, binding, role, rule, subject, aggregatedFrom };
  if (subject) return { type: "rbac", request, binding, role, rule, subject };
  if (aggregatedFrom) return { type: "rbac", request, binding, role, rule, aggregatedFrom };
  return { type: "rbac", request, binding, role, rule };
}

/**
 * Every identity allowed at least one of `requests`, with the grants as evidence. `namedOnly` keeps only grants
 * through rules with resourceNames (the unnamed ones are asked for separately, without a name). `only` keeps
 * only the identities whose reference key it holds (the others' evidence is never built).
 */
export function holdersOf(
  index: RbacIndex,
  requests: readonly AccessRequest[],
  namedOnly = false,
  only?: ReadonlyMap<string, unknown>,
): Map<string, Holder> {
  const out = new Map<string, Holder>();
  const batch = whoCanBatch(index);
  const refs = refsOf(index);
  for (const request of requests) {
    const text = requestText(request);
    for (const s of batch.subjects(request, namedOnly)) {
      const sk = `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;
      let known = refs.get(sk);
      if (!known) {
        const ref = subjectRef(s);
        known = { ref, key: refKey(ref) };
        refs.set(sk, known);
      }
      if (only && !only.has(known.key)) continue;
      const evidence: Evidence[] = [];
      for (const g of s.grants) {
        if (namedOnly && g.rule.resourceNames.length === 0) continue;
        evidence.push(rbacEvidence(text, g));
      }
      if (evidence.length === 0) continue;
      const holder = out.get(known.key);
      if (holder) holder.evidence.push(...evidence);
      else out.set(known.key, { ref: known.ref, evidence });
    }
  }
  return out;
}

/** The graph reference of each binding subject, made once per index (holders share it; nobody changes it). */
const subjectRefs = new WeakMap<RbacIndex, Map<string, { ref: AttackRef; key: string }>>();

function refsOf(index: RbacIndex): Map<string, { ref: AttackRef; key: string }> {
  let refs = subjectRefs.get(index);
  if (!refs) {
    refs = new Map();
    subjectRefs.set(index, refs);
  }
  return refs;
}

/** grantedNames answers by index and request (without namespace or name, which they do not depend on). */
const grantedCache = new WeakMap<RbacIndex, Map<string, string[]>>();

/** The object names that some rule with resourceNames allows `request` for (its own name ignored). */
function grantedNames(index: RbacIndex, request: AccessRequest): string[] {
  const r = normalizeRequest({ ...request });
  delete r.name;
  // Rules say nothing of namespaces: the names are the same in every namespace.
  const cacheKey = JSON.stringify({ ...r, namespace: undefined });
  let cache = grantedCache.get(index);
  if (!cache) {
    cache = new Map();
    grantedCache.set(index, cache);
  }
  const known = cache.get(cacheKey);
  if (known) return known;
  const resource = r.resource ?? "";
  const keys = ["*", r.subresource ? `${resource}/${r.subresource}` : resource];
  if (r.subresource) keys.push(`*/${r.subresource}`);
  const names = new Set<string>();
  for (const key of keys) {
    for (const ref of index.rulesByResource.get(key) ?? []) {
      const rule = index.rolesByKey.get(ref.roleKey)?.rules[ref.rule]?.rule;
      if (!rule || rule.resourceNames.length === 0) continue;
      for (const name of rule.resourceNames) {
        if (name !== "" && ruleAllows(rule, { ...r, name })) names.add(name);
      }
    }
  }
  const out = [...names].sort();
  cache.set(cacheKey, out);
  return out;
}

/**
 * For each name some rule with resourceNames opens, the holders of `request` for that name through such rules.
 * Used where a grant on one named object (a pod, a Secret, a node) reaches only that object.
 */
export function namedHolders(
  index: RbacIndex,
  requests: readonly AccessRequest[],
): Map<string, Map<string, Holder>> {
  const out = new Map<string, Map<string, Holder>>();
  for (const request of requests) {
    for (const name of grantedNames(index, request)) {
      const found = holdersOf(index, [{ ...request, name }], true);
      const existing = out.get(name);
      if (!existing) {
        out.set(name, found);
        continue;
      }
      for (const [key, holder] of found) {
        const h = existing.get(key);
        if (h) h.evidence.push(...holder.evidence);
        else existing.set(key, holder);
      }
    }
  }
  return out;
}
