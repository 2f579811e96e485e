import { techniqueInfo } from "@/lib/paths/techniques";
import { refLabel } from "@/lib/paths/refs";
import type { AttackEdge, AttackPath, AttackRef, Evidence } from "@/lib/paths/types";
import { roleHref, subjectHref } from "@/lib/views/build-access-view";

// How the /paths page, its exports and the report show a node, a hop and its evidence: words for people and a
// link to the page of the object where Vigil has one (a subject or role on Access, a namespace's workloads or
// network). Only references and field values the engines read go out; never a Secret's data.

export interface NodeView {
  label: string;
  kind: AttackRef["kind"];
  href?: string;
  /** cluster-admin, all-nodes, cloud credentials, a namespace's admin. */
  target: boolean;
}

export interface EvidenceView {
  text: string;
  href?: string;
}

interface HopView {
  technique: string;
  title: string;
  mitre?: string;
  to: NodeView;
  assumption?: string;
  evidence: EvidenceView[];
  message: string;
}

export interface PathView {
  /** Stable within one answer: "path-1", "path-2"... (meeting mode walks them). */
  id: string;
  from: NodeView;
  to: NodeView;
  hops: HopView[];
  assumptions: number;
}

const workloadsOf = (ns: string) => `/workloads?ns=${encodeURIComponent(ns)}`;
const networkOf = (ns: string) => `/network?ns=${encodeURIComponent(ns)}`;

function label(ref: AttackRef): string {
  if (ref.kind === "Target" && ref.name === "all-nodes") return "any node";
  if (ref.kind === "Target" && ref.name === "cloud-credentials") return "cloud credentials";
  if (ref.kind === "Node" && ref.name === "*") return "the pod's node";
  return refLabel(ref);
}

export function nodeView(ref: AttackRef): NodeView {
  const base = { label: label(ref), kind: ref.kind, target: ref.kind === "Target" || ref.kind === "Node" };
  switch (ref.kind) {
    case "ServiceAccount":
      return {
        ...base,
        href: subjectHref({ kind: "ServiceAccount", namespace: ref.namespace, name: ref.name }),
      };
    case "User":
    case "Group":
      return ref.name === "*" ? base : { ...base, href: subjectHref({ kind: ref.kind, name: ref.name }) };
    case "Container":
      return { ...base, href: workloadsOf(ref.namespace) };
    case "Target":
      return ref.name === "namespace-admin"
        ? { ...base, href: `/access?ns=${encodeURIComponent(ref.namespace)}` }
        : base;
    default:
      return base;
  }
}

const objText = (o: { kind: string; namespace?: string; name: string }) =>
  `${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ""}${o.name}`;

function fieldHref(o: { kind: string; namespace?: string; name: string }): string | undefined {
  if (o.kind === "Namespace") return workloadsOf(o.name);
  if (o.kind === "Secret" || o.namespace === undefined) return undefined;
  return workloadsOf(o.namespace);
}

/** One line per binding (its requests joined), per policy, per exposure and per field. */
function evidenceViews(evidence: readonly Evidence[], limit = 4): EvidenceView[] {
  const rbac = new Map<string, { text: string; href: string; requests: string[] }>();
  const out: (EvidenceView & { requests?: string[] })[] = [];
  for (const e of evidence) {
    if (e.type === "rbac") {
      const key = `${objText(e.binding)}|${objText(e.role)}`;
      const known = rbac.get(key);
      if (known) {
        if (!known.requests.includes(e.request)) known.requests.push(e.request);
        continue;
      }
      const entry = {
        text: `${objText(e.binding)} grants ${objText(e.role)}`,
        href: roleHref(e.role),
        requests: [e.request],
      };
      rbac.set(key, entry);
      out.push(entry);
    } else if (e.type === "network") {
      out.push({
        // The evidence's text names the policy and the rule's place in it.
        text: e.text,
        ...(e.policy?.namespace !== undefined ? { href: networkOf(e.policy.namespace) } : {}),
      });
    } else if (e.type === "exposure") {
      out.push({
        text: `${e.text} (${e.port})`,
        ...(e.object.namespace !== undefined ? { href: networkOf(e.object.namespace) } : {}),
      });
    } else {
      const href = fieldHref(e.object);
      out.push({
        text: `${objText(e.object)}${e.container ? ` container ${e.container}` : ""}: ${e.field} = ${e.value}`,
        ...(href ? { href } : {}),
      });
    }
  }
  const views: EvidenceView[] = out.map(({ requests, ...v }) => {
    if (!requests) return v;
    const more = requests.length > 2 ? ` and ${requests.length - 2} more` : "";
    return { ...v, text: `${v.text}: ${requests.slice(0, 2).join("; ")}${more}` };
  });
  return views.length > limit
    ? [...views.slice(0, limit), { text: `and ${views.length - limit} more pieces of evidence` }]
    : views;
}

export function hopView(edge: AttackEdge): HopView {
  const info = techniqueInfo(edge.technique);
  return {
    technique: edge.technique,
    title: info.title,
    ...(info.mitre ? { mitre: info.mitre } : {}),
    to: nodeView(edge.to),
    ...(edge.assumption !== undefined ? { assumption: edge.assumption } : {}),
    evidence: evidenceViews(edge.evidence),
    message: edge.message,
  };
}

export function pathView(path: AttackPath, index: number): PathView {
  return {
    id: `path-${index + 1}`,
    from: nodeView(path.from),
    to: nodeView(path.to),
    hops: path.hops.map(hopView),
    assumptions: path.hops.filter((h) => h.assumption !== undefined).length,
  };
}
