import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FINDINGS_DOCS_PATH, RULES } from "@/lib/findings/catalogue";
import { findingsDocMarkdown } from "@/lib/findings/findings-doc";

const docs = (page: string) => readFileSync(new URL(`../../docs/${page}`, import.meta.url), "utf8");

describe("the rule catalogue", () => {
  it("gives every rule a title, a remediation of at least one sentence and an https upstream page", () => {
    expect(RULES.size).toBeGreaterThanOrEqual(80);
    for (const rule of RULES.values()) {
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(rule.remediation, rule.id).toMatch(/^[A-Z].{30,}[.)]$/s);
      expect(rule.reference, rule.id).toMatch(/^https:\/\//);
    }
  });

  it("links every rule to its own section of docs/findings.md, and that anchor exists there", () => {
    const page = docs("findings.md");
    const anchors = new Set<string>();
    for (const rule of RULES.values()) {
      expect(rule.docs).toBe(`${FINDINGS_DOCS_PATH}#${rule.anchor}`);
      expect(anchors.has(rule.anchor), `${rule.id} shares its anchor`).toBe(false);
      anchors.add(rule.anchor);
      const at = page.indexOf(`<a id="${rule.anchor}"></a>`);
      expect(at, `docs/findings.md lacks the anchor of ${rule.id}`).toBeGreaterThan(-1);
      // The section under the anchor names the rule and says what to do.
      const next = page.indexOf("<a id=", at + 1);
      const section = page.slice(at, next === -1 ? undefined : next);
      expect(section).toContain(`### ${rule.id} ${rule.title}`);
      expect(section).toContain(`**What to do.** ${rule.remediation}`);
    }
  });

  it("is what docs/findings.md says, word for word (regenerate it with dev/scripts/write-findings-doc.ts)", () => {
    expect(docs("findings.md")).toBe(findingsDocMarkdown());
  });

  it("holds exactly the finding IDs docs/semantics.md defines", () => {
    const defined = new Set(
      [...docs("semantics.md").matchAll(/^\| ((?:NET|RBAC|CERT|POD|EXP|PATH)-\d{3}) \|/gm)].map((m) => m[1]),
    );
    expect([...defined].sort()).toEqual([...RULES.keys()].sort());
  });

  it("numbers each area's rules from 001 without gaps", () => {
    for (const prefix of ["NET", "RBAC", "CERT", "POD", "EXP", "PATH"]) {
      const ids = [...RULES.keys()].filter((id) => id.startsWith(`${prefix}-`));
      expect(ids).toEqual(ids.map((_, i) => `${prefix}-${String(i + 1).padStart(3, "0")}`));
    }
  });
});
