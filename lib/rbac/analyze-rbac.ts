import type { Finding } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { buildRbacIndex, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { findRbacRisksInIndex } from "@/lib/rbac/find-rbac-risks";

// The index and the findings of one snapshot, computed once per snapshot object: the Access pages, the who-can
// box and the JSON routes of one request (and of one cached viewer snapshot) share them.

interface RbacAnalysis {
  index: RbacIndex;
  findings: Finding[];
}

const cache = new WeakMap<object, RbacAnalysis>();
const indexes = new WeakMap<object, RbacIndex>();

/** The index alone (what the attack graph reads): the findings, a second or more on a large cluster, wait. */
export function rbacIndexOf(snapshot: Pick<Snapshot, "roles" | "bindings">): RbacIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    index = buildRbacIndex(snapshot);
    indexes.set(snapshot, index);
  }
  return index;
}

export function analyzeRbac(snapshot: Pick<Snapshot, "roles" | "bindings">): RbacAnalysis {
  let analysis = cache.get(snapshot);
  if (!analysis) {
    const index = rbacIndexOf(snapshot);
    analysis = { index, findings: findRbacRisksInIndex(index) };
    cache.set(snapshot, analysis);
  }
  return analysis;
}
