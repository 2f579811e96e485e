import type { AccessGap } from "@/lib/model/types";
import type { Finding, Severity } from "@/lib/findings/types";
import { SEVERITIES } from "@/lib/findings/types";

// A figure the viewer may not be able to know (docs/overview.md "Unknown figures"): when its inputs include a
// resource the viewer may not read, the figure is "unknown" with the reasons (the gaps' own sentences), and what
// was counted among what they may read is kept apart as `seen`. Never a 0 that reads as an all-clear. Every view
// model, export and the report say counts this way; pages only draw them.

export type Count =
  | { known: true; value: number }
  | {
      known: false;
      /** What was counted among what the viewer may read: not the answer (hidden objects may add or remove). */
      seen: number;
      /** Why it is unknown: "you may not list secrets in any namespace", one per gap. */
      reasons: string[];
    };

/**
 * The gaps that touch figures computed from `resources`, over every namespace or one (`namespace`). A
 * cluster-wide gap (no namespace) always counts. A gap on listing namespaces counts only for figures over every
 * namespace: the viewer does not know of namespaces they may not see, but one named namespace is known.
 */
export function relevantGaps(
  gaps: readonly AccessGap[],
  resources: readonly string[],
  namespace?: string,
): AccessGap[] {
  return gaps.filter((g) => {
    if (g.resource === "namespaces") return namespace === undefined && g.namespace === undefined;
    if (!resources.includes(g.resource)) return false;
    return namespace === undefined || g.namespace === undefined || g.namespace === namespace;
  });
}

/** The reasons of some gaps, one sentence each, in a stable order. */
export function gapReasons(gaps: readonly AccessGap[]): string[] {
  return [...new Set(gaps.map((g) => g.message))].sort();
}

/** `value`, known when no gap touches it; otherwise unknown, with what was seen and why. */
export function countOf(value: number, gaps: readonly AccessGap[]): Count {
  return gaps.length === 0
    ? { known: true, value }
    : { known: false, seen: value, reasons: gapReasons(gaps) };
}

/** "3", or "unknown (1 seen)" / "unknown": the words an export or a report writes. */
export function countText(c: Count): string {
  if (c.known) return String(c.value);
  return c.seen > 0 ? `unknown (${c.seen} seen)` : "unknown";
}

export interface SeverityCounts {
  /** Findings that are not expected defaults, per severity: the headline figures. */
  bySeverity: Record<Severity, Count>;
  /** Kubernetes' own bootstrap defaults (expected), counted apart from every severity. */
  expectedDefaults: Count;
}

/** Findings per severity with expected defaults counted apart, each known or unknown by the same gaps. */
export function severityCounts(findings: readonly Finding[], gaps: readonly AccessGap[]): SeverityCounts {
  const n = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let defaults = 0;
  for (const f of findings) {
    if (f.expectedDefault) defaults++;
    else n[f.severity]++;
  }
  return {
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, countOf(n[s], gaps)])) as Record<
      Severity,
      Count
    >,
    expectedDefaults: countOf(defaults, gaps),
  };
}

/**
 * Gaps said in a few sentences, one per place and kind of refusal ("you may not list roles, rolebindings in
 * g04"), for a panel's note: the full sentences stay in each Count's `reasons`.
 */
export function gapSummary(gaps: readonly AccessGap[]): string[] {
  const groups = new Map<string, string[]>();
  // What Vigil is set not to read is the operator's choice, not the viewer's access: its own sentence.
  const notRead = new Set<string>();
  for (const g of gaps) {
    if (g.status === "not-read") {
      notRead.add(g.message);
      continue;
    }
    const where =
      g.namespace !== undefined
        ? `in ${g.namespace}`
        : g.message.endsWith("in any namespace")
          ? "in any namespace"
          : "cluster-wide";
    const how =
      g.status === "too-large"
        ? "too large to read"
        : g.status === "unavailable"
          ? "could not be read"
          : g.message.startsWith("Vigil could not decide")
            ? "Vigil could not decide whether you may list"
            : g.message.includes("are not shown: you may not see the namespaces")
              ? "hidden with the namespaces you may not see:"
              : "you may not list";
    const key = `${how}|${where}`;
    const list = groups.get(key) ?? [];
    if (!list.includes(g.resource)) list.push(g.resource);
    groups.set(key, list);
  }
  const said = [...groups.entries()].map(([key, resources]) => {
    const [how = "", where = ""] = key.split("|");
    // A few kinds by name, the rest counted: a panel's note stays short on a projector.
    const named =
      resources.length > 6
        ? `${resources.slice(0, 5).join(", ")} and ${resources.length - 5} more kinds`
        : resources.join(", ");
    return how === "you may not list" || how.startsWith("Vigil") || how.startsWith("hidden")
      ? `${how} ${named} ${where}`
      : `${named} ${where}: ${how}`;
  });
  return [...said, ...notRead];
}
