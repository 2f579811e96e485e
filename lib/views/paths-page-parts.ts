import type { AccessGap } from "@/lib/model/types";
import { PATH_RESOURCES } from "@/lib/views/area-resources";
import { fixLabel, fixText } from "@/lib/paths/specs";
import type { PathFix } from "@/lib/paths/what-if";
import type { AttackPath } from "@/lib/paths/types";

// Parts of the /paths page: the what-if fixes the shown paths suggest, and what the viewer may not read that an
// attack path could run through.

/** The resources the viewer may not read (somewhere) that paths are built from: the page says they are hidden. */
export function hiddenFromPaths(gaps: readonly AccessGap[]): string[] {
  return [...new Set(gaps.map((g) => g.resource))].filter((r) => PATH_RESOURCES.includes(r)).sort();
}

/**
 * Fixes to try on the paths found: enforce baseline where a hop creates a privileged pod (ATTACK-011), and a
 * default-deny ingress policy where a hop comes in over the network (ATTACK-001, ATTACK-002). Whether a fix cuts
 * a path is for the what-if to say; running pods are not evicted by a new enforcement level, so escapes of pods
 * already there are not offered that fix.
 */
export function pathSuggestions(paths: readonly AttackPath[], limit = 6): { value: string; label: string }[] {
  const fixes = new Map<string, PathFix>();
  for (const p of paths) {
    for (const h of p.hops) {
      if (h.technique === "ATTACK-011") {
        for (const e of h.evidence) {
          if (e.type === "field" && e.object.kind === "Namespace") {
            const fix: PathFix = { kind: "enforce", namespace: e.object.name, level: "baseline" };
            fixes.set(fixText(fix), fix);
          }
        }
      }
      if ((h.technique === "ATTACK-001" || h.technique === "ATTACK-002") && h.to.kind === "Container") {
        const fix: PathFix = { kind: "default-deny", namespace: h.to.namespace };
        fixes.set(fixText(fix), fix);
      }
    }
  }
  return [...fixes.values()].slice(0, limit).map((f) => ({ value: fixText(f), label: fixLabel(f) }));
}
