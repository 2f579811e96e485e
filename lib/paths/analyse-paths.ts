import type { Snapshot } from "@/lib/model/types";
import { buildAttackGraph, type AttackAnalysis } from "@/lib/paths/build-attack-graph";
import { findPathFindings, type PathFinding } from "@/lib/paths/path-findings";

// The attack graph and the PATH findings of one snapshot, computed once per snapshot object (a viewer's gated
// snapshot is its own object, so each gate gets its own graph).

interface PathAnalysis extends AttackAnalysis {
  findings: PathFinding[];
}

const cache = new WeakMap<object, PathAnalysis>();

export function analysePaths(snapshot: Snapshot): PathAnalysis {
  let analysis = cache.get(snapshot);
  if (!analysis) {
    const built = buildAttackGraph(snapshot);
    analysis = { ...built, findings: findPathFindings(built.graph, built.context) };
    cache.set(snapshot, analysis);
  }
  return analysis;
}
