import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { ruleAllows } from "@/lib/rbac/match-rule";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import type { AccessRequest, Grant } from "@/lib/rbac/types";
import { whoCanBatch } from "@/lib/paths/who-can-batch";
import { refKey, subjectRef } from "@/lib/paths/refs";
import { DeferredEvidence, type EvidencePart } from "@/lib/paths/lazy-evidence";
import type { AttackRef, Evidence } from "@/lib/paths/types";
import type { SubjectRef } from "@/lib/findings/types";

// The RBAC engine's answers as the attack graph needs them: who may make a request (who-can, groups kept as
// groups, resourceNames and namespaces honoured), with each grant as evidence; and which object names a rule
// with resourceNames opens up (a named grant reaches only that object).

export interface Holder {
  ref: AttackRef;
  evidence: EvidencePart[];
}

/** Where holders are asked for: the RBAC index, and whether their evidence is built at once (tests compare). */
interface HolderSource {
  rbac: RbacIndex;
  eagerEvidence?: boolean;
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

/** Each holder's grants for `requests`, as evidence, by reference key (in the order of requests and grants). */
function grantEvidence(
  index: RbacIndex,
  requests: readonly AccessRequest[],
  namedOnly: boolean,
): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  const batch = whoCanBatch(index);
  for (const request of requests) {
    const text = requestText(request);
    for (const s of batch.subjects(request, namedOnly)) {
      const key = refOf(index, s).key;
      let list = out.get(key);
      for (const g of s.grants) {
        if (namedOnly && g.rule.resourceNames.length === 0) continue;
        if (!list) {
          list = [];
          out.set(key, list);
        }
        list.push(rbacEvidence(text, g));
      }
    }
  }
  return out;
}

/** One question's grant evidence, gathered for every holder on the first read of any. */
class GrantQuery {
  private evidence: Map<string, Evidence[]> | undefined;

  constructor(
    private readonly index: RbacIndex,
    private readonly requests: readonly AccessRequest[],
    private readonly namedOnly: boolean,
  ) {}

  of(key: string): readonly Evidence[] {
    this.evidence ??= grantEvidence(this.index, this.requests, this.namedOnly);
    return this.evidence.get(key) ?? [];
  }
}

/**
 * A holder's grants for one question (with `localOnly`, those through a RoleBinding only); it is its own holder
 * too, whose evidence is itself (one object per holder and question: a large cluster has millions).
 */
class DeferredGrants extends DeferredEvidence implements Holder {
  readonly evidence: EvidencePart[] = [this];

  constructor(
    private readonly query: GrantQuery,
    private readonly key: string,
    private readonly localOnly: boolean,
    readonly ref: AttackRef,
  ) {
    super();
  }

  resolve(): readonly Evidence[] {
    const all = this.query.of(this.key);
    return this.localOnly ? all.filter((e) => e.type === "rbac" && e.binding.kind === "RoleBinding") : all;
  }
}

interface HolderOptions {
  /** Keep only grants through rules with resourceNames (the unnamed ones are asked for separately). */
  namedOnly?: boolean;
  /** Keep only the identities whose reference key it holds. */
  only?: ReadonlyMap<string, unknown>;
  /** Keep only the grants through a RoleBinding (and the identities that have one). */
  localOnly?: boolean;
  /**
   * Find the identities by asking these instead (fewer questions whose holders together are exactly the holders
   * of `requests`); the evidence is still the grants for `requests`.
   */
  askInstead?: readonly { request: AccessRequest; namedOnly: boolean }[];
}

/**
 * Every identity allowed at least one of `requests`, with the grants as evidence: deferred (found when an edge
 * is read), or built at once when the source asks for it (the same entries, which tests compare).
 */
