import type { Finding, Severity } from "@/lib/findings/types";
import type { Container, ObjectRef, PodSpecSummary, Snapshot, WorkloadKind } from "@/lib/model/types";
import { buildRbacIndex, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { subjectBindings } from "@/lib/rbac/effective-permissions";
import { findExposureRisks } from "@/lib/workloads/find-exposure-risks";
import { hostPathRisk } from "@/lib/workloads/host-paths";
import { evaluateWorkloads, type WorkloadsPssResult } from "@/lib/workloads/evaluate-workloads";
import { BASELINE_CAPABILITIES } from "@/lib/workloads/pss-allowed";
import { policyString } from "@/lib/workloads/pss-policy";

// Findings POD-001..017 of docs/semantics.md §4 (and, through find-exposure-risks.ts, EXP-001..006): the seed
// practices of the hardening guides, one finding per offending container and field, on the top-level objects
// (a template stands for its ReplicaSets and pods). Secret values are never read: POD-012 uses the pod spec only.

interface WorkloadFindingsOptions {
  /** NET-003 findings of the reachability engine, for EXP-006. */
  internetExposed?: readonly Finding[];
  pss?: WorkloadsPssResult;
}

export type WorkloadFinding = Finding & { container?: string; field?: string };

const DANGEROUS_CAPS = new Set([
  "SYS_ADMIN",
  "SYS_MODULE",
  "SYS_PTRACE",
  "NET_ADMIN",
  "SYS_RAWIO",
  "DAC_READ_SEARCH",
  "BPF",
  "PERFMON",
  "SYS_BOOT",
  "ALL",
]);

function isPermissionedServiceAccount(index: RbacIndex, namespace: string, name: string): string[] {
  return subjectBindings(index, { kind: "ServiceAccount", namespace, name })
    .filter(({ binding }) => binding.role && binding.role.rules.length > 0 && !binding.expectedDefault)
    .map(
      ({ binding }) =>
        `${binding.ref.kind} ${binding.ref.namespace ? `${binding.ref.namespace}/` : ""}${binding.ref.name}`,
    );
}

interface Subject {
  object: ObjectRef & { namespace: string };
  spec: PodSpecSummary;
  specPath: string;
  isPod: boolean;
}

function containerFindings(
  s: Subject,
  c: Container,
  push: (f: Omit<WorkloadFinding, "object" | "scope">) => void,
) {
  const path = `${s.specPath}.${c.field}`;
  const sc = c.security;
  const windows = s.spec.os === "windows";
  const at = (field: string, rule: string, severity: Severity, message: string) =>
    push({ rule, severity, message, container: c.name, field: `${path}.${field}` });
  const name = `container "${c.name}"`;
  if (sc.privileged)
    at(
      "securityContext.privileged",
      "POD-001",
      "critical",
      `${name} runs privileged: it has every capability and the host's devices.`,
    );
  const added = sc.capabilitiesAdd.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
  if (added.length > 0) {
    const dangerous = added.some((cap) => DANGEROUS_CAPS.has(cap.toUpperCase().replace(/^CAP_/, "")));
    at(
      "securityContext.capabilities.add",
      "POD-004",
      dangerous ? "high" : "medium",
      `${name} adds ${added.join(", ")}, beyond the baseline set.`,
    );
  }
  if (!windows && sc.allowPrivilegeEscalation !== false)
    at(
      "securityContext.allowPrivilegeEscalation",
      "POD-005",
      "medium",
      `${name} does not set allowPrivilegeEscalation: false (setuid binaries can gain privileges).`,
    );
  if (!windows && s.spec.hostUsers !== false) {
    const user = sc.runAsUser ?? s.spec.security.runAsUser;
    const nonRoot = sc.runAsNonRoot ?? s.spec.security.runAsNonRoot;
    if (user === 0) at("securityContext.runAsUser", "POD-006", "high", `${name} runs as user 0 (root).`);
    else if (nonRoot !== true && user === undefined)
      at(
        "securityContext.runAsNonRoot",
        "POD-006",
        "medium",
        `${name} may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set.`,
      );
  }
  const seccomp = sc.seccompProfile ?? s.spec.security.seccompProfile;
  if (!windows && (seccomp === undefined || seccomp === "Unconfined"))
    at(
      "securityContext.seccompProfile",
      "POD-007",
      "medium",
      `${name} runs ${seccomp === "Unconfined" ? "with seccomp Unconfined" : "without a seccomp profile"}.`,
    );
  const ephemeral = c.field.startsWith("ephemeralContainers[");
  if (!windows && !sc.readOnlyRootFilesystem && !ephemeral)
    at(
      "securityContext.readOnlyRootFilesystem",
      "POD-008",
      "low",
      `${name} can write to its root filesystem.`,
    );
  c.ports.forEach((p, j) => {
    if (p.hostPort) at(`ports[${j}].hostPort`, "POD-009", "medium", `${name} binds host port ${p.hostPort}.`);
  });
  const missing = ["cpu", "memory"].filter((r) => !c.resourceLimits.includes(r));
  if (!ephemeral && missing.length > 0)
    at("resources.limits", "POD-010", "low", `${name} has no ${missing.join(" or ")} limit.`);
  const image = imageProblem(c.image);
  if (image) at("image", "POD-011", image.severity, `${name} uses image "${c.image}": ${image.message}.`);
  for (const e of c.secretEnv)
    at(
      e.field,
      "POD-012",
      "medium",
      `${name} reads Secret "${e.secretName}" into ${e.variable ? `environment variable ${e.variable}` : "its environment (envFrom)"}; mount it as a volume instead.`,
    );
}

/** POD-011: no digest; `latest` or no tag is worse. */
export function imageProblem(image: string): { severity: Severity; message: string } | undefined {
  if (image.includes("@")) return undefined;
  const last = image.slice(image.lastIndexOf("/") + 1);
  const tag = last.includes(":") ? last.slice(last.indexOf(":") + 1) : undefined;
  if (tag === undefined) return { severity: "medium", message: "no tag and no digest (it means latest)" };
  if (tag === "latest") return { severity: "medium", message: "the latest tag and no digest" };
  return { severity: "low", message: "a tag without a digest (tags can be moved)" };
}

function podFindings(
  s: Subject,
  index: RbacIndex,
  snapshot: Pick<Snapshot, "serviceAccounts">,
  out: WorkloadFinding[],
) {
  const push = (f: Omit<WorkloadFinding, "object" | "scope">) =>
    out.push({ ...f, object: s.object, scope: s.object.namespace });
  for (const k of ["hostNetwork", "hostPID", "hostIPC"] as const)
    if (s.spec[k])
      push({
        rule: "POD-002",
        severity: k === "hostPID" ? "critical" : "high",
        field: `${s.specPath}.${k}`,
        message: `${k}: true shares the node's ${k.slice(4)} namespace with the pod.`,
      });
  s.spec.volumes.forEach((v, i) => {
    if (v.source !== "hostPath" || !v.hostPath) return;
    const writers = [...s.spec.containers, ...s.spec.initContainers].filter((c) =>
      c.volumeMounts.some((m) => m.name === v.name && !m.readOnly),
    );
    const risk = hostPathRisk(v.hostPath.path);
    const severity: Severity =
      risk === "socket" || (risk === "sensitive" && writers.length > 0)
        ? "critical"
        : risk === "sensitive" || writers.length > 0
          ? "high"
          : "medium";
    push({
      rule: "POD-003",
      severity,
      field: `${s.specPath}.volumes[${i}].hostPath`,
      message: `hostPath volume "${v.name}" mounts ${v.hostPath.path} from the node${risk === "socket" ? " (a container runtime socket: control of every container on the node)" : risk === "sensitive" ? " (a sensitive host path)" : ""}${writers.length > 0 ? `, writable by ${writers.map((c) => c.name).join(", ")}` : ", read-only"}.`,
    });
  });
  const all = [
    ...s.spec.initContainers.filter((c) => c.field.startsWith("init")),
    ...s.spec.containers,
    ...s.spec.initContainers.filter((c) => c.field.startsWith("ephemeral")),
  ];
  for (const c of all) containerFindings(s, c, push);
  const sa = s.spec.serviceAccountName;
  const bindings = isPermissionedServiceAccount(index, s.object.namespace, sa);
  if (bindings.length > 0) {
    const account = snapshot.serviceAccounts.find((a) => a.namespace === s.object.namespace && a.name === sa);
    const automount = s.spec.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
    if (automount)
      push({
        rule: "POD-013",
        severity: "high",
        field: `${s.specPath}.automountServiceAccountToken`,
        message: `The token of service account ${s.object.namespace}/${sa} is mounted, and that account holds permissions (${bindings.join(", ")}).`,
      });
    if (sa === "default")
      push({
        rule: "POD-015",
        severity: "medium",
        field: `${s.specPath}.serviceAccountName`,
        message: `Runs as the namespace's default service account, which has permissions bound to it (${bindings.join(", ")}).`,
      });
  }
}

const TEMPLATE_SPEC: Record<WorkloadKind, string> = {
  Deployment: "spec.template.spec",
  StatefulSet: "spec.template.spec",
  DaemonSet: "spec.template.spec",
  ReplicaSet: "spec.template.spec",
  Job: "spec.template.spec",
  CronJob: "spec.jobTemplate.spec.template.spec",
};

export function findWorkloadRisks(
  snapshot: Snapshot,
  options: WorkloadFindingsOptions = {},
): WorkloadFinding[] {
  const pss = options.pss ?? evaluateWorkloads(snapshot);
  const index = buildRbacIndex(snapshot);
  const out: WorkloadFinding[] = [];
  const top = new Set(
    pss.workloads
      .filter((w) => w.topLevel)
      .map((w) => `${w.object.namespace}/${w.object.kind}/${w.object.name}`),
  );
  const subjects: Subject[] = [
    ...snapshot.workloads.map((w) => ({
      object: { kind: w.kind, namespace: w.namespace, name: w.name },
      spec: w.template,
      specPath: TEMPLATE_SPEC[w.kind],
      isPod: false,
    })),
    ...snapshot.pods
      .filter((p) => !p.representative)
      .map((p) => ({
        object: { kind: "Pod", namespace: p.namespace, name: p.name },
        spec: p as PodSpecSummary,
        specPath: "spec",
        isPod: true,
      })),
  ].filter((s) => top.has(`${s.object.namespace}/${s.object.kind}/${s.object.name}`));
  for (const s of subjects) podFindings(s, index, snapshot, out);

  for (const secret of snapshot.secrets)
    if (secret.type === "kubernetes.io/service-account-token")
      out.push({
        rule: "POD-014",
        severity: "medium",
        object: { kind: "Secret", namespace: secret.namespace, name: secret.name },
        scope: secret.namespace,
        message: `Secret ${secret.namespace}/${secret.name} is a long-lived service-account token (kubernetes.io/service-account-token); it never expires.`,
      });

  for (const ns of pss.namespaces) {
    const enforce = ns.policy.enforce;
    if (!ns.policy.enforceLabelled || enforce.level === "privileged")
      out.push({
        rule: "POD-016",
        severity: "low",
        object: { kind: "Namespace", name: ns.namespace },
        scope: ns.namespace,
        message: ns.policy.enforceLabelled
          ? `Namespace ${ns.namespace} enforces the privileged Pod Security level: any pod is admitted.`
          : `Namespace ${ns.namespace} has no pod-security.kubernetes.io/enforce label: with the default configuration any pod is admitted.`,
      });
  }
  for (const w of pss.workloads) {
    if (!w.topLevel || !w.rejectedByNamespace || !w.namespaceEnforce) continue;
    out.push({
      rule: "POD-017",
      severity: "high",
      object: w.object,
      scope: w.object.namespace,
      message: `${w.isPod ? "This pod" : `The pods of this ${w.object.kind}`} would be rejected by the namespace's enforced policy ${policyString(w.namespaceEnforce)}: ${w.enforceFailures.map((f) => f.check).join(", ")}.`,
    });
  }
  out.push(...findExposureRisks(snapshot, pss, options.internetExposed ?? []));
  return out;
}
