import { ruleInfo } from "@/lib/findings/catalogue";
import { findingId } from "@/lib/findings/finding-namespace";
import type { Finding, Severity } from "@/lib/findings/types";

/** A finding as a list on any page draws it: its id for links, its rule's title, no object references. */
export interface FindingView {
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  message: string;
  expectedDefault: boolean;
}

export function findingView(f: Finding): FindingView {
  return {
    id: findingId(f),
    rule: f.rule,
    title: ruleInfo(f.rule).title,
    severity: f.severity,
    message: f.message,
    expectedDefault: f.expectedDefault ?? false,
  };
}
