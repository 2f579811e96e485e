import type { Labels } from "@/lib/model/types";
import { BASELINE_CHECKS } from "@/lib/workloads/pss-checks-baseline";
import { RESTRICTED_CHECKS } from "@/lib/workloads/pss-checks-restricted";
import type {
  CheckDefinition,
  CheckFailure,
  CheckFn,
  CheckId,
  PssInput,
  PssLevel,
} from "@/lib/workloads/pss-types";

// Policies as the PodSecurity admission plugin builds them (docs/semantics.md §4): which checks a level runs at a
// policy version, in the plugin's order (baseline IDs sorted, then restricted IDs sorted), with restricted checks
// replacing the baseline ones they override; and the namespace labels that pick level and version.

/** The newest policy version this engine knows: "latest", and any newer pinned version, evaluate as v1.37. */
export const LATEST_MINOR = 37;

export interface LevelVersion {
  level: PssLevel;
  /** As the plugin prints it: "latest" or "v1.N". */
  version: string;
}

/** The minor version a policy version evaluates at. */
export function minorOf(version: string): number {
  const m = /^v1\.(0|[1-9][0-9]*)$/.exec(version);
  return m ? Math.min(Number(m[1]), LATEST_MINOR) : LATEST_MINOR;
}

const ALL_CHECKS: readonly CheckDefinition[] = [...BASELINE_CHECKS, ...RESTRICTED_CHECKS];
const byId = new Map(ALL_CHECKS.map((c) => [c.id, c]));

const ORDER: readonly CheckId[] = [
  ...BASELINE_CHECKS.map((c) => c.id).sort(),
  ...RESTRICTED_CHECKS.map((c) => c.id).sort(),
];

/** The revision of a check in force at a minor version; undefined before its first version. */
function revisionAt(check: CheckDefinition, minor: number) {
  let found: CheckDefinition["versions"][number] | undefined;
  for (const v of check.versions) if (v.minVersion <= minor) found = v;
  return found;
}

interface PolicyCheck {
  id: CheckId;
  level: "baseline" | "restricted";
  fn: CheckFn;
  /** This revision's place in a `KnownAnswers` array: one per check revision. */
  slot: number;
}

// By revision, not by function: procMountAny answers both procMount and procMount_restricted, under two IDs.
const slots = new Map<CheckDefinition["versions"][number], number>();
for (const c of ALL_CHECKS) for (const v of c.versions) slots.set(v, slots.size);

/**
 * The answers of the check revisions already run on one input, by slot (undefined: not run yet, null: passed),
 * so that a revision shared by two policies (baseline and restricted, latest and pinned) runs once.
 */
type KnownAnswers = (PolicyFailure | null | undefined)[];

export function knownAnswers(): KnownAnswers {
  return new Array<PolicyFailure | null | undefined>(slots.size);
}

const policyCache = new Map<string, readonly PolicyCheck[]>();

/** The checks a policy runs, in the plugin's order. Privileged runs none. */
function policyChecks(level: PssLevel, minor: number): readonly PolicyCheck[] {
  const key = `${level}:${minor}`;
  const cached = policyCache.get(key);
  if (cached) return cached;
  let out: PolicyCheck[] = [];
  if (level !== "privileged") {
    const overridden = new Set<CheckId>();
    if (level === "restricted")
      for (const c of RESTRICTED_CHECKS)
        for (const o of revisionAt(c, minor)?.overrides ?? []) overridden.add(o);
    for (const id of ORDER) {
      const check = byId.get(id);
      if (!check || (check.level === "restricted" && level === "baseline") || overridden.has(id)) continue;
      const rev = revisionAt(check, minor);
      if (rev) out.push({ id, level: check.level, fn: rev.fn, slot: slots.get(rev) ?? -1 });
    }
  }
  out = out.slice();
  policyCache.set(key, out);
  return out;
}

export interface PolicyFailure extends CheckFailure {
  check: CheckId;
  level: "baseline" | "restricted";
}

