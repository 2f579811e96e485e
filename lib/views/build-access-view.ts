import { ruleInfo } from "@/lib/findings/catalogue";
import { findingId } from "@/lib/findings/finding-namespace";
import { severityRank, type Finding, type Severity, type SubjectRef } from "@/lib/findings/types";
import type { ObjectRef, PolicyRule } from "@/lib/model/types";
import { roleKey, type IndexedBinding, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { effectivePermissions, subjectBindings } from "@/lib/rbac/effective-permissions";
import { matchesSelector } from "@/lib/model/match-selector";
import type { Grant } from "@/lib/rbac/types";

// View models of the Access pages (docs/semantics.md §2): only what the pages draw, built from the RBAC index and its
// findings. Pure, so the pages stay thin and these are tested without a browser.

export const SUBJECT_KINDS = ["User", "Group", "ServiceAccount"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface RiskMark {
  rule: string;
  title: string;
  severity: Severity;
  findingId: string;
  message: string;
  expectedDefault: boolean;
}

export interface BindingRow {
  id: string;
  subject: SubjectRef;
  subjectHref: string;
  binding: ObjectRef;
  role: ObjectRef;
  roleHref: string;
  roleMissing: boolean;
  /** "cluster" or the RoleBinding's namespace. */
  scope: string;
  expectedDefault: boolean;
  risks: RiskMark[];
  /** The most severe risk, if any. */
  severity?: Severity;
}

/** One link of a grant chain, as drawn: through whom, which binding, which role, which rule. */
export interface ChainView {
  via: SubjectRef;
  viaHref: string;
  binding: ObjectRef;
  role: ObjectRef;
  roleHref: string;
  aggregatedFrom?: ObjectRef;
  aggregatedFromHref?: string;
  rule: string;
}

export function subjectHref(s: SubjectRef): string {
  const parts = s.kind === "ServiceAccount" ? [s.kind, s.namespace ?? "", s.name] : [s.kind, s.name];
  return `/access/subjects/${parts.map(encodeURIComponent).join("/")}`;
}

export function roleHref(r: ObjectRef): string {
  const parts = r.kind === "Role" ? [r.kind, r.namespace ?? "", r.name] : [r.kind, r.name];
  return `/access/roles/${parts.map(encodeURIComponent).join("/")}`;
}

export function subjectLabel(s: SubjectRef): string {
  return s.kind === "ServiceAccount" ? `${s.namespace ?? ""}/${s.name}` : s.name;
}

export function refLabel(r: ObjectRef): string {
  return r.namespace !== undefined ? `${r.namespace}/${r.name}` : r.name;
}

/** A rule in one line, as kubectl describe shows it. */
export function ruleText(rule: PolicyRule): string {
  const parts: string[] = [`verbs ${rule.verbs.join(", ") || "(none)"}`];
  if (rule.nonResourceURLs.length > 0) parts.push(`URLs ${rule.nonResourceURLs.join(", ")}`);
  if (rule.resources.length > 0 || rule.nonResourceURLs.length === 0) {
    const groups = rule.apiGroups.map((g) => (g === "" ? "core" : g)).join(", ");
    parts.push(`on ${rule.resources.join(", ") || "(none)"} (${groups || "no API group"})`);
  }
  if (rule.resourceNames.length > 0) parts.push(`named ${rule.resourceNames.join(", ")}`);
  return parts.join(" ");
}

export function chainOf(grant: Grant): ChainView {
  const via = grant.subject ?? { kind: "User", name: "?" };
  return {
    via,
    viaHref: subjectHref(via),
    binding: grant.binding,
    role: grant.role,
    roleHref: roleHref(grant.role),
    ...(grant.aggregatedFrom
      ? { aggregatedFrom: grant.aggregatedFrom, aggregatedFromHref: roleHref(grant.aggregatedFrom) }
      : {}),
    rule: ruleText(grant.rule),
  };
}

function subjectKey(s: SubjectRef): string {
  return `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;
}

function bindingKey(r: ObjectRef): string {
  return `${r.kind}\u0000${r.namespace ?? ""}\u0000${r.name}`;
}

function mark(f: Finding): RiskMark {
  return {
    rule: f.rule,
    title: ruleInfo(f.rule).title,
    severity: f.severity,
    findingId: findingId(f),
    message: f.message,
    expectedDefault: f.expectedDefault ?? false,
  };
}

function worst(risks: readonly RiskMark[]): Severity | undefined {
  let best: Severity | undefined;
  for (const r of risks) if (!best || severityRank(r.severity) < severityRank(best)) best = r.severity;
  return best;
}

/**
 * Findings by binding and subject, for the risk badges of each row. Memoized per findings list: one analysis
 * serves many page views, and hashing tens of thousands of finding IDs is the costly part.
 */
const rowMarks = new WeakMap<readonly Finding[], Map<string, RiskMark[]>>();
function findingsByRow(findings: readonly Finding[]): Map<string, RiskMark[]> {
  const memo = rowMarks.get(findings);
  if (memo) return memo;
  const out = new Map<string, RiskMark[]>();
  rowMarks.set(findings, out);
  for (const f of findings) {
    if (!f.binding) continue;
    const key = `${bindingKey(f.binding)}|${f.subject ? subjectKey(f.subject) : ""}`;
    const list = out.get(key) ?? [];
    list.push(mark(f));
    out.set(key, list);
  }
  return out;
}

function rowsOf(binding: IndexedBinding, byRow: Map<string, RiskMark[]>): BindingRow[] {
  const subjects: (SubjectRef | undefined)[] =
    binding.subjects.length > 0 ? [...binding.subjects] : [undefined];
  return subjects.map((subject, i) => {
    const s = subject ?? { kind: "User" as const, name: "(no subject)" };
    const risks = byRow.get(`${bindingKey(binding.ref)}|${subject ? subjectKey(subject) : ""}`) ?? [];
    const severity = worst(risks);
    return {
      id: `${binding.id}-${i}`,
      subject: s,
      subjectHref: subjectHref(s),
      binding: binding.ref,
      role: binding.roleRef,
      roleHref: roleHref(binding.roleRef),
      roleMissing: !binding.role,
      scope: binding.namespace ?? "cluster",
      expectedDefault: binding.expectedDefault,
      risks,
      ...(severity ? { severity } : {}),
    };
  });
}

/**
 * One row per binding subject (groups kept as groups), with the risks found for it. Memoized per index and
 * findings list (the rows are read-only), so later views of one snapshot only filter.
 */
const rowsMemo = new WeakMap<RbacIndex, { findings: readonly Finding[]; rows: readonly BindingRow[] }>();
export function buildBindingRows(index: RbacIndex, findings: readonly Finding[]): readonly BindingRow[] {
  const memo = rowsMemo.get(index);
  if (memo && memo.findings === findings) return memo.rows;
  const byRow = findingsByRow(findings);
  const rows = index.bindings.flatMap((b) => rowsOf(b, byRow));
  rowsMemo.set(index, { findings, rows });
  return rows;
}

const searchTexts = new WeakMap<BindingRow, string>();
function searchText(r: BindingRow): string {
  let text = searchTexts.get(r);
  if (text === undefined) {
    text = [
      r.subject.kind,
      subjectLabel(r.subject),
      refLabel(r.binding),
      refLabel(r.role),
      r.scope,
      ...r.risks.map((k) => `${k.rule} ${k.title}`),
    ]
      .join(" ")
      .toLowerCase();
    searchTexts.set(r, text);
  }
  return text;
}

export interface BindingFilter {
  q?: string;
  kind?: SubjectKind;
  /** "cluster": ClusterRoleBindings only; "namespace": RoleBindings only. */
  scope?: "cluster" | "namespace";
  /** Only rows with a risk of at least this severity; "any" for any risk. */
  risk?: Severity | "any";
  /** The page's namespace: RoleBindings of it, and ClusterRoleBindings (they apply there too). */
  ns?: string;
  hideDefaults?: boolean;
  sort?: "risk" | "subject" | "role" | "scope" | "binding";
}

/** One shared collator: the order of localeCompare, at a fraction of its cost on tens of thousands of rows. */
const collate = new Intl.Collator().compare;

const SORTS: Record<NonNullable<BindingFilter["sort"]>, (a: BindingRow, b: BindingRow) => number> = {
  risk: (a, b) =>
    (a.severity ? severityRank(a.severity) : 99) - (b.severity ? severityRank(b.severity) : 99) ||
    b.risks.length - a.risks.length,
  subject: (a, b) =>
    collate(a.subject.kind, b.subject.kind) || collate(subjectLabel(a.subject), subjectLabel(b.subject)),
  role: (a, b) => collate(refLabel(a.role), refLabel(b.role)),
  scope: (a, b) =>
    (a.scope === "cluster" ? -1 : 0) - (b.scope === "cluster" ? -1 : 0) || collate(a.scope, b.scope),
  binding: (a, b) => collate(refLabel(a.binding), refLabel(b.binding)),
};

export function filterBindingRows(rows: readonly BindingRow[], filter: BindingFilter): BindingRow[] {
  const q = filter.q?.trim().toLowerCase();
  const out = rows.filter((r) => {
    if (filter.kind && r.subject.kind !== filter.kind) return false;
    if (filter.scope === "cluster" && r.scope !== "cluster") return false;
    if (filter.scope === "namespace" && r.scope === "cluster") return false;
    if (filter.ns && r.scope !== "cluster" && r.scope !== filter.ns) return false;
    if (filter.hideDefaults && r.expectedDefault) return false;
    if (filter.risk === "any" && r.risks.length === 0) return false;
    if (filter.risk && filter.risk !== "any") {
      if (!r.severity || severityRank(r.severity) > severityRank(filter.risk)) return false;
    }
    if (q && !searchText(r).includes(q)) return false;
    return true;
  });
  const sort = SORTS[filter.sort ?? "risk"];
  return out.sort((a, b) => sort(a, b) || SORTS.subject(a, b) || SORTS.binding(a, b));
}

// ---------------------------------------------------------------- one subject

export interface SubjectBindingView {
  binding: ObjectRef;
  role: ObjectRef;
  roleHref: string;
  roleMissing: boolean;
  scope: string;
  via: SubjectRef;
  viaHref: string;
  direct: boolean;
  expectedDefault: boolean;
  risks: RiskMark[];
}

export interface MatrixRow {
  scope: string;
  apiGroup: string;
  resource: string;
  nonResource: boolean;
  resourceNames: string[];
  cells: { verb: string; chains: ChainView[] }[];
}

export interface SubjectView {
  subject: SubjectRef;
  /** The groups the API server would add (and any given), through which bindings may apply. */
  groups: string[];
  bindings: SubjectBindingView[];
  verbs: string[];
  matrix: MatrixRow[];
  findings: RiskMark[];
}

const VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

function verbOrder(a: string, b: string): number {
  const ia = VERB_ORDER.indexOf(a);
  const ib = VERB_ORDER.indexOf(b);
  if (a === "*" || b === "*") return a === b ? 0 : a === "*" ? 1 : -1;
  if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  return a.localeCompare(b);
}

export function buildSubjectView(
  index: RbacIndex,
  findings: readonly Finding[],
  subject: SubjectRef,
  extraGroups: readonly string[] = [],
): SubjectView {
  const byRow = findingsByRow(findings);
  const held = subjectBindings(index, subject, extraGroups);
  const own = subjectKey(subject);
  const bindings = held.map(({ binding, via }) => ({
    binding: binding.ref,
    role: binding.roleRef,
    roleHref: roleHref(binding.roleRef),
    roleMissing: !binding.role,
    scope: binding.namespace ?? "cluster",
    via,
    viaHref: subjectHref(via),
    direct: subjectKey(via) === own,
    expectedDefault: binding.expectedDefault,
    risks: byRow.get(`${bindingKey(binding.ref)}|${subjectKey(via)}`) ?? [],
  }));
  const rows = effectivePermissions(index, subject, extraGroups);
  const verbs = [...new Set(rows.flatMap((r) => r.verbs.map((v) => v.verb)))].sort(verbOrder);
  const matrix = rows.map((r) => ({
    scope: r.scope,
    apiGroup: r.apiGroup,
    resource: r.resource,
    nonResource: r.nonResource,
    resourceNames: r.resourceNames,
    cells: r.verbs.map((v) => ({ verb: v.verb, chains: v.grants.map(chainOf) })),
  }));
  const groups =
    subject.kind === "Group"
      ? []
      : [
          ...new Set(
            held
              .filter((h) => h.via.kind === "Group")
              .map((h) => h.via.name)
              .concat(extraGroups),
          ),
        ];
  const seen = new Set<string>();
  const subjectFindings = bindings
    .flatMap((b) => b.risks)
    .filter((r) => (seen.has(r.findingId) ? false : (seen.add(r.findingId), true)))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.rule.localeCompare(b.rule));
  return { subject, groups, bindings, verbs, matrix, findings: subjectFindings };
}

// ---------------------------------------------------------------- one role

export interface RoleView {
  role: ObjectRef;
  exists: boolean;
  expectedDefault: boolean;
  aggregated: boolean;
  /** The aggregationRule's selectors, as text. */
  selectors: string[];
  /** Rules written on an aggregated ClusterRole, which the aggregation overwrites. */
  ignoredRules: string[];
  rules: { text: string; aggregatedFrom?: ObjectRef; aggregatedFromHref?: string }[];
  /** Aggregated ClusterRoles this one feeds. */
  aggregatedInto: { role: ObjectRef; href: string }[];
  holders: {
    binding: ObjectRef;
    scope: string;
    subjects: { subject: SubjectRef; href: string }[];
    risks: RiskMark[];
  }[];
}

export function buildRoleView(index: RbacIndex, findings: readonly Finding[], ref: ObjectRef): RoleView {
  const key = roleKey(ref);
  const role = index.rolesByKey.get(key);
  const byRow = findingsByRow(findings);
  const holders = index.bindings
    .filter((b) => roleKey(b.roleRef) === key)
    .map((b) => ({
      binding: b.ref,
      scope: b.namespace ?? "cluster",
      subjects: b.subjects.map((s) => ({ subject: s, href: subjectHref(s) })),
      risks: b.subjects.flatMap((s) => byRow.get(`${bindingKey(b.ref)}|${subjectKey(s)}`) ?? []),
    }));
  const aggregatedInto =
    role && role.ref.kind === "ClusterRole"
      ? index.roles
          .filter(
            (r) =>
              r.key !== key &&
              r.role.aggregationRule?.clusterRoleSelectors.some((s) => matchesSelector(s, role.role.labels)),
          )
          .map((r) => ({ role: r.ref, href: roleHref(r.ref) }))
      : [];
  return {
    role: role?.ref ?? ref,
    exists: role !== undefined,
    expectedDefault: role?.expectedDefault ?? false,
    aggregated: role?.aggregated ?? false,
    selectors: (role?.role.aggregationRule?.clusterRoleSelectors ?? []).map((s) => {
      const parts = [
        ...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
        ...s.matchExpressions.map(
          (e) => `${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(", ")})` : ""}`,
        ),
      ];
      return parts.length > 0 ? parts.join(", ") : "(every ClusterRole)";
    }),
    ignoredRules: role?.aggregated ? role.role.rules.map(ruleText) : [],
    rules: (role?.rules ?? []).map((r) => ({
      text: ruleText(r.rule),
      ...(r.aggregatedFrom
        ? { aggregatedFrom: r.aggregatedFrom, aggregatedFromHref: roleHref(r.aggregatedFrom) }
        : {}),
    })),
    aggregatedInto,
    holders,
  };
}

