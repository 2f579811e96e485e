import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AccessGap } from "@/lib/model/types";
import type { Finding } from "@/lib/findings/types";
import { countOf, countText, gapSummary, relevantGaps, severityCounts } from "@/lib/views/known-count";

const gap = (
  resource: string,
  namespace?: string,
  where = namespace ? `in ${namespace}` : "cluster-wide",
) => ({
  resource,
  status: "forbidden" as const,
  ...(namespace ? { namespace } : {}),
  message: `you may not list ${resource} ${where}`,
});

describe("a count the viewer may not know", () => {
  it("is known when no gap touches it, and unknown with the gaps' reasons (never 0) otherwise", () => {
    expect(countOf(0, [])).toEqual({ known: true, value: 0 });
    expect(countOf(0, [gap("secrets", "g04")])).toEqual({
      known: false,
      seen: 0,
      reasons: ["you may not list secrets in g04"],
    });
    expect(countText(countOf(2, [gap("secrets")]))).toBe("unknown (2 seen)");
    expect(countText(countOf(0, [gap("secrets")]))).toBe("unknown");
    expect(countText(countOf(3, []))).toBe("3");
  });

  it("takes the gaps of its own resources, in its namespace or cluster-wide, and namespaces only over all of them", () => {
    const gaps: AccessGap[] = [
      gap("secrets", "g04"),
      gap("secrets", "shop"),
      gap("clusterroles"),
      gap("namespaces"),
      gap("pods", undefined, "in any namespace"),
    ];
    expect(relevantGaps(gaps, ["secrets"]).map((g) => g.namespace ?? g.resource)).toEqual([
      "g04",
      "shop",
      "namespaces",
    ]);
    expect(relevantGaps(gaps, ["secrets"], "g04").map((g) => g.namespace)).toEqual(["g04"]);
    expect(relevantGaps(gaps, ["secrets"], "t75")).toEqual([]);
    expect(relevantGaps(gaps, ["clusterroles", "pods"], "t75").map((g) => g.resource)).toEqual([
      "clusterroles",
      "pods",
    ]);
  });

  it("names at most six kinds per place, counting the rest", () => {
    const kinds = ["pods", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs"];
    expect(gapSummary(kinds.map((k) => gap(k, undefined, "in any namespace")))).toEqual([
      "you may not list pods, deployments, statefulsets, daemonsets, replicasets and 2 more kinds in any namespace",
    ]);
  });

  it("says the gaps in one sentence per place", () => {
    expect(
      gapSummary([
        gap("roles", "g04"),
        gap("rolebindings", "g04"),
        gap("clusterroles"),
        gap("secrets", undefined, "in any namespace"),
      ]),
    ).toEqual([
      "you may not list roles, rolebindings in g04",
      "you may not list clusterroles cluster-wide",
      "you may not list secrets in any namespace",
    ]);
  });
});

describe("findings per severity with expected defaults apart", () => {
  const severities = ["critical", "high", "medium", "low", "info"] as const;
  const finding = fc.record({
    severity: fc.constantFrom(...severities),
    expectedDefault: fc.boolean(),
  });

  it("counts every finding exactly once, defaults never under a severity (against a naive count)", () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 40 }), fc.boolean(), (raw, gapped) => {
        const findings: Finding[] = raw.map((r, i) => ({ rule: `RBAC-00${i % 9}`, message: "m", ...r }));
        const c = severityCounts(findings, gapped ? [gap("rolebindings", "g04")] : []);
        for (const s of severities) {
          const naive = findings.filter((f) => f.severity === s && !f.expectedDefault).length;
          expect(c.bySeverity[s]).toEqual(
            gapped
              ? { known: false, seen: naive, reasons: ["you may not list rolebindings in g04"] }
              : { known: true, value: naive },
          );
        }
        const defaults = findings.filter((f) => f.expectedDefault).length;
        expect(c.expectedDefaults).toEqual(
          gapped
            ? { known: false, seen: defaults, reasons: ["you may not list rolebindings in g04"] }
            : { known: true, value: defaults },
        );
      }),
    );
  });
});
