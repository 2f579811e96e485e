import { describe, expect, it } from "vitest";
import { compareRows, summaryLine, type KnownDifference, type ProbeRow } from "@/dev/dataplane/compare";

// The dataplane test's verdict logic (dev/dataplane/run-dataplane.ts uses it on real probes).

const side = {
  endpoint: "x",
  applies: true,
  isolated: false,
  isolatingPolicies: [],
  allowedBy: [],
  allowed: true,
  implementationDefined: false,
  reason: "not isolated",
};

function row(reached: boolean, allowed: boolean, extra: Partial<ProbeRow["vigil"]> = {}): ProbeRow {
  return {
    scenario: "s",
    from: "a/x",
    to: "b/y",
    protocol: "TCP",
    port: 80,
    reached,
    how: reached ? "connected" : "timeout",
    vigil: { allowed, implementationDefined: false, notes: [], egress: side, ingress: side, ...extra },
  };
}

describe("comparing Vigil's answers with the probes", () => {
  it("counts a probe as agreeing when Vigil's allowed equals whether the destination answered", () => {
    const c = compareRows([row(true, true), row(false, false)]);
    expect(c).toMatchObject({ probes: 2, agree: 2, unexplained: [], explained: [] });
    expect(summaryLine(c)).toBe("2 probes, 2 agree");
  });

  it("fails a disagreement that no implementation-defined case covers, both ways", () => {
    const c = compareRows([row(true, false), row(false, true)]);
    expect(c.unexplained).toHaveLength(2);
    expect(summaryLine(c)).toBe("2 probes, 0 agree, 2 DISAGREE");
  });

  it("accepts a disagreement only for a documented case that Vigil marked implementation-defined", () => {
    const known: KnownDifference[] = [{ case: "self", kubeNetworkPolicies: "denies", reason: "test" }];
    const self = row(false, true, { implementationDefined: true, special: "self" });
    expect(compareRows([self], known).explained).toHaveLength(1);
    // The same disagreement without Vigil's mark, or with the implementation doing the other thing, fails.
    expect(compareRows([row(false, true, { special: "self" })], known).unexplained).toHaveLength(1);
    const allows: KnownDifference[] = [{ case: "self", kubeNetworkPolicies: "allows", reason: "test" }];
    expect(compareRows([self], allows).unexplained).toHaveLength(1);
    expect(compareRows([self]).unexplained).toHaveLength(1);
  });

  it("explains a dropped probe where AdminNetworkPolicies of one priority disagree and Vigil said so", () => {
    const tie = {
      ...side,
      tiers: { steps: [], notEvaluated: [], ambiguous: "a (Accept) and b (Deny) share Admin priority 1" },
    };
    const marked = row(false, true, { implementationDefined: true, ingress: tie });
    expect(compareRows([marked]).explained.map((e) => e.difference.case)).toEqual(["priority-tie"]);
    // Reached while Vigil says denied is not that case.
    expect(
      compareRows([row(true, false, { implementationDefined: true, ingress: tie })]).unexplained,
    ).toHaveLength(1);
  });
});
