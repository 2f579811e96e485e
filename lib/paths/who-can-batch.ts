import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { bindingApplies } from "@/lib/rbac/can";
import { ruleAllows } from "@/lib/rbac/match-rule";
import { normalizeRequest } from "@/lib/rbac/normalize-request";
import type { AccessRequest, Grant } from "@/lib/rbac/types";
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
  /** Per role (index into `roles`) and binding id, what that binding grants each of its subjects. */
  granted: Map<number, Map<number, Granted[]>>;
  /** Who the ClusterRoleBindings make holders (the same in every namespace), made on the first ask. */
  clusterHolders?: HolderKeys;
}

/** Who may make a request, without the grants: the subjects' keys in whoCan's order. */
interface HolderKeys {
  readonly keys: readonly string[];
  /** Calls `fn` with each of `keys`, in order, without making the list. */
  each: (fn: (key: string) => void) => void;
  subject: (key: string) => Omit<WhoCanSubject, "grants">;
  /** Whether a RoleBinding (of the request's namespace) is among the subject's grants. */
  local: (key: string) => boolean;
}

/** One subject of one binding, with the grants of the binding's role that allow the request. */
interface Granted {
  /** Sort and identity key of the subject. */
  key: string;
  subject: Omit<WhoCanSubject, "grants">;
  grants: Grant[];
}

