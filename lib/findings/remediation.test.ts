import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/findings/catalogue";
import { REMEDIATION } from "@/lib/findings/remediation";

describe("the rule catalogue", () => {
  it("has a remediation for every rule, and no remediation for a rule that does not exist", () => {
    expect(Object.keys(REMEDIATION).sort()).toEqual([...RULES.keys()].sort());
  });

  it("numbers each area's rules from 001 without gaps, as docs/semantics.md lists them", () => {
    for (const prefix of ["NET", "RBAC", "CERT"]) {
      const ids = [...RULES.keys()].filter((id) => id.startsWith(`${prefix}-`));
      expect(ids).toEqual(ids.map((_, i) => `${prefix}-${String(i + 1).padStart(3, "0")}`));
    }
  });
});
