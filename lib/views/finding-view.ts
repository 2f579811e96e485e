import { ruleInfo } from "@/lib/findings/catalogue";
import { findingId } from "@/lib/findings/finding-namespace";
import type { Finding, Severity } from "@/lib/findings/types";

/** A finding as a list on any page draws it: its id for links, its rule's title and fix, no object references. */
export interface FindingView {
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  message: string;
  expectedDefault: boolean;
  /** What to do, and the link to the rule's section of the manual (lib/findings/catalogue.ts). */
  remediation: string;
  docs: string;
}

export function findingView(f: Finding): FindingView {
  const info = ruleInfo(f.rule);
  return {
    id: findingId(f),
    rule: f.rule,
    title: info.title,
    remediation: info.remediation,
    docs: info.docs,
    severity: f.severity,
    message: f.message,
    expectedDefault: f.expectedDefault ?? false,
  };
}

/** The props of components/ui/finding-fix.tsx for a rule: what to do and its section of the manual. */
export function fixOf(rule: string): { rule: string; remediation: string; docs: string } {
  const info = ruleInfo(rule);
  return { rule, remediation: info.remediation, docs: info.docs };
}
