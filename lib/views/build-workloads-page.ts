import { z } from "zod";
import { ruleInfo } from "@/lib/findings/catalogue";
import { compareFindings, type Finding } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { evaluateWorkloads, type WorkloadPss } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks, type WorkloadFinding } from "@/lib/workloads/find-workload-risks";
import { policyString } from "@/lib/workloads/pss-policy";
import { PSS_LEVELS, type CheckId, type PssLevel } from "@/lib/workloads/pss-types";
import { choice, text } from "@/lib/views/page-query";

// The Workloads page (/workloads): Pod Security per workload with each violation's container, field and fix; the
// namespaces' enforcement and the what-if of moving them to baseline or restricted; the POD/EXP findings.

export const workloadsQuery = z.object({
  ns: text,
  level: choice(PSS_LEVELS),
  rule: text
    .pipe(
      z
        .string()
        .regex(/^(POD|EXP)-\d{3}$/)
        .optional(),
    )
    .catch(undefined),
  present: text,
});
type WorkloadsQuery = z.infer<typeof workloadsQuery>;

/** What to change for a failing Pod Security check. */
const CHECK_FIX: Record<CheckId, string> = {
  privileged: "Remove securityContext.privileged: true.",
  hostNamespaces: "Remove hostNetwork, hostPID and hostIPC.",
  hostPathVolumes: "Replace the hostPath volume (PersistentVolumeClaim, emptyDir, CSI).",
  hostPorts: "Remove hostPort; expose the port through a Service.",
  capabilities_baseline: "Add no capability beyond the baseline set.",
  appArmorProfile: "Use AppArmor RuntimeDefault or a Localhost profile, never Unconfined.",
  seLinuxOptions: "Leave seLinuxOptions user and role unset, and the type to a container_* type.",
  procMount: "Leave procMount at Default.",
  seccompProfile_baseline: "Do not set the seccomp profile to Unconfined.",
  sysctls: "Set only the safe sysctls.",
  windowsHostProcess: "Do not run Windows HostProcess containers.",
  hostProbesAndHostLifecycle: "Leave the host of probes and lifecycle handlers empty (the pod's own IP).",
  restrictedVolumes:
    "Use only configMap, secret, emptyDir, projected, downwardAPI, PVC, CSI or ephemeral volumes.",
  allowPrivilegeEscalation: "Set securityContext.allowPrivilegeEscalation: false.",
  runAsNonRoot: "Set securityContext.runAsNonRoot: true (on the pod, and false nowhere).",
  runAsUser: "Do not set runAsUser: 0.",
  seccompProfile_restricted: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod.",
  capabilities_restricted: 'Set capabilities.drop: ["ALL"] and add at most NET_BIND_SERVICE.',
  procMount_restricted: "Leave procMount at Default.",
};

export interface WorkloadRow {
  kind: string;
  namespace: string;
  name: string;
  level: PssLevel;
  rejected: boolean;
  violations: {
    check: string;
    level: string;
    container?: string;
    field: string;
    message: string;
    fix: string;
  }[];
  findings: { rule: string; severity: string; container?: string; field?: string; message: string }[];
}

export interface NamespaceRow {
  namespace: string;
  enforce: string;
  audit: string;
  warn: string;
  labelled: boolean;
  errors: string[];
  total: number;
  rejectedNow: number;
  wouldRejectBaseline: string[];
  wouldRejectRestricted: string[];
}

export interface WorkloadsPage {
  query: WorkloadsQuery;
  counts: Record<PssLevel, number>;
  namespaces: NamespaceRow[];
  rows: WorkloadRow[];
  findings: (WorkloadFinding & { title: string; fix: string; docs: string })[];
  rules: { id: string; title: string }[];
}

const refName = (r: { kind: string; name: string }) => `${r.name} (${r.kind})`;

export function buildWorkloadsPage(snapshot: Snapshot, query: WorkloadsQuery): WorkloadsPage {
  const pss = evaluateWorkloads(snapshot);
  const internetExposed = findNetworkRisks(snapshot).filter((f) => f.rule === "NET-003");
  const all = findWorkloadRisks(snapshot, { pss, internetExposed }).sort(compareFindings);
  const inNs = (ns: string | undefined) => !query.ns || ns === query.ns;
  const findingKey = (f: Finding) =>
    `${f.object?.namespace ?? ""}/${f.object?.kind ?? ""}/${f.object?.name ?? ""}`;
  const byObject = new Map<string, WorkloadFinding[]>();
  for (const f of all) byObject.set(findingKey(f), [...(byObject.get(findingKey(f)) ?? []), f]);

  const top = pss.workloads.filter((w) => w.topLevel && inNs(w.object.namespace));
  const counts = { privileged: 0, baseline: 0, restricted: 0 };
  for (const w of top) counts[w.level]++;
  const rowOf = (w: WorkloadPss): WorkloadRow => ({
    kind: w.object.kind,
    namespace: w.object.namespace,
    name: w.object.name,
    level: w.level,
    rejected: w.rejectedByNamespace,
    violations: w.violations.map((v) => ({ ...v, fix: CHECK_FIX[v.check] })),
    findings: (
      byObject.get(findingKey({ rule: "", severity: "info", message: "", object: w.object })) ?? []
    ).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      ...(f.container !== undefined ? { container: f.container } : {}),
      ...(f.field !== undefined ? { field: f.field } : {}),
      message: f.message,
    })),
  });
  const rows = top
    .filter((w) => !query.level || w.level === query.level)
    .map(rowOf)
    .filter((r) => !query.rule || r.findings.some((f) => f.rule === query.rule));

  const namespaces = pss.namespaces
    .filter((n) => inNs(n.namespace))
    .map((n) => ({
      namespace: n.namespace,
      enforce: policyString(n.policy.enforce),
      audit: policyString(n.policy.audit),
      warn: policyString(n.policy.warn),
      labelled: n.policy.enforceLabelled,
      errors: n.policy.errors,
      total: n.total,
      rejectedNow: n.rejectedByEnforce.length,
      wouldRejectBaseline: n.whatIf.baseline.map(refName),
      wouldRejectRestricted: n.whatIf.restricted.map(refName),
    }));

  const findings = all
    .filter((f) => inNs(f.object?.namespace ?? f.scope))
    .filter((f) => !query.rule || f.rule === query.rule)
    .map((f) => ({
      ...f,
      title: ruleInfo(f.rule).title,
      fix: ruleInfo(f.rule).remediation,
      docs: ruleInfo(f.rule).docs,
    }));
  const rules = [...new Set(all.map((f) => f.rule))].sort().map((id) => ({ id, title: ruleInfo(id).title }));
  return { query, counts, namespaces, rows, findings, rules };
}
