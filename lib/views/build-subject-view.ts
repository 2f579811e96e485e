import { severityRank, type Finding, type SubjectRef } from "@/lib/findings/types";
import type { ObjectRef } from "@/lib/model/types";
import { roleKey, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { effectivePermissions, subjectBindings } from "@/lib/rbac/effective-permissions";
import { matchesSelector } from "@/lib/model/match-selector";

import {
  bindingKey,
  chainOf,
  findingsByRow,
  roleHref,
  ruleText,
  subjectHref,
  subjectKey,
  type ChainView,
  type RiskMark,
} from "@/lib/views/build-access-view";

// View models of one subject's and one role's page (docs/semantics.md §2).

// ---------------------------------------------------------------- one subject

interface SubjectBindingView {
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

interface SubjectView {
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

interface RoleView {
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
