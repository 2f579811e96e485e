import { RULES, type RuleInfo } from "@/lib/findings/catalogue";
import type { RuleArea } from "@/lib/findings/types";

// docs/findings.md, written from the catalogue (dev/scripts/write-findings-doc.ts) so that the manual and the pages
// never disagree: one section per rule, with the anchor every finding's "docs" link points to.

export const AREA_SECTIONS: readonly { area: RuleArea; heading: string; prefixes: string }[] = [
  { area: "network", heading: "Network", prefixes: "NET" },
  { area: "rbac", heading: "Access (RBAC)", prefixes: "RBAC" },
  { area: "certificates", heading: "Certificates", prefixes: "CERT" },
  { area: "workloads", heading: "Workloads", prefixes: "POD, EXP" },
  { area: "paths", heading: "Attack paths", prefixes: "PATH" },
];

/** Where docs/semantics.md says exactly when the rule fires. */
export function semanticsSectionOf(rule: RuleInfo): { label: string; anchor: string } {
  if (rule.area === "network") {
    const n = Number(rule.id.slice(4));
    return n <= 8
      ? { label: "§1", anchor: "1-networkpolicy-reachability" }
      : { label: "§1b", anchor: "1b-cluster-scoped-policy-tiers" };
  }
  const by: Record<Exclude<RuleArea, "network">, { label: string; anchor: string }> = {
    rbac: { label: "§2", anchor: "2-rbac-authorization" },
    certificates: { label: "§3", anchor: "3-certificates" },
    workloads: { label: "§4", anchor: "4-workload-hardening" },
    paths: { label: "§5", anchor: "5-attack-paths" },
  };
  return by[rule.area];
}

export function findingsDocMarkdown(): string {
  const out: string[] = [
    "# Findings: what each rule means and what to do",
    "",
    "Every finding Vigil shows (on the overview, each area's page, the review report and in exports) carries a rule",
    "ID and links to its section below; the app serves the same text at `/docs/findings`, from the same catalogue",
    "(`lib/findings/rules/`). Rule IDs never change. A finding's severity is its own (it depends on scope and",
    "evidence); the exact conditions are in [semantics](semantics.md). This page is written by",
    "`npx tsx dev/scripts/write-findings-doc.ts`; a unit test fails when it and the catalogue disagree.",
  ];
  for (const section of AREA_SECTIONS) {
    out.push("", `## ${section.heading} (${section.prefixes})`);
    for (const rule of RULES.values()) {
      if (rule.area !== section.area) continue;
      const where = semanticsSectionOf(rule);
      out.push(
        "",
        `<a id="${rule.anchor}"></a>`,
        "",
        `### ${rule.id} ${rule.title}`,
        "",
        `**What to do.** ${rule.remediation}`,
        "",
        `When it fires: [semantics ${where.label}](semantics.md#${where.anchor}). Upstream: <${rule.reference}>.`,
      );
    }
  }
  return out.join("\n") + "\n";
}