// ---------------------------------------------------------------- graph

export interface GraphNode {
  id: string;
  column: 0 | 1 | 2;
  label: string;
  kind: string;
  href?: string;
  severity?: Severity;
}

export interface GraphEdge {
  from: string;
  to: string;
  severity?: Severity;
}

/** Subject -> binding -> role for the first `limit` rows, coloured by the worst risk through each. */
export function buildAccessGraph(
  rows: readonly BindingRow[],
  limit = 24,
): { nodes: GraphNode[]; edges: GraphEdge[]; truncated: number } {
  const shown = rows.slice(0, limit);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const worse = (a: Severity | undefined, b: Severity | undefined) =>
    !a ? b : !b ? a : severityRank(a) <= severityRank(b) ? a : b;
  const node = (n: GraphNode) => {
    const existing = nodes.get(n.id);
    const severity = worse(existing?.severity, n.severity);
    nodes.set(n.id, { ...(existing ?? n), ...(severity ? { severity } : {}) });
  };
  const edge = (from: string, to: string, severity: Severity | undefined) => {
    const k = `${from}->${to}`;
    const s = worse(edges.get(k)?.severity, severity);
    edges.set(k, { from, to, ...(s ? { severity: s } : {}) });
  };
  for (const r of shown) {
    const s = `s:${subjectKey(r.subject)}`;
    const b = `b:${bindingKey(r.binding)}`;
    const ro = `r:${roleKey(r.role)}`;
    node({
      id: s,
      column: 0,
      label: subjectLabel(r.subject),
      kind: r.subject.kind,
      href: r.subjectHref,
      ...(r.severity ? { severity: r.severity } : {}),
    });
    node({
      id: b,
      column: 1,
      label: refLabel(r.binding),
      kind: r.binding.kind,
      ...(r.severity ? { severity: r.severity } : {}),
    });
    node({
      id: ro,
      column: 2,
      label: refLabel(r.role) + (r.roleMissing ? " (missing)" : ""),
      kind: r.role.kind,
      href: r.roleHref,
      ...(r.severity ? { severity: r.severity } : {}),
    });
    edge(s, b, r.severity);
    edge(b, ro, r.severity);
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated: Math.max(0, rows.length - shown.length),
  };
}
