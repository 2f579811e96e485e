import { severityRank, type Severity } from "@/lib/findings/types";
import { roleKey } from "@/lib/rbac/build-rbac-index";

import {
  bindingKey,
  refLabel,
  subjectKey,
  subjectLabel,
  type BindingRow,
} from "@/lib/views/build-access-view";

// The subject -> binding -> role graph of the Access page.

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
