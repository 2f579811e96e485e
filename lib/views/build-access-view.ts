import { ruleInfo } from "@/lib/findings/catalogue";
import { findingId } from "@/lib/findings/finding-namespace";
import { severityRank, type Finding, type Severity, type SubjectRef } from "@/lib/findings/types";
import type { ObjectRef, PolicyRule } from "@/lib/model/types";
import { type IndexedBinding, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import type { Grant } from "@/lib/rbac/types";

// View models of the Access pages (docs/semantics.md §2): only what the pages draw, built from the RBAC index and its
// findings. Pure, so the pages stay thin and these are tested without a browser.

export const SUBJECT_KINDS = ["User", "Group", "ServiceAccount"] as const;
type SubjectKind = (typeof SUBJECT_KINDS)[number];

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

export function subjectKey(s: SubjectRef): string {
  return `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;
}

export function bindingKey(r: ObjectRef): string {
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
export function findingsByRow(findings: readonly Finding[]): Map<string, RiskMark[]> {
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
