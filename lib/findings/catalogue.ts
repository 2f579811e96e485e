import type { RuleDefinition } from "@/lib/findings/types";
import { CERTIFICATES_RULES } from "@/lib/findings/rules/certificates";
import { NETWORK_RULES } from "@/lib/findings/rules/network";
import { PATHS_RULES } from "@/lib/findings/rules/paths";
import { RBAC_RULES } from "@/lib/findings/rules/rbac";
import { WORKLOADS_RULES } from "@/lib/findings/rules/workloads";

// The one rule catalogue (docs/findings.md): every rule ID with its title, area, remediation, the upstream page it
// follows, and its own section of the manual. The IDs are never renumbered. Engines fill in each finding's own
// severity and message; pages, the report, exports and the `vigil` command take everything else from here.

export interface RuleInfo extends RuleDefinition {
  /** The id of the rule's section in docs/findings.md and on the in-app page /docs/findings. */
  anchor: string;
  /** The in-app link to that section. */
  docs: string;
}

/** The in-app page that serves docs/findings.md's content (app/docs/findings). */
export const FINDINGS_DOCS_PATH = "/docs/findings";

function ruleAnchor(id: string): string {
  return id.toLowerCase();
}

const rules: readonly RuleDefinition[] = [
  ...NETWORK_RULES,
  ...RBAC_RULES,
  ...CERTIFICATES_RULES,
  ...WORKLOADS_RULES,
  ...PATHS_RULES,
];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  rules.map((r) => [
    r.id,
    { ...r, anchor: ruleAnchor(r.id), docs: `${FINDINGS_DOCS_PATH}#${ruleAnchor(r.id)}` },
  ]),
);

export function ruleInfo(id: string): RuleInfo {
  const info = RULES.get(id);
  if (!info) throw new Error(`unknown rule ID ${id}`);
  return info;
}