/** Runs a policy over one pod spec: the failing checks, in the plugin's order. */
export function evaluatePolicy(
  input: PssInput,
  lv: { level: PssLevel; minor: number },
  /** Answers already known for this input (see `knownAnswers`); filled in as checks run. */
  known: KnownAnswers = knownAnswers(),
): PolicyFailure[] {
  const out: PolicyFailure[] = [];
  for (const c of policyChecks(lv.level, lv.minor)) {
    let answer = known[c.slot];
    if (answer === undefined) {
      const f = c.fn(input);
      answer = f
        ? { check: c.id, level: c.level, reason: f.reason, detail: f.detail, violations: f.violations }
        : null;
      known[c.slot] = answer;
    }
    if (answer) out.push(answer);
  }
  return out;
}

/** The plugin's message detail: `reason (detail), reason (detail)`. */
export function forbiddenDetail(failures: readonly CheckFailure[]): string {
  return failures.map((f) => (f.detail ? `${f.reason} (${f.detail})` : f.reason)).join(", ");
}

/** `restricted:latest`, `baseline:v1.24`, as the plugin prints a policy. */
export function policyString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

// ---------------------------------------------------------------- namespace labels

export const LABEL_PREFIX = "pod-security.kubernetes.io/";
const MODES = ["enforce", "audit", "warn"] as const;

export interface NamespacePolicy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
  /** Whether the namespace carries an enforce label at all (without one it enforces the cluster default). */
  enforceLabelled: boolean;
  /** Label values the API server would reject, with the value the plugin uses instead. */
  errors: string[];
}

const LEVELS: readonly string[] = ["privileged", "baseline", "restricted"];
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;
const rank = (l: PssLevel) => LEVELS.indexOf(l);

/**
 * The policy of a namespace from its labels, as the plugin reads them with the default configuration
 * (privileged:latest for every mode). An invalid enforce level fails closed (restricted), an invalid audit or
 * warn level fails open (privileged), an invalid version means latest. Without a warn label, warn follows a
 * stricter enforce level (and its version, unless warn-version is set).
 */
export function namespacePolicy(labels: Labels): NamespacePolicy {
  const p: NamespacePolicy = {
    enforce: { level: "privileged", version: "latest" },
    audit: { level: "privileged", version: "latest" },
    warn: { level: "privileged", version: "latest" },
    enforceLabelled: false,
    errors: [],
  };
  let enforceLevelValid = false;
  for (const mode of MODES) {
    const level = labels[`${LABEL_PREFIX}${mode}`];
    if (level !== undefined) {
      if (mode === "enforce") p.enforceLabelled = true;
      if (LEVELS.includes(level)) {
        p[mode].level = level as PssLevel;
        if (mode === "enforce") enforceLevelValid = true;
      } else {
        const fallback = mode === "enforce" ? "restricted" : "privileged";
        p[mode].level = fallback;
        p.errors.push(
          `${LABEL_PREFIX}${mode}="${level}" must be one of privileged, baseline, restricted (read as ${fallback})`,
        );
      }
    }
    const version = labels[`${LABEL_PREFIX}${mode}-version`];
    if (version !== undefined) {
      if (version === "latest" || VERSION.test(version)) p[mode].version = version;
      else {
        p[mode].version = "latest";
        p.errors.push(
          `${LABEL_PREFIX}${mode}-version="${version}" must be "latest" or "v1.x" (read as latest)`,
        );
      }
    }
  }
  const hasWarnLevel = labels[`${LABEL_PREFIX}warn`] !== undefined;
  const hasWarnVersion = labels[`${LABEL_PREFIX}warn-version`] !== undefined;
  if (!hasWarnLevel && enforceLevelValid && rank(p.enforce.level) > rank(p.warn.level)) {
    p.warn.level = p.enforce.level;
    if (!hasWarnVersion) p.warn.version = p.enforce.version;
  }
  return p;
}
