import { severityRank, type Finding, type Severity, type SubjectRef } from "@/lib/findings/types";
import type { ObjectRef, PolicyRule, Snapshot } from "@/lib/model/types";
import { buildRbacIndex, type IndexedBinding, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { apiGroupMatches, resourceMatches, verbMatches } from "@/lib/rbac/match-rule";
import { isClusterScoped } from "@/lib/rbac/normalize-request";
import {
  CLUSTER_ADMIN_WHY,
  COMBINED_WHY,
  CSR_APPROVAL,
  CSR_CREATE,
  NODE_UPDATE,
  POD_DELETE,
  ROLEBINDING_GET,
  ROLEBINDING_PATCH,
  SIGNER_APPROVE,
  SINGLE_RISKS,
  type Probe,
  type SingleRisk,
} from "@/lib/rbac/rbac-risks";

// docs/semantics.md §2 "Risk catalogue": RBAC-001..RBAC-025. One finding per risk, binding subject (groups kept as groups)
// and binding, naming the scope where the binding applies: cluster-wide for a ClusterRoleBinding, its namespace for
// a RoleBinding, which never grants cluster-scoped kinds (so RBAC-006/007/011/013/024 only come from
// ClusterRoleBindings). A cluster-admin equivalent (RBAC-001) implies every other single-binding risk, which are
// then not repeated for that binding. Risks needing several permissions (RBAC-011, RBAC-017, RBAC-025) combine the
// subject's bindings. Bootstrap bindings are labelled expectedDefault, never hidden.

const KUBE_SYSTEM = "kube-system";

export function describeSubject(s: SubjectRef): string {
  return s.kind === "ServiceAccount"
    ? `ServiceAccount ${s.namespace ?? ""}/${s.name}`
    : `${s.kind} ${s.name}`;
}

export function describeRef(ref: ObjectRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

function scopePhrase(scope: string): string {
  return scope === "cluster" ? "cluster-wide" : `in namespace ${scope}`;
}

function ruleCovers(rule: PolicyRule, probe: Probe): boolean {
  if (!probe.verbs.some((v) => verbMatches(rule, v)) || !apiGroupMatches(rule, probe.apiGroup)) return false;
  if (probe.subresource === "any") {
    return rule.resources.some((r) => r === "*" || r.startsWith(`${probe.resource}/`) || r.startsWith("*/"));
  }
  return resourceMatches(rule, probe.resource, probe.subresource);
}

/**
 * The binding's rules that grant a probe where the binding applies (resourceNames ignored: they narrow, not
 * remove). Memoized per role and kind of scope: thousands of bindings share a few roles.
 */
const grantCache = new WeakMap<object, Map<string, Map<readonly Probe[], PolicyRule[]>>>();
function grantingRules(binding: IndexedBinding, probes: readonly Probe[]): PolicyRule[] {
  const role = binding.role;
  if (!role) return [];
  const scopeKind = scopeKey(binding);
  let byScope = grantCache.get(role);
  if (!byScope) {
    byScope = new Map();
    grantCache.set(role, byScope);
  }
  let byProbes = byScope.get(scopeKind);
  if (!byProbes) {
    byProbes = new Map();
    byScope.set(scopeKind, byProbes);
  }
  const cached = byProbes.get(probes);
  if (cached) return cached;
  const usable = probes.filter(
    (p) => scopeKind === "cluster" || p.resource === "namespaces" || !isClusterScoped(p.apiGroup, p.resource),
  );
  const ns = binding.namespace;
  const found =
    usable.length === 0
      ? []
      : role.rules
          .map((r) => r.rule)
          .filter((rule) =>
            usable.some(
              (p) =>
                ruleCovers(rule, p) &&
                // Through a RoleBinding only the Namespace object of its own namespace is reachable.
                !(
                  ns !== undefined &&
                  p.resource === "namespaces" &&
                  p.apiGroup === "" &&
                  rule.resourceNames.length > 0 &&
                  !rule.resourceNames.includes(ns)
                ),
            ),
          );
  byProbes.set(probes, found);
  return found;
}

/**
 * The memo key of a binding's scope: cluster-wide, or any namespace alike, except for a role naming Namespace
 * objects by resourceNames, whose answer depends on which namespace the RoleBinding is in.
 */
const namesNamespacesMemo = new WeakMap<object, boolean>();
function scopeKey(binding: IndexedBinding): string {
  if (binding.namespace === undefined) return "cluster";
  const role = binding.role;
  if (!role) return "namespace";
  let namesNamespaces = namesNamespacesMemo.get(role);
  if (namesNamespaces === undefined) {
    namesNamespaces = role.rules.some(
      (r) =>
        r.rule.resourceNames.length > 0 &&
        r.rule.resources.some((x) => x === "*" || x === "namespaces" || x.startsWith("namespaces/")),
    );
    namesNamespacesMemo.set(role, namesNamespaces);
  }
  return namesNamespaces ? `namespace:${binding.namespace}` : "namespace";
}

function namesNote(rules: readonly PolicyRule[]): string {
  if (rules.length === 0 || rules.some((r) => r.resourceNames.length === 0)) return "";
  const names = [...new Set(rules.flatMap((r) => r.resourceNames))].sort();
  return ` (only the objects named ${names.join(", ")})`;
}

interface RoleRisks {
  admin: boolean;
  single: { risk: SingleRisk; note: string }[];
}

/** The single-binding risks of a binding's role where it is bound, memoized per role and kind of scope. */
const roleRiskCache = new WeakMap<object, Map<string, RoleRisks>>();
function roleRisks(binding: IndexedBinding): RoleRisks {
  const role = binding.role;
  if (!role) return { admin: false, single: [] };
  const scopeClass = binding.namespace === KUBE_SYSTEM ? KUBE_SYSTEM : scopeKey(binding);
  let byScope = roleRiskCache.get(role);
  if (!byScope) {
    byScope = new Map();
    roleRiskCache.set(role, byScope);
  }
  const cached = byScope.get(scopeClass);
  if (cached) return cached;
  const admin = role.rules.some((r) => isClusterAdminRule(r.rule));
  const single: RoleRisks["single"] = [];
  if (!admin) {
    for (const risk of SINGLE_RISKS) {
      if (risk.kubeSystemOnly && binding.namespace !== undefined && binding.namespace !== KUBE_SYSTEM)
        continue;
      const granting = grantingRules(binding, risk.probes);
      if (granting.length > 0) single.push({ risk, note: namesNote(granting) });
    }
  }
  const result = { admin, single };
  byScope.set(scopeClass, result);
  return result;
}

function isClusterAdminRule(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes("*") &&
    rule.apiGroups.includes("*") &&
    rule.resources.includes("*") &&
    rule.resourceNames.length === 0
  );
}

function subjectKey(s: SubjectRef): string {
  return `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;
}

interface Holding {
  binding: IndexedBinding;
  subject: SubjectRef;
}

function finding(
  rule: string,
  severity: Severity,
  holding: Holding,
  scope: string,
  message: string,
  expectedDefault: boolean,
): Finding {
  return {
    rule,
    severity,
    message,
    subject: holding.subject,
    binding: holding.binding.ref,
    role: holding.binding.roleRef,
    scope,
    ...(expectedDefault ? { expectedDefault: true } : {}),
  };
}

function through(b: IndexedBinding): string {
  return `${describeRef(b.ref)} (${describeRef(b.roleRef)})`;
}

export function findRbacRisks(snapshot: Pick<Snapshot, "roles" | "bindings">): Finding[] {
  return findRbacRisksInIndex(buildRbacIndex(snapshot));
}

export function findRbacRisksInIndex(index: RbacIndex): Finding[] {
  const findings: Finding[] = [];
  const bySubject = new Map<string, Holding[]>();
  // Subject key -> scopes ("cluster" or a namespace) where it holds a cluster-admin equivalent.
  const adminScopes = new Map<string, Set<string>>();

  for (const binding of index.bindings) {
    const scope = binding.namespace ?? "cluster";
    if (!binding.role) {
      // RBAC-020: harmless today, but whoever later creates a role of that name grants it to these subjects.
      const why =
        binding.ref.kind === "ClusterRoleBinding" && binding.roleRef.kind === "Role"
          ? "a ClusterRoleBinding cannot refer to a Role"
          : `${describeRef(binding.roleRef)} does not exist`;
      for (const subject of binding.subjects.length > 0 ? binding.subjects : [undefined]) {
        findings.push({
          rule: "RBAC-020",
          severity: "medium",
          message:
            `${describeRef(binding.ref)} grants nothing to ${subject ? describeSubject(subject) : "no subject"}: ${why}. ` +
            "Whoever can later create that role gives these subjects its rights; delete the binding or fix its roleRef.",
          ...(subject ? { subject } : {}),
          binding: binding.ref,
          role: binding.roleRef,
          scope,
          ...(binding.expectedDefault ? { expectedDefault: true } : {}),
        });
      }
    }

    const risks = binding.role ? roleRisks(binding) : undefined;
    const admin = risks?.admin ?? false;
    const fired: string[] = admin ? ["RBAC-001"] : (risks?.single.map((r) => r.risk.id) ?? []);
    const singleFindings: Omit<Finding, "subject">[] = [];
    if (admin) {
      singleFindings.push({
        rule: "RBAC-001",
        severity: scope === "cluster" || scope === KUBE_SYSTEM ? "critical" : "high",
        message: `can do every verb on every resource ${scopePhrase(scope)} through ${through(binding)}: ${CLUSTER_ADMIN_WHY}.`,
      });
    } else {
      for (const { risk, note } of risks?.single ?? []) {
        singleFindings.push({
          rule: risk.id,
          severity:
            scope === "cluster" || scope === KUBE_SYSTEM ? risk.severity.cluster : risk.severity.namespace,
          message: `can ${risk.what} ${scopePhrase(scope)}${note} through ${through(binding)}: ${risk.why}.`,
        });
      }
    }

    for (const subject of binding.subjects) {
      // A namespace-less ServiceAccount of a ClusterRoleBinding matches nobody (upstream appliesTo).
      if (subject.kind === "ServiceAccount" && !subject.namespace) continue;
      const holding = { binding, subject };
      const key = subjectKey(subject);
      const list = bySubject.get(key);
      if (list) list.push(holding);
      else bySubject.set(key, [holding]);
      if (admin && binding.role) {
        const set = adminScopes.get(key) ?? new Set<string>();
        set.add(scope);
        adminScopes.set(key, set);
      }
      for (const f of singleFindings) {
        findings.push(
          finding(
            f.rule,
            f.severity,
            holding,
            scope,
            `${describeSubject(subject)} ${f.message}`,
            binding.expectedDefault,
          ),
        );
      }

      const anonymous =
        (subject.kind === "User" && subject.name === "system:anonymous") ||
        (subject.kind === "Group" && subject.name === "system:unauthenticated");
      if (anonymous) {
        findings.push(
          finding(
            "RBAC-021",
            // Critical when the role carries a risk of its own; high for any other object access; low for
            // URLs only (the /healthz and /version a default cluster already opens to everyone).
            fired.length > 0
              ? "critical"
              : (binding.role?.rules ?? []).some((r) => r.rule.resources.length > 0)
                ? "high"
                : "low",
            holding,
            scope,
            `${describeRef(binding.ref)} binds ${describeRef(binding.roleRef)} to ${describeSubject(subject)} ${scopePhrase(scope)}: ` +
              "anyone who can reach the API server, without credentials, gets these rights; the good practices ask never to bind anonymous users.",
            binding.expectedDefault,
          ),
        );
      }
      if (subject.kind === "Group" && subject.name === "system:authenticated" && fired.length > 0) {
        findings.push(
          finding(
            "RBAC-022",
            "critical",
            holding,
            scope,
            `${describeRef(binding.ref)} binds ${describeRef(binding.roleRef)} to every authenticated identity ${scopePhrase(scope)}, ` +
              `and that role is sensitive (${fired.join(", ")}): every user and every service account of the cluster holds it.`,
            binding.expectedDefault,
          ),
        );
      }
    }
  }

  const COMBO_PROBES = [
    CSR_CREATE,
    CSR_APPROVAL,
    SIGNER_APPROVE,
    POD_DELETE,
    NODE_UPDATE,
    ROLEBINDING_GET,
    ROLEBINDING_PATCH,
  ];
  // Per binding: which combined-risk probes its role grants where it is bound, one bit each (computed once).
  const masks = index.bindings.map((b) =>
    COMBO_PROBES.reduce((mask, p, i) => (grantingRules(b, p).length > 0 ? mask | (1 << i) : mask), 0),
  );
  const maskOf = (h: Holding) => masks[h.binding.id] ?? 0;
  for (const [key, holdings] of bySubject) {
    // Most subjects hold no part of any combined risk: skip them before building anything.
    if (!holdings.some((h) => maskOf(h) !== 0)) continue;
    const admins = adminScopes.get(key) ?? new Set<string>();
    const withProbe = (probe: readonly Probe[], scopes?: readonly string[]) => {
      const bit = 1 << COMBO_PROBES.indexOf(probe);
      return holdings.filter(
        (h) =>
          (maskOf(h) & bit) !== 0 &&
          (scopes === undefined || scopes.includes(h.binding.namespace ?? "cluster")),
      );
    };
    const all = (hs: readonly Holding[]) => hs.every((h) => h.binding.expectedDefault);

    // RBAC-011: create a CSR, approve it, and hold approve on a signer (all cluster-scoped).
    if (!admins.has("cluster")) {
      const create = withProbe(CSR_CREATE);
      const approval = withProbe(CSR_APPROVAL);
      const signer = withProbe(SIGNER_APPROVE);
      const main = approval[0];
      if (main && create[0] && signer[0]) {
        const parts = [...new Set([create[0], main, signer[0]])];
        findings.push(
          finding(
            "RBAC-011",
            "high",
            main,
            "cluster",
            `${describeSubject(main.subject)} can issue certificates cluster-wide through ${parts.map((p) => through(p.binding)).join(", ")}: ${COMBINED_WHY["RBAC-011"]}.`,
            all(parts),
          ),
        );
      }
    }

    // RBAC-017: delete pods in kube-system plus update nodes.
    if (!admins.has("cluster")) {
      const del = withProbe(POD_DELETE, ["cluster", KUBE_SYSTEM]);
      const nodes = withProbe(NODE_UPDATE);
      const main = del[0];
      if (main && nodes[0]) {
        const parts = [...new Set([main, nodes[0]])];
        findings.push(
          finding(
            "RBAC-017",
            "high",
            main,
            "cluster",
            `${describeSubject(main.subject)} can delete pods in kube-system and update nodes through ${parts.map((p) => through(p.binding)).join(", ")}: ${COMBINED_WHY["RBAC-017"]}.`,
            all(parts),
          ),
        );
      }
    }

    // RBAC-025: get and patch RoleBindings in the same scope (a cluster-wide grant covers every namespace).
    const gets = withProbe(ROLEBINDING_GET);
    const patches = withProbe(ROLEBINDING_PATCH);
    if (gets.length > 0 && patches.length > 0) {
      const at = (hs: readonly Holding[], scope: string) =>
        hs.find((h) => (h.binding.namespace ?? "cluster") === scope) ??
        hs.find((h) => h.binding.namespace === undefined);
      const scopes = new Set<string>();
      const clusterBoth = at(gets, "cluster") !== undefined && at(patches, "cluster") !== undefined;
      if (clusterBoth) scopes.add("cluster");
      else
        for (const h of [...gets, ...patches])
          if (h.binding.namespace !== undefined) scopes.add(h.binding.namespace);
      for (const scope of [...scopes].sort()) {
        if (admins.has("cluster") || admins.has(scope)) continue;
        const get = at(gets, scope);
        const patch = at(patches, scope);
        if (!get || !patch) continue;
        const parts = [...new Set([patch, get])];
        findings.push(
          finding(
            "RBAC-025",
            scope === "cluster" ? "high" : "medium",
            patch,
            scope,
            `${describeSubject(patch.subject)} can get and patch RoleBindings ${scopePhrase(scope)} through ${parts.map((p) => through(p.binding)).join(", ")}: ${COMBINED_WHY["RBAC-025"]}.`,
            all(parts),
          ),
        );
      }
    }
  }

  return sortFindings(findings);
}

/**
 * The order of compareFindings (severity, rule, message), computed with one shared Intl.Collator: it compares as
 * String.prototype.localeCompare does, several times faster on the tens of thousands of findings of a large cluster.
 */
function sortFindings(findings: Finding[]): Finding[] {
  const collator = new Intl.Collator();
  return findings
    .map((f) => ({ f, rank: severityRank(f.severity) }))
    .sort(
      (a, b) =>
        a.rank - b.rank || collator.compare(a.f.rule, b.f.rule) || collator.compare(a.f.message, b.f.message),
    )
    .map((x) => x.f);
}
