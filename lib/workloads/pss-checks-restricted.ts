import type { Container } from "@/lib/model/types";
import { forbiddenSeccomp, procMountAny, validSeccomp } from "@/lib/workloads/pss-checks-baseline";
import {
  containersOf,
  inUserNamespace,
  isWindows,
  joinQuote,
  namesOf,
  offenders,
  pluralize,
  settersOf,
  sortedUnique,
  violationAt,
  type CheckDefinition,
  type CheckFailure,
  type CheckFn,
  type PssInput,
  type PssViolation,
} from "@/lib/workloads/pss-types";

// The restricted checks of the PodSecurity admission plugin (v1.37), with their revisions and the baseline
// checks each one replaces at the restricted level (docs/semantics.md §4).

const notOnWindows =
  (fn: CheckFn): CheckFn =>
  (input) =>
    isWindows(input) ? undefined : fn(input);
const notInUserNamespace =
  (fn: CheckFn): CheckFn =>
  (input) =>
    inUserNamespace(input) ? undefined : fn(input);

function allowPrivilegeEscalation(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, (c) => {
    const v = c.security.allowPrivilegeEscalation;
    return v === false
      ? undefined
      : v === true
        ? "allowPrivilegeEscalation: true"
        : "allowPrivilegeEscalation is not set to false";
  });
  if (!bad) return undefined;
  return {
    reason: "allowPrivilegeEscalation != false",
    detail: `${containersOf(namesOf(bad))} must set securityContext.allowPrivilegeEscalation=false`,
    violations: bad.map((o) => violationAt(o, "securityContext.allowPrivilegeEscalation", o.value)),
  };
}

/** What a container gets wrong about capabilities at restricted: no drop of "ALL", or an add beyond NET_BIND_SERVICE. */
function capabilityProblems(c: Container) {
  // "ALL" exactly: "all" or "CAP_ALL" drop nothing the plugin recognises.
  const missingDrop = !c.security.capabilitiesDrop.includes("ALL");
  const add = c.security.capabilitiesAdd;
  const extra = add.every((cap) => cap === "NET_BIND_SERVICE")
    ? undefined
    : add.filter((cap) => cap !== "NET_BIND_SERVICE");
  return missingDrop || extra ? { missingDrop, extra } : undefined;
}

function capabilitiesRestricted(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, capabilityProblems);
  if (!bad) return undefined;
  const violations: PssViolation[] = [];
  for (const o of bad) {
    if (o.value.missingDrop)
      violations.push(violationAt(o, "securityContext.capabilities.drop", 'does not drop "ALL"'));
    if (o.value.extra)
      violations.push(violationAt(o, "securityContext.capabilities.add", `adds ${o.value.extra.join(", ")}`));
  }
  const missingDrop = bad.filter((o) => o.value.missingDrop);
  const adding = bad.filter((o) => o.value.extra);
  const details: string[] = [];
  if (missingDrop.length > 0)
    details.push(`${containersOf(namesOf(missingDrop))} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length > 0)
    details.push(
      `${containersOf(namesOf(adding))} must not include ${joinQuote(sortedUnique(adding.flatMap((o) => o.value.extra ?? [])))} in securityContext.capabilities.add`,
    );
  return { reason: "unrestricted capabilities", detail: details.join("; "), violations };
}

function runAsNonRoot(input: PssInput): CheckFailure | undefined {
  const podValue = input.spec.security.runAsNonRoot;
  const podFalse = podValue === false;
  const explicit = offenders(input, (c) => (c.security.runAsNonRoot === false ? true : undefined));
  // Inherited only from a pod-level true; a pod-level false fails on its own even when containers override it.
  const implicit =
    podValue === true
      ? undefined
      : offenders(input, (c) => (c.security.runAsNonRoot === undefined ? true : undefined));
  if (!podFalse && !explicit && !implicit) return undefined;
  const field = "securityContext.runAsNonRoot";
  const implicitViolations = (implicit ?? []).map((o) =>
    violationAt(o, field, "runAsNonRoot is not set, here or on the pod"),
  );
  if (podFalse || explicit)
    return {
      reason: "runAsNonRoot != true",
      detail: `${settersOf(podFalse, explicit)} must not set securityContext.runAsNonRoot=false`,
      violations: [
        ...(podFalse ? [{ field: `${input.specPath}.${field}`, message: "runAsNonRoot: false" }] : []),
        ...(explicit ?? []).map((o) => violationAt(o, field, "runAsNonRoot: false")),
        ...implicitViolations,
      ],
    };
  return {
    reason: "runAsNonRoot != true",
    detail: `pod or ${containersOf(namesOf(implicit ?? []))} must set securityContext.runAsNonRoot=true`,
    violations: implicitViolations,
  };
}

function runAsUser(input: PssInput): CheckFailure | undefined {
  const pod = input.spec.security.runAsUser === 0;
  const bad = offenders(input, (c) => (c.security.runAsUser === 0 ? true : undefined));
  if (!pod && !bad) return undefined;
  return {
    reason: "runAsUser=0",
    detail: `${settersOf(pod, bad)} must not set runAsUser=0`,
    violations: [
      ...(pod ? [{ field: `${input.specPath}.securityContext.runAsUser`, message: "runAsUser: 0" }] : []),
      ...(bad ?? []).map((o) => violationAt(o, "securityContext.runAsUser", "runAsUser: 0")),
    ],
  };
}

function seccompRestricted(input: PssInput): CheckFailure | undefined {
  const pod = input.spec.security.seccompProfile;
  const podSet = pod !== undefined && validSeccomp(pod);
  const podBad = pod !== undefined && !podSet;
  const explicit = offenders(input, forbiddenSeccomp);
  const implicit = podSet
    ? undefined
    : offenders(input, (c) => (c.security.seccompProfile === undefined ? true : undefined));
  if (!podBad && !explicit && !implicit) return undefined;
  const implicitViolations = (implicit ?? []).map((o) =>
    violationAt(o, "securityContext.seccompProfile", "no seccomp profile, here or on the pod"),
  );
  if (podBad || explicit) {
    const values = [...(podBad ? [pod] : []), ...(explicit ?? []).map((o) => o.value)];
    return {
      reason: "seccompProfile",
      detail: `${settersOf(podBad, explicit)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
      violations: [
        ...(podBad
          ? [{ field: `${input.specPath}.securityContext.seccompProfile.type`, message: `type ${pod}` }]
          : []),
        ...(explicit ?? []).map((o) =>
          violationAt(o, "securityContext.seccompProfile.type", `type ${o.value}`),
        ),
        ...implicitViolations,
      ],
    };
  }
  return {
    reason: "seccompProfile",
    detail: `pod or ${containersOf(namesOf(implicit ?? []))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
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
  if (input.spec.volumes.every((v) => ALLOWED_VOLUMES.has(v.source))) return undefined;
  const bad = input.spec.volumes.map((v, i) => ({ v, i })).filter(({ v }) => !ALLOWED_VOLUMES.has(v.source));
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