export function holdersOf(
  source: HolderSource,
  requests: readonly AccessRequest[],
  options: HolderOptions = {},
): Map<string, Holder> {
  const { namedOnly = false, only, localOnly = false, askInstead } = options;
  const index = source.rbac;
  const out = new Map<string, Holder>();
  if (source.eagerEvidence) {
    for (const [key, list] of grantEvidence(index, requests, namedOnly)) {
      if (only && !only.has(key)) continue;
      const evidence = localOnly
        ? list.filter((e) => e.type === "rbac" && e.binding.kind === "RoleBinding")
        : list;
      if (evidence.length > 0) out.set(key, { ref: refByKey(index, key), evidence });
    }
    return out;
  }
  const batch = whoCanBatch(index);
  const refs = refsOf(index);
  const query = new GrantQuery(index, requests, namedOnly);
  const questions = askInstead ?? requests.map((request) => ({ request, namedOnly }));
  for (const question of questions) {
    const holders = batch.holders(question.request, question.namedOnly);
    const shared = batch.isShared(holders) ? resolvedRefs(index, holders) : undefined;
    if (shared) {
      // The ClusterRoleBindings' holders alone, the same answer in every namespace: their references are
      // resolved once. None of them holds through a RoleBinding.
      if (localOnly) continue;
      for (const known of shared) {
        if (out.has(known.key) || (only && !only.has(known.key))) continue;
        out.set(known.key, new DeferredGrants(query, known.key, localOnly, known.ref));
      }
      continue;
    }
    holders.each((sk) => {
      if (localOnly && !holders.local(sk)) return;
      const known = refs.get(sk) ?? refOf(index, holders.subject(sk), sk);
      if (out.has(known.key) || (only && !only.has(known.key))) return;
      out.set(known.key, new DeferredGrants(query, known.key, localOnly, known.ref));
    });
  }
  return out;
}

/** The references of an answer shared by every namespace, in its order, resolved on its first use. */
const resolved = new WeakMap<object, { ref: AttackRef; key: string }[]>();

