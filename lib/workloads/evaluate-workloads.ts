import type { ObjectRef, PodSpecSummary, Snapshot, WorkloadKind } from "@/lib/model/types";
import {
  evaluatePolicy,
  knownAnswers,
  LATEST_MINOR,
  minorOf,
  namespacePolicy,
  type LevelVersion,
  type NamespacePolicy,
  type PolicyFailure,
} from "@/lib/workloads/pss-policy";
import {
  pssInput,
  type CheckId,
  type PssInput,
  type PssLevel,
  type PssViolation,
} from "@/lib/workloads/pss-types";

// Pod Security over a snapshot (docs/semantics.md §4): every real pod and every pod template (Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), its level, each failing check with its fields, and what the
// namespace's enforce label makes of it. Representative pods (a template standing for its pods) are not
// evaluated twice: the template is.

interface WorkloadViolation extends PssViolation {
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

interface NamespacePss {
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
  return pssInput(spec, "spec", "metadata.annotations", true);
}

export function templateInput(kind: WorkloadKind, spec: PodSpecSummary): PssInput {
  const t = TEMPLATE_PATH[kind];
  return pssInput(spec, `${t}.spec`, `${t}.metadata.annotations`, false);
}

const BASELINE_LATEST = { level: "baseline", minor: LATEST_MINOR } as const;
const RESTRICTED_LATEST = { level: "restricted", minor: LATEST_MINOR } as const;

function levelOf(baseline: readonly PolicyFailure[], restricted: readonly PolicyFailure[]): PssLevel {
  if (restricted.length === 0) return "restricted";
  return baseline.length === 0 ? "baseline" : "privileged";
}

/** Evaluates one pod spec at the latest version and under its namespace's enforced policy. */
export function evaluateOne(
  input: PssInput,
  policy: NamespacePolicy | undefined,
): Omit<WorkloadPss, "object" | "isPod" | "topLevel"> {
  const known = knownAnswers();
  const baseline = evaluatePolicy(input, BASELINE_LATEST, known);
  const restricted = evaluatePolicy(input, RESTRICTED_LATEST, known);
  const violations: WorkloadViolation[] = [];
  const add = (f: PolicyFailure) => {
    for (const v of f.violations)
      violations.push(
        v.container === undefined
          ? { check: f.check, level: f.level, field: v.field, message: v.message }
          : { check: f.check, level: f.level, container: v.container, field: v.field, message: v.message },
      );
  };
  for (const f of baseline) add(f);
  for (const f of restricted) if (f.level === "restricted") add(f);
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

  const topLevel = new Map<string, WorkloadPss[]>([...policies.keys()].map((ns) => [ns, []]));
  for (const w of out) {
    const list = topLevel.get(w.object.namespace);
    if (!list) topLevel.set(w.object.namespace, w.topLevel ? [w] : []);
    else if (w.topLevel) list.push(w);
  }
  const namespaces: NamespacePss[] = [];
  for (const [ns, mine] of [...topLevel].sort((a, b) => cmp(a[0], b[0]))) {
    const policy = policies.get(ns) ?? namespacePolicy({});
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
