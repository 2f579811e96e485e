import type { ObjectRef, PodSpecSummary, Snapshot, WorkloadKind } from "@/lib/model/types";
import {
  evaluatePolicy,
  LATEST_MINOR,
  minorOf,
  namespacePolicy,
  type LevelVersion,
  type NamespacePolicy,
  type PolicyFailure,
} from "@/lib/workloads/pss-policy";
import type {
  CheckFailure,
  CheckFn,
  CheckId,
  PssInput,
  PssLevel,
  PssViolation,
} from "@/lib/workloads/pss-types";

// Pod Security over a snapshot (docs/semantics.md §4): every real pod and every pod template (Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), its level, each failing check with its fields, and what the
// namespace's enforce label makes of it. Representative pods (a template standing for its pods) are not
// evaluated twice: the template is.

export interface WorkloadViolation extends PssViolation {
  check: CheckId;
  level: "baseline" | "restricted";
}

export interface WorkloadPss {
  object: ObjectRef & { namespace: string };
  /** A Pod (enforcement can reject it) or a controller's pod template (admitted with a warning). */
  isPod: boolean;
  /** Not owned by another object of the snapshot: what pages list. */
  topLevel: boolean;
  /** The most restrictive level it satisfies, at the latest policy version. */
  level: PssLevel;
  /** Baseline failures, then restricted-level failures, at the latest version. */
  violations: WorkloadViolation[];
  /** The checks that fail the baseline and restricted policies at the latest version, in the plugin's order. */
  failedBaseline: CheckId[];
  failedRestricted: CheckId[];
  /** The namespace's enforce label, or null when it has none (the default, privileged, applies). */
  namespaceEnforce: LevelVersion | null;
  /** The namespace's enforced policy would reject this pod, or the pods of this template (drift). */
  rejectedByNamespace: boolean;
  /** The failing checks of the enforced policy, at its pinned version. */
  enforceFailures: PolicyFailure[];
}

export interface NamespacePss {
  namespace: string;
  policy: NamespacePolicy;
  /** Top-level objects of the namespace and how many of them each level would reject (latest version). */
  total: number;
  rejectedByEnforce: ObjectRef[];
  whatIf: { baseline: ObjectRef[]; restricted: ObjectRef[] };
}

export interface WorkloadsPssResult {
  workloads: WorkloadPss[];
  namespaces: NamespacePss[];
}

const TEMPLATE_PATH: Record<WorkloadKind, string> = {
  Deployment: "spec.template",
  StatefulSet: "spec.template",
  DaemonSet: "spec.template",
  ReplicaSet: "spec.template",
  Job: "spec.template",
  CronJob: "spec.jobTemplate.spec.template",
};

export function podInput(spec: PodSpecSummary): PssInput {
  return { spec, specPath: "spec", annotationsPath: "metadata.annotations", isPod: true };
}

export function templateInput(kind: WorkloadKind, spec: PodSpecSummary): PssInput {
  const t = TEMPLATE_PATH[kind];
  return { spec, specPath: `${t}.spec`, annotationsPath: `${t}.metadata.annotations`, isPod: false };
}

function levelOf(baseline: readonly PolicyFailure[], restricted: readonly PolicyFailure[]): PssLevel {
  if (restricted.length === 0) return "restricted";
  return baseline.length === 0 ? "baseline" : "privileged";
}

/** Evaluates one pod spec at the latest version and under its namespace's enforced policy. */
export function evaluateOne(
  input: PssInput,
  policy: NamespacePolicy | undefined,
): Omit<WorkloadPss, "object" | "isPod" | "topLevel"> {
  const known = new Map<CheckFn, CheckFailure | undefined>();
  const baseline = evaluatePolicy(input, { level: "baseline", minor: LATEST_MINOR }, known);
  const restricted = evaluatePolicy(input, { level: "restricted", minor: LATEST_MINOR }, known);
  const violations: WorkloadViolation[] = [];
  for (const f of [...baseline, ...restricted.filter((r) => r.level === "restricted")])
    for (const v of f.violations) violations.push({ check: f.check, level: f.level, ...v });
  const enforce = policy?.enforce;
  const enforceFailures =
    !enforce || enforce.level === "privileged"
      ? []
      : enforce.level === "restricted" && minorOf(enforce.version) === LATEST_MINOR
        ? restricted
        : enforce.level === "baseline" && minorOf(enforce.version) === LATEST_MINOR
          ? baseline
          : evaluatePolicy(input, { level: enforce.level, minor: minorOf(enforce.version) }, known);
  return {
    level: levelOf(baseline, restricted),
    violations,
    failedBaseline: baseline.map((f) => f.check),
    failedRestricted: restricted.map((f) => f.check),
    namespaceEnforce: policy?.enforceLabelled ? (enforce ?? null) : null,
    rejectedByNamespace: enforceFailures.length > 0,
    enforceFailures,
  };
}

export function evaluateWorkloads(
  snapshot: Pick<Snapshot, "namespaces" | "pods" | "workloads">,
): WorkloadsPssResult {
  const policies = new Map(snapshot.namespaces.map((n) => [n.name, namespacePolicy(n.labels)]));
  const present = new Set(snapshot.workloads.map((w) => `${w.namespace}/${w.kind}/${w.name}`));
  const out: WorkloadPss[] = [];
  for (const w of snapshot.workloads) {
    const owned = w.owner !== undefined && present.has(`${w.namespace}/${w.owner.kind}/${w.owner.name}`);
    out.push({
      object: { kind: w.kind, namespace: w.namespace, name: w.name },
      isPod: false,
      topLevel: !owned,
      ...evaluateOne(templateInput(w.kind, w.template), policies.get(w.namespace)),
    });
  }
  for (const p of snapshot.pods) {
    if (p.representative) continue;
    const owned =
      p.workload.kind !== "Pod" && present.has(`${p.namespace}/${p.workload.kind}/${p.workload.name}`);
    out.push({
      object: { kind: "Pod", namespace: p.namespace, name: p.name },
      isPod: true,
      topLevel: !owned,
      ...evaluateOne(podInput(p), policies.get(p.namespace)),
    });
  }
  out.sort(
    (a, b) =>
      cmp(a.object.namespace, b.object.namespace) ||
      cmp(a.object.kind, b.object.kind) ||
      cmp(a.object.name, b.object.name),
  );

  const namespaces: NamespacePss[] = [];
  const names = new Set([...policies.keys(), ...out.map((w) => w.object.namespace)]);
  for (const ns of [...names].sort(cmp)) {
    const policy = policies.get(ns) ?? namespacePolicy({});
    const mine = out.filter((w) => w.object.namespace === ns && w.topLevel);
    const ref = (w: WorkloadPss): ObjectRef => w.object;
    namespaces.push({
      namespace: ns,
      policy,
      total: mine.length,
      rejectedByEnforce: mine.filter((w) => w.rejectedByNamespace).map(ref),
      whatIf: {
        baseline: mine.filter((w) => w.failedBaseline.length > 0).map(ref),
        restricted: mine.filter((w) => w.failedRestricted.length > 0).map(ref),
      },
    });
  }
  return { workloads: out, namespaces };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