function resolvedRefs(
  index: RbacIndex,
  holders: ReturnType<ReturnType<typeof whoCanBatch>["holders"]>,
): { ref: AttackRef; key: string }[] {
  let list = resolved.get(holders);
  if (!list) {
    const refs = refsOf(index);
    list = holders.keys.map((sk) => refs.get(sk) ?? refOf(index, holders.subject(sk), sk));
    resolved.set(holders, list);
  }
  return list;
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

/** The reference of a subject (whose who-can key is `sk`, when known). */
function refOf(index: RbacIndex, s: SubjectRef, sk?: string): { ref: AttackRef; key: string } {
  const refs = refsOf(index);
  const k = sk ?? `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;
  let known = refs.get(k);
  if (!known) {
    const ref = subjectRef(s);
    known = { ref, key: refKey(ref) };
    refs.set(k, known);
    byRefKey(index).set(known.key, ref);
  }
  return known;
}

/** Reference key -> the reference, for the subjects seen so far. */
const refsByKey = new WeakMap<RbacIndex, Map<string, AttackRef>>();

function byRefKey(index: RbacIndex): Map<string, AttackRef> {
  let map = refsByKey.get(index);
  if (!map) {
    map = new Map();
    refsByKey.set(index, map);
  }
  return map;
}

function refByKey(index: RbacIndex, key: string): AttackRef {
  return byRefKey(index).get(key) as AttackRef;
}

/**
 * A name no rule of the index lists in its resourceNames: asking a request with it finds exactly the holders
 * through rules without resourceNames (a request without a name would also match a listed "").
 */
const unlistedNames = new WeakMap<RbacIndex, string>();

function unlistedName(index: RbacIndex): string {
  let name = unlistedNames.get(index);
  if (name === undefined) {
    const listed = new Set<string>();
    for (const role of index.roles)
      for (const { rule } of role.rules) for (const n of rule.resourceNames) listed.add(n);
    name = "\u0000";
    while (listed.has(name)) name += "\u0000";
    unlistedNames.set(index, name);
  }
  return name;
}

/** grantedNames answers by index and request (without namespace or name, which they do not depend on). */
const grantedCache = new WeakMap<RbacIndex, Map<string, string[]>>();

/** The object names that some rule with resourceNames allows `request` for (its own name ignored). */
function grantedNames(index: RbacIndex, request: AccessRequest): string[] {
  let cache = grantedCache.get(index);
  if (!cache) {
    cache = new Map();
    grantedCache.set(index, cache);
  }
  // Asked again in every namespace: found by the request's own fields first (normalizing changes only its
  // namespace, which the names do not depend on).
  const quick = `\u0001${request.verb}\u0000${request.apiGroup}\u0000${request.resource ?? ""}\u0000${request.subresource ?? ""}\u0000${request.nonResourceURL ?? "\u0001"}`;
  const seen = cache.get(quick);
  if (seen) return seen;
  const r = normalizeRequest({ ...request });
  delete r.name;
  // Rules say nothing of namespaces: the names are the same in every namespace.
  const cacheKey = JSON.stringify({ ...r, namespace: undefined });
  const known = cache.get(cacheKey);
  if (known) {
    cache.set(quick, known);
    return known;
  }
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
  cache.set(quick, out);
  return out;
}

/**
 * For each name some rule with resourceNames opens, the holders of `request` for that name through such rules.
 * Used where a grant on one named object (a pod, a Secret, a node) reaches only that object.
 */
export function namedHolders(
  source: HolderSource,
  requests: readonly AccessRequest[],
): Map<string, Map<string, Holder>> {
  const index = source.rbac;
  const out = new Map<string, Map<string, Holder>>();
  for (const request of requests) {
    for (const name of grantedNames(index, request)) {
      const found = holdersOf(source, [{ ...request, name }], { namedOnly: true });
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

/** The roles with a rule allowing every verb on every resource of every group, in index order, once per index. */
const adminRolesByIndex = new WeakMap<RbacIndex, RbacIndex["roles"]>();

function adminEquivalentRoles(index: RbacIndex): RbacIndex["roles"] {
  let roles = adminRolesByIndex.get(index);
  if (!roles) {
    roles = index.roles.filter((r) =>
      r.rules.some(
        ({ rule }) =>
          rule.verbs.includes("*") &&
          rule.apiGroups.includes("*") &&
          rule.resources.includes("*") &&
          rule.resourceNames.length === 0,
      ),
    );
    adminRolesByIndex.set(index, roles);
  }
  return roles;
}

/**
 * Among `only`, the identities that may bind or escalate an admin-equivalent role in `ns` (a ClusterRole, or a
 * Role of `ns`), with the grants for each such role as evidence.
 */
export function adminBinders(
  source: HolderSource,
  ns: string,
  only: ReadonlyMap<string, unknown>,
): Map<string, Holder> {
  const index = source.rbac;
  const adminRoles = adminEquivalentRoles(index).filter(
    (r) => r.ref.kind === "ClusterRole" || r.ref.namespace === ns,
  );
  const bindRequests: AccessRequest[] = adminRoles.flatMap((r) =>
    ["bind", "escalate"].map((verb) => ({
      verb,
      apiGroup: "rbac.authorization.k8s.io",
      resource: r.ref.kind === "ClusterRole" ? "clusterroles" : "roles",
      namespace: ns,
      name: r.ref.name,
    })),
  );
  // Who may bind one of these roles: those whose rule allows any name (asked once with a name no rule lists),
  // and for the names some rule lists, those whose rule lists it; the same holders as asking each role's name.
  const unlisted = unlistedName(index);
  const askInstead: { request: AccessRequest; namedOnly: boolean }[] = [];
  for (const resource of ["clusterroles", "roles"]) {
    const names = new Set(
      adminRoles
        .filter((r) => (r.ref.kind === "ClusterRole") === (resource === "clusterroles"))
        .map((r) => r.ref.name),
    );
    if (names.size === 0) continue;
    for (const verb of ["bind", "escalate"]) {
      const request = { verb, apiGroup: "rbac.authorization.k8s.io", resource, namespace: ns };
      askInstead.push({ request: { ...request, name: unlisted }, namedOnly: false });
      for (const name of grantedNames(index, request)) {
        if (names.has(name)) askInstead.push({ request: { ...request, name }, namedOnly: true });
      }
    }
  }
  return holdersOf(source, bindRequests, { only, askInstead });
}
