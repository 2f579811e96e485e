import { procMountAny, validSeccomp } from "@/lib/workloads/pss-checks-baseline";
import {
  inUserNamespace,
  isWindows,
  joinQuote,
  pluralize,
  sortedUnique,
  visitContainers,
  type CheckDefinition,
  type CheckFailure,
  type CheckFn,
  type PssInput,
  type PssViolation,
} from "@/lib/workloads/pss-types";

// The restricted checks of the PodSecurity admission plugin (v1.37), with their revisions and the baseline
// checks each one replaces at the restricted level (docs/semantics.md §4).

const containersOf = (names: readonly string[]) =>
  `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;

const notOnWindows =
  (fn: CheckFn): CheckFn =>
  (input) =>
    isWindows(input) ? undefined : fn(input);
const notInUserNamespace =
  (fn: CheckFn): CheckFn =>
  (input) =>
    inUserNamespace(input) ? undefined : fn(input);

function allowPrivilegeEscalation(input: PssInput): CheckFailure | undefined {
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    if (c.security.allowPrivilegeEscalation === false) continue;
    violations.push({
      container: c.name,
      field: `${path}.securityContext.allowPrivilegeEscalation`,
      message:
        c.security.allowPrivilegeEscalation === true
          ? "allowPrivilegeEscalation: true"
          : "allowPrivilegeEscalation is not set to false",
    });
  }
  if (violations.length === 0) return undefined;
  return {
    reason: "allowPrivilegeEscalation != false",
    detail: `${containersOf(violations.map((v) => v.container as string))} must set securityContext.allowPrivilegeEscalation=false`,
    violations,
  };
}

function capabilitiesRestricted(input: PssInput): CheckFailure | undefined {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    // "ALL" exactly: "all" or "CAP_ALL" drop nothing the plugin recognises.
    if (!c.security.capabilitiesDrop.includes("ALL")) {
      missingDrop.push(c.name);
      violations.push({
        container: c.name,
        field: `${path}.securityContext.capabilities.drop`,
        message: 'does not drop "ALL"',
      });
    }
    const extra = c.security.capabilitiesAdd.filter((cap) => cap !== "NET_BIND_SERVICE");
    if (extra.length > 0) {
      adding.push(c.name);
      caps.push(...extra);
      violations.push({
        container: c.name,
        field: `${path}.securityContext.capabilities.add`,
        message: `adds ${extra.join(", ")}`,
      });
    }
  }
  const details: string[] = [];
  if (missingDrop.length > 0)
    details.push(`${containersOf(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length > 0)
    details.push(
      `${containersOf(adding)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`,
    );
  if (details.length === 0) return undefined;
  return { reason: "unrestricted capabilities", detail: details.join("; "), violations };
}

function runAsNonRoot(input: PssInput): CheckFailure | undefined {
  const setters: string[] = [];
  const violations: PssViolation[] = [];
  const podValue = input.spec.security.runAsNonRoot;
  if (podValue === false) {
    setters.push("pod");
    violations.push({
      field: `${input.specPath}.securityContext.runAsNonRoot`,
      message: "runAsNonRoot: false",
    });
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitViolations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    const v = c.security.runAsNonRoot;
    if (v === false) {
      explicit.push(c.name);
      violations.push({
        container: c.name,
        field: `${path}.securityContext.runAsNonRoot`,
        message: "runAsNonRoot: false",
      });
    } else if (v === undefined && podValue !== true) {
      // Inherited only from a pod-level true; a pod-level false fails on its own even when containers override it.
      implicit.push(c.name);
      implicitViolations.push({
        container: c.name,
        field: `${path}.securityContext.runAsNonRoot`,
        message: "runAsNonRoot is not set, here or on the pod",
      });
    }
  }
  if (explicit.length > 0) setters.push(containersOf(explicit));
  if (setters.length > 0)
    return {
      reason: "runAsNonRoot != true",
      detail: `${setters.join(" and ")} must not set securityContext.runAsNonRoot=false`,
      violations: [...violations, ...implicitViolations],
    };
  if (implicit.length === 0) return undefined;
  return {
    reason: "runAsNonRoot != true",
    detail: `pod or ${containersOf(implicit)} must set securityContext.runAsNonRoot=true`,
    violations: implicitViolations,
  };
}

