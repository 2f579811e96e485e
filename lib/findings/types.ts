import type { ObjectRef } from "@/lib/model/types";

// The common Finding shape (docs/cli.md "Shared shapes": `{rule, severity, message, ...references}`), shared by every engine,
// the pages, the exports and the `vigil` command.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SubjectRef {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  namespace?: string;
}

export interface Finding {
  /** A rule ID of docs/semantics.md, e.g. "RBAC-002". */
  rule: string;
  severity: Severity;
  message: string;
  /** RBAC: who holds the grant. */
  subject?: SubjectRef;
  /** RBAC: the binding that grants it. */
  binding?: ObjectRef;
  /** RBAC: the role it binds. */
  role?: ObjectRef;
  /** Certificates: where the certificate was found, and the field that held it. */
  source?: ObjectRef & { field?: string };
  /** The main object the finding is about (a policy, namespace, workload, ingress...). */
  object?: ObjectRef;
  /** A namespace name, or "cluster" for cluster-wide grants. */
  scope?: string;
  /** A Kubernetes bootstrap default: shown, labelled "expected default", never hidden. */
  expectedDefault?: boolean;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Most severe first, then by rule ID, then by message: a stable order for pages, exports and the CLI. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

export type RuleArea = "network" | "rbac" | "certificates" | "workloads" | "paths";

/** One rule of the catalogue as written in lib/findings/rules/: what it is called and what to do about it. */
export interface RuleDefinition {
  id: string;
  area: RuleArea;
  title: string;
  /** What to do about the rule's findings, in words a reviewer can act on. */
  remediation: string;
  /** The upstream page (Kubernetes, network-policy-api, cert-manager...) the rule follows. */
  reference: string;
}