const subjectKey = (s: Omit<WhoCanSubject, "grants">) => `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;

export class WhoCanBatch {
  private readonly prepared = new Map<string, Prepared>();
  /** Request shape (all but the namespace) -> its prepared answer and where its namespace comes from. */
  private readonly shapes = new Map<string, { p: Prepared; ns: "own" | "name" | "none" }>();
  /** The answers made once per request shape (the ClusterRoleBindings' subjects). */
  private readonly shared = new WeakSet<HolderKeys>();

  constructor(private readonly index: RbacIndex) {}

  private prepare(normalized: AccessRequest, namedOnly: boolean): Prepared {
    // JSON leaves out an undefined namespace: one key for the request in any namespace.
    const key = `${namedOnly ? "named|" : ""}${JSON.stringify({ ...normalized, namespace: undefined })}`;
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
    const prepared: Prepared = { roles: [], cluster: [], local: new Map(), granted: new Map() };
    // Roles keep whoCan's order (by their first matching rule, named or not) when only named rules count.
    for (const [roleKey, all] of matching) {
      const named = (i: number) =>
        (index.rolesByKey.get(roleKey)?.rules[i]?.rule.resourceNames.length ?? 0) > 0;
      const rules = [...all].filter((i) => !namedOnly || named(i));
      if (rules.length === 0) continue;
      const byRole = index.bindingsByRole.get(roleKey);
      if (!index.rolesByKey.has(roleKey) || !byRole) continue;
      const i = prepared.roles.length;
      prepared.roles.push({ key: roleKey, rules: rules.sort((a, b) => a - b) });
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

  /** What binding `id` grants through role `r` of a prepared request: the same in every namespace it applies to. */
  private granted(p: Prepared, r: number, id: number): Granted[] {
    let byBinding = p.granted.get(r);
    if (!byBinding) {
      byBinding = new Map();
      p.granted.set(r, byBinding);
    }
    let out = byBinding.get(id);
    if (out) return out;
    out = [];
    const { key, rules } = p.roles[r] as Prepared["roles"][number];
    const role = this.index.rolesByKey.get(key);
    const binding = this.index.bindings[id];
    if (role && binding) {
      for (const subject of binding.subjects) {
        if (subject.kind === "ServiceAccount" && !subject.namespace) continue;
        const grants: Grant[] = [];
        for (const i of rules) {
          const resolved = role.rules[i];
          if (!resolved) continue;
          grants.push({
            binding: binding.ref,
            role: role.ref,
            rule: resolved.rule,
            subject,
            ...(resolved.aggregatedFrom ? { aggregatedFrom: resolved.aggregatedFrom } : {}),
          });
        }
        out.push({ key: subjectKey(subject), subject, grants });
      }
    }
    byBinding.set(id, out);
    return out;
  }

  /** Whether an answer of holders() is a request's ClusterRoleBindings' subjects alone (kept, and shared). */
  isShared(holders: HolderKeys): boolean {
    return this.shared.has(holders);
  }

  /** The ClusterRoleBindings' subjects of a prepared request (they apply in every namespace). */
  private clusterHolders(p: Prepared): HolderKeys {
    if (p.clusterHolders) return p.clusterHolders;
    const subjects = new Map<string, Omit<WhoCanSubject, "grants">>();
    for (const r of p.cluster) {
      const byRole = this.index.bindingsByRole.get((p.roles[r] as Prepared["roles"][number]).key);
      for (const id of byRole?.cluster ?? []) {
        for (const { key, subject } of this.granted(p, r, id)) {
          if (!subjects.has(key)) subjects.set(key, subject);
        }
      }
    }
    const keys = [...subjects.keys()].sort();
    const holders: HolderKeys = {
      keys,
      each: (fn) => {
        for (const k of keys) fn(k);
      },
      subject: (k) => subjects.get(k) as Omit<WhoCanSubject, "grants">,
      local: () => false,
    };
    p.clusterHolders = holders;
    this.shared.add(holders);
    return holders;
  }

  /**
   * The keys of whoCan(index, request).subjects (with `namedOnly`, of those with a grant through a rule with
   * resourceNames), without gathering their grants: what the ClusterRoleBindings grant is found once for every
   * namespace, and each namespace adds its own RoleBindings' subjects. lib/paths/who-can-batch.test.ts compares
   * it with subjects().
   */
  holders(request: AccessRequest, namedOnly = false): HolderKeys {
    if (request.nonResourceURL !== undefined) {
      const all = this.subjects(request, namedOnly);
      const byKey = new Map(all.map((s) => [subjectKey(s), s]));
      const keys = [...byKey.keys()];
      return {
        keys,
        each: (fn) => {
          for (const k of keys) fn(k);
        },
        subject: (k) => byKey.get(k) as WhoCanSubject,
        local: (k) => byKey.get(k)?.grants.some((g) => g.binding.kind === "RoleBinding") ?? false,
      };
    }
    // The request without its namespace, prepared once (the graph asks each shape in every namespace).
    const shapeKey = `${namedOnly ? 1 : 0}\u0000${request.verb}\u0000${request.apiGroup}\u0000${request.resource ?? ""}\u0000${request.subresource ?? ""}\u0000${request.name ?? "\u0001"}`;
    let shape = this.shapes.get(shapeKey);
    if (!shape) {
      const normalized = normalizeRequest({ ...request, namespace: "x" });
      // Whether the request keeps a namespace (it does not for cluster-scoped kinds) or takes its name's.
      const ns = normalized.namespace === undefined ? "none" : normalized.namespace === "x" ? "own" : "name";
      shape = { p: this.prepare(normalized, namedOnly), ns };
      this.shapes.set(shapeKey, shape);
    }
    const p = shape.p;
    const namespace =
      shape.ns === "own" ? request.namespace || undefined : shape.ns === "name" ? request.name : undefined;
    const normalized: AccessRequest = { ...request, ...(namespace !== undefined ? { namespace } : {}) };
    if (namespace === undefined) delete normalized.namespace;
    const cluster = this.clusterHolders(p);
    const ns = normalized.namespace;
    const local = ns !== undefined ? p.local.get(ns) : undefined;
    if (ns === undefined || !local) return cluster;
    const mine = new Map<string, Omit<WhoCanSubject, "grants">>();
    for (const r of local) {
      const byRole = this.index.bindingsByRole.get((p.roles[r] as Prepared["roles"][number]).key);
      for (const id of byRole?.byNamespace.get(ns) ?? []) {
        const binding = this.index.bindings[id];
        if (!binding || !bindingApplies(binding, normalized)) continue;
        for (const { key, subject } of this.granted(p, r, id)) {
          if (!mine.has(key)) mine.set(key, subject);
        }
      }
    }
    if (mine.size === 0) return cluster;
    const added = [...mine.keys()].filter((k) => !isIn(cluster, k)).sort();
    let merged: string[] | undefined;
    return {
      get keys() {
        merged ??= added.length === 0 ? [...cluster.keys] : mergeSorted(cluster.keys, added);
        return merged;
      },
      each: (fn) => mergeEach(cluster.keys, added, fn),
      subject: (k) => mine.get(k) ?? cluster.subject(k),
      local: (k) => mine.has(k),
    };
  }

  /**
   * whoCan(index, request).subjects; with `namedOnly`, only the grants through rules with resourceNames (and
   * the subjects left with some). The grant objects are shared between answers: read them, never change them.
   */
  subjects(request: AccessRequest, namedOnly = false): WhoCanSubject[] {
    const normalized = normalizeRequest(request);
    if (normalized.nonResourceURL !== undefined) {
      const all = whoCan(this.index, request).subjects;
      if (!namedOnly) return all;
      return all
        .map((s) => ({ ...s, grants: s.grants.filter((g) => g.rule.resourceNames.length > 0) }))
        .filter((s) => s.grants.length > 0);
    }
    const index = this.index;
    const p = this.prepare(normalized, namedOnly);
    const ns = normalized.namespace;
    const local = ns !== undefined ? (p.local.get(ns) ?? []) : [];
    const order =
      local.length === 0 ? p.cluster : [...new Set([...p.cluster, ...local])].sort((a, b) => a - b);
    const subjects = new Map<string, WhoCanSubject>();
    for (const r of order) {
      const { key } = p.roles[r] as Prepared["roles"][number];
      const byRole = index.bindingsByRole.get(key);
      if (!index.rolesByKey.has(key) || !byRole) continue;
      const mine = ns !== undefined ? byRole.byNamespace.get(ns) : undefined;
      const ids = mine ? [...byRole.cluster, ...mine].sort((a, b) => a - b) : byRole.cluster;
      for (const id of ids) {
        const binding = index.bindings[id];
        if (!binding || !bindingApplies(binding, normalized)) continue;
        for (const { key: sk, subject, grants } of this.granted(p, r, id)) {
          let entry = subjects.get(sk);
          if (!entry) {
            entry = { ...subject, grants: [] };
            subjects.set(sk, entry);
          }
          for (const g of grants) entry.grants.push(g);
        }
      }
    }
    // The keys are those whoCan sorts by; a plain sort of unique keys is the same order.
    return [...subjects.keys()].sort().map((k) => subjects.get(k) as WhoCanSubject);
  }
}

/** Whether `key` is among the (sorted) keys of `h`. */
function isIn(h: HolderKeys, key: string): boolean {
  const keys = h.keys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid] as string;
    if (k === key) return true;
    if (k < key) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** Two sorted lists of distinct keys, merged in order. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  mergeEach(a, b, (k) => out.push(k));
  return out;
}

/** Calls `fn` with the keys of two sorted lists of distinct keys, in merged order. */
function mergeEach(a: readonly string[], b: readonly string[], fn: (key: string) => void): void {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      fn(x as string);
      i++;
    } else {
      fn(y);
      j++;
    }
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
