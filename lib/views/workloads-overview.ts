import type { AccessGap, ObjectRef } from "@/lib/model/types";
import type { WorkloadsPssResult } from "@/lib/workloads/evaluate-workloads";
import { policyString } from "@/lib/workloads/pss-policy";
import type { PssLevel } from "@/lib/workloads/pss-types";
import { POD_RESOURCES } from "@/lib/views/area-resources";

// The overview's workloads panel (docs/workloads.md): what each namespace enforces and the levels of its
// workloads, the workloads its enforce label would reject (drift), and what the viewer may not list, so that a
// figure the viewer cannot know reads "unknown" with its reason, never a reassuring 0.

interface NamespaceLevels {
  namespace: string;
  /** The enforced policy as the plugin prints it (`restricted:latest`), or null without an enforce label. */
  enforce: string | null;
  counts: Record<PssLevel, number>;
  rejected: number;
  /** The pod resources the viewer may not list here: the counts leave them out (lower bounds). */
  hidden: string[];
}

interface DriftedWorkload extends ObjectRef {
  namespace: string;
  /** The enforced policy that would reject it, and the checks that fail it. */
  policy: string;
  checks: string[];
}

export interface WorkloadsOverview {
  /** Top-level workloads (pods without a controller, and controllers) at each level. */
  counts: Record<PssLevel, number>;
  /** Top-level workloads that their namespace's enforce label would reject if (re)created. */
  rejected: number;
  /** Namespaces shown that enforce nothing (no enforce label, or privileged). */
  unenforced: number;
  namespaces: NamespaceLevels[];
  /** The first drifted workloads, most failing checks first. */
  drifted: DriftedWorkload[];
  /**
   * What the viewer may not read that this panel depends on: pod resources (hidden workloads: the counts are
   * unknown or lower bounds), namespaces (hidden namespaces), Services and Ingresses (exposure findings).
   * Empty: the panel is complete.
   */
  unknown: { resource: string; where: string; message: string }[];
}

const DRIFTED = 5;

const zero = (): Record<PssLevel, number> => ({ privileged: 0, baseline: 0, restricted: 0 });

export function workloadsOverview(
  pss: WorkloadsPssResult,
  gaps: readonly AccessGap[],
  namespace?: string,
): WorkloadsOverview {
  const shown = (ns: string) => !namespace || ns === namespace;
  const podGaps = gaps.filter(
    (g) =>
      (POD_RESOURCES as readonly string[]).includes(g.resource) &&
      (g.namespace === undefined || shown(g.namespace)),
  );
  const hiddenIn = (ns: string) => [
    ...new Set(podGaps.filter((g) => g.namespace === undefined || g.namespace === ns).map((g) => g.resource)),
  ];
  const rows = new Map<string, NamespaceLevels>();
  for (const n of pss.namespaces) {
    if (!shown(n.namespace)) continue;
    rows.set(n.namespace, {
      namespace: n.namespace,
      enforce: n.policy.enforceLabelled ? policyString(n.policy.enforce) : null,
      counts: zero(),
      rejected: 0,
      hidden: hiddenIn(n.namespace),
    });
  }
  const counts = zero();
  const drifted: DriftedWorkload[] = [];
  for (const w of pss.workloads) {
    if (!w.topLevel || !shown(w.object.namespace)) continue;
    counts[w.level]++;
    const row = rows.get(w.object.namespace);
    if (row) row.counts[w.level]++;
    if (!w.rejectedByNamespace) continue;
    if (row) row.rejected++;
    drifted.push({
      ...w.object,
      policy: w.namespaceEnforce ? policyString(w.namespaceEnforce) : "",
      checks: w.enforceFailures.map((f) => f.check),
    });
  }
  const namespaces = [...rows.values()].sort(
    (a, b) =>
      b.rejected - a.rejected ||
      b.counts.privileged - a.counts.privileged ||
      Number(a.enforce !== null) - Number(b.enforce !== null) ||
      a.namespace.localeCompare(b.namespace),
  );
  const unknown = [
    ...podGaps,
    // Without listing namespaces, the viewer sees only those granted to them: the rest are not counted.
    ...(namespace ? [] : gaps.filter((g) => g.resource === "namespaces" && g.namespace === undefined)),
    // Services and Ingresses tell what is exposed (EXP findings), not which workloads exist.
    ...gaps.filter(
      (g) =>
        (g.resource === "services" || g.resource === "ingresses") &&
        (g.namespace === undefined || shown(g.namespace)),
    ),
  ].map((g) => ({
    resource: g.resource,
    where: g.namespace ?? (g.resource === "namespaces" ? "cluster-wide" : "in any namespace"),
    message: g.message,
  }));
  return {
    counts,
    rejected: drifted.length,
    unenforced: namespaces.filter((n) => n.enforce === null || n.enforce.startsWith("privileged:")).length,
    namespaces,
    drifted: drifted
      .sort(
        (a, b) =>
          b.checks.length - a.checks.length ||
          a.namespace.localeCompare(b.namespace) ||
          a.name.localeCompare(b.name),
      )
      .slice(0, DRIFTED),
    unknown,
  };
}
