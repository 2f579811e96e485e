import type { Evidence } from "@/lib/paths/types";

// Evidence that the graph keeps as a reference and computes when an edge is shown (a path, an export, a hop of
// the page): an RBAC holder's grants are the bulk of the graph (millions of entries on a large cluster) and only
// the few edges a viewer looks at need them. An edge's evidence is the concatenation of its parts, in order.

/** Entries computed on demand; `resolve()` returns the same entries, in the same order, on every call. */
export abstract class DeferredEvidence {
  abstract resolve(): readonly Evidence[];
}

export type EvidencePart = Evidence | DeferredEvidence;

export function resolveEvidence(parts: readonly EvidencePart[]): Evidence[] {
  const out: Evidence[] = [];
  for (const p of parts) {
    if (p instanceof DeferredEvidence) {
      for (const e of p.resolve()) out.push(e);
    } else {
      out.push(p);
    }
  }
  return out;
}