function runAsUser(input: PssInput): CheckFailure | undefined {
  const setters: string[] = [];
  const violations: PssViolation[] = [];
  if (input.spec.security.runAsUser === 0) {
    setters.push("pod");
    violations.push({ field: `${input.specPath}.securityContext.runAsUser`, message: "runAsUser: 0" });
  }
  const bad: string[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    if (c.security.runAsUser !== 0) continue;
    bad.push(c.name);
    violations.push({
      container: c.name,
      field: `${path}.securityContext.runAsUser`,
      message: "runAsUser: 0",
    });
  }
  if (bad.length > 0) setters.push(containersOf(bad));
  if (setters.length === 0) return undefined;
  return { reason: "runAsUser=0", detail: `${setters.join(" and ")} must not set runAsUser=0`, violations };
}

function seccompRestricted(input: PssInput): CheckFailure | undefined {
  const setters: string[] = [];
  const values: string[] = [];
  const violations: PssViolation[] = [];
  const pod = input.spec.security.seccompProfile;
  const podSet = pod !== undefined && validSeccomp(pod);
  if (pod !== undefined && !podSet) {
    setters.push("pod");
    values.push(pod);
    violations.push({
      field: `${input.specPath}.securityContext.seccompProfile.type`,
      message: `type ${pod}`,
    });
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitViolations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    const t = c.security.seccompProfile;
    if (t !== undefined) {
      if (validSeccomp(t)) continue;
      explicit.push(c.name);
      values.push(t);
      violations.push({
        container: c.name,
        field: `${path}.securityContext.seccompProfile.type`,
        message: `type ${t}`,
      });
    } else if (!podSet) {
      implicit.push(c.name);
      implicitViolations.push({
        container: c.name,
        field: `${path}.securityContext.seccompProfile`,
        message: "no seccomp profile, here or on the pod",
      });
    }
  }
  if (explicit.length > 0) setters.push(containersOf(explicit));
  if (setters.length > 0)
    return {
      reason: "seccompProfile",
      detail: `${setters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
      violations: [...violations, ...implicitViolations],
    };
  if (implicit.length === 0) return undefined;
  return {
    reason: "seccompProfile",
    detail: `pod or ${containersOf(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    violations: implicitViolations,
  };
}

const ALLOWED_VOLUMES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

function restrictedVolumes(input: PssInput): CheckFailure | undefined {
  const bad = input.spec.volumes.map((v, i) => ({ v, i })).filter(({ v }) => !ALLOWED_VOLUMES.has(v.source));
  if (bad.length === 0) return undefined;
  const types = sortedUnique(bad.map(({ v }) => v.source));
  return {
    reason: "restricted volume types",
    detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad.map(({ v }) => v.name))} ${pluralize("uses", "use", bad.length)} ${pluralize("restricted volume type", "restricted volume types", types.length)} ${joinQuote(types)}`,
    violations: bad.map(({ v, i }) => ({
      field: `${input.specPath}.volumes[${i}].${v.source}`,
      message: `${v.source} volume "${v.name}"`,
    })),
  };
}

export const RESTRICTED_CHECKS: readonly CheckDefinition[] = [
  {
    id: "allowPrivilegeEscalation",
    level: "restricted",
    versions: [
      { minVersion: 8, fn: allowPrivilegeEscalation },
      { minVersion: 25, fn: notOnWindows(allowPrivilegeEscalation) },
    ],
  },
  {
    id: "capabilities_restricted",
    level: "restricted",
    versions: [
      { minVersion: 22, fn: capabilitiesRestricted, overrides: ["capabilities_baseline"] },
      { minVersion: 25, fn: notOnWindows(capabilitiesRestricted), overrides: ["capabilities_baseline"] },
    ],
  },
  {
    id: "runAsNonRoot",
    level: "restricted",
    versions: [
      { minVersion: 0, fn: runAsNonRoot },
      { minVersion: 35, fn: notInUserNamespace(runAsNonRoot) },
    ],
  },
  {
    id: "runAsUser",
    level: "restricted",
    versions: [
      { minVersion: 23, fn: runAsUser },
      { minVersion: 35, fn: notInUserNamespace(runAsUser) },
    ],
  },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    versions: [
      { minVersion: 19, fn: seccompRestricted, overrides: ["seccompProfile_baseline"] },
      { minVersion: 25, fn: notOnWindows(seccompRestricted), overrides: ["seccompProfile_baseline"] },
    ],
  },
  {
    id: "restrictedVolumes",
    level: "restricted",
    versions: [{ minVersion: 0, fn: restrictedVolumes, overrides: ["hostPathVolumes"] }],
  },
  {
    id: "procMount_restricted",
    level: "restricted",
    versions: [{ minVersion: 35, fn: procMountAny, overrides: ["procMount"] }],
  },
];
