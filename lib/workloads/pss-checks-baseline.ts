import type { Container, SeLinuxOptions } from "@/lib/model/types";
import {
  containersOf,
  goQuote,
  inUserNamespace,
  joinQuote,
  namesOf,
  offenders,
  pluralize,
  settersOf,
  sortedUnique,
  violationAt,
  type CheckDefinition,
  type CheckFailure,
  type PssInput,
  type PssViolation,
} from "@/lib/workloads/pss-types";
import {
  BASELINE_CAPABILITIES,
  SELINUX_TYPES_1_0,
  SELINUX_TYPES_1_31,
  SYSCTLS_1_0,
  SYSCTLS_1_27,
  SYSCTLS_1_29,
  SYSCTLS_1_32,
  SYSCTLS_1_37,
} from "@/lib/workloads/pss-allowed";

// The baseline checks of the PodSecurity admission plugin (k8s.io/pod-security-admission policy/, v1.37),
// each with the revisions that older policy versions still evaluate (docs/semantics.md §4). Reasons and
// details are the plugin's own words, so an answer can be compared with the API server's message. A compliant
// pod is the common case: each check looks before it allocates.

function privileged(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, (c) => (c.security.privileged ? true : undefined));
  if (!bad) return undefined;
  return {
    reason: "privileged",
    detail: `${containersOf(namesOf(bad))} must not set securityContext.privileged=true`,
    violations: bad.map((o) => violationAt(o, "securityContext.privileged", "privileged: true")),
  };
}

function hostNamespaces(input: PssInput): CheckFailure | undefined {
  const { spec } = input;
  if (!spec.hostNetwork && !spec.hostPID && !spec.hostIPC) return undefined;
  const set = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((k) => spec[k]);
  return {
    reason: "host namespaces",
    detail: set.map((k) => `${k}=true`).join(", "),
    violations: set.map((k) => ({ field: `${input.specPath}.${k}`, message: `${k}: true` })),
  };
}

function hostPathVolumes(input: PssInput): CheckFailure | undefined {
  if (!input.spec.volumes.some((v) => v.source === "hostPath")) return undefined;
  const bad = input.spec.volumes.map((v, i) => ({ v, i })).filter(({ v }) => v.source === "hostPath");
  return {
    reason: "hostPath volumes",
    detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad.map(({ v }) => v.name))}`,
    violations: bad.map(({ v, i }) => ({
      field: `${input.specPath}.volumes[${i}].hostPath`,
      message: `hostPath volume "${v.name}" (${v.hostPath?.path ?? ""})`,
    })),
  };
}

/** The host port a container port ends up with: a Pod on the host network gets containerPort defaulted in. */
function effectiveHostPort(
  input: PssInput,
  field: string,
  port: { containerPort: number; hostPort?: number },
) {
  if (port.hostPort) return port.hostPort;
  const defaulted = input.isPod && input.spec.hostNetwork && !field.startsWith("ephemeralContainers[");
  return defaulted ? port.containerPort : 0;
}

function hostPortsOf(c: Container, input: PssInput): { j: number; port: number }[] | undefined {
  let out: { j: number; port: number }[] | undefined;
  c.ports.forEach((p, j) => {
    const port = effectiveHostPort(input, c.field, p);
    if (port !== 0) (out ??= []).push({ j, port });
  });
  return out;
}

function hostPorts(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, hostPortsOf);
  if (!bad) return undefined;
  const list = sortedUnique(bad.flatMap((o) => o.value.map((p) => String(p.port))));
  return {
    reason: "hostPort",
    detail: `${containersOf(namesOf(bad))} ${pluralize("uses", "use", bad.length)} ${pluralize("hostPort", "hostPorts", list.length)} ${list.join(", ")}`,
    violations: bad.flatMap((o) =>
      o.value.map((p) => violationAt(o, `ports[${p.j}].hostPort`, `hostPort: ${p.port}`)),
    ),
  };
}

/** Added capabilities outside the baseline set, compared as written ("CAP_SYS_ADMIN", "sys_admin" are not in it). */
function extraCapabilities(c: Container): string[] | undefined {
  const add = c.security.capabilitiesAdd;
  if (add.every((cap) => BASELINE_CAPABILITIES.has(cap))) return undefined;
  return add.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
}

function capabilitiesBaseline(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, extraCapabilities);
  if (!bad) return undefined;
  return {
    reason: "non-default capabilities",
    detail: `${containersOf(namesOf(bad))} must not include ${joinQuote(sortedUnique(bad.flatMap((o) => o.value)))} in securityContext.capabilities.add`,
    violations: bad.map((o) =>
      violationAt(o, "securityContext.capabilities.add", `adds ${o.value.join(", ")}`),
    ),
  };
}

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const allowedAppArmor = (t: string) => t === "RuntimeDefault" || t === "Localhost";

/**
 * A Pod's container without an appArmorProfile gets it from its deprecated annotation before admission (the pod
 * strategy's version-skew sync, not for Windows pods, and not when it equals the pod's profile); a template does not.
 */
function syncedAppArmor(input: PssInput, container: string): string | undefined {
  if (!input.isPod || input.spec.os === "windows") return undefined;
  const v = input.spec.annotations[APPARMOR_ANNOTATION_PREFIX + container];
  if (v === undefined) return undefined;
  const type =
    v === "runtime/default"
      ? "RuntimeDefault"
      : v === "unconfined"
        ? "Unconfined"
        : v.startsWith("localhost/") && v.length > "localhost/".length
          ? "Localhost"
          : undefined;
  return type === undefined || type === input.spec.security.appArmorProfile ? undefined : type;
}

function forbiddenAppArmor(c: Container, input: PssInput): string | undefined {
  const t = c.security.appArmorProfile ?? syncedAppArmor(input, c.name);
  return t === undefined || allowedAppArmor(t) ? undefined : t;
}

function appArmorProfile(input: PssInput): CheckFailure | undefined {
  const violations: PssViolation[] = [];
  const pod = input.spec.security.appArmorProfile;
  const podBad = pod !== undefined && !allowedAppArmor(pod);
  if (podBad)
    violations.push({
      field: `${input.specPath}.securityContext.appArmorProfile.type`,
      message: `type ${pod}`,
    });
  const bad = offenders(input, forbiddenAppArmor);
  for (const o of bad ?? [])
    violations.push(violationAt(o, "securityContext.appArmorProfile.type", `type ${o.value}`));
  const annotations: string[] = [];
  for (const k in input.spec.annotations) {
    if (!k.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    const v = input.spec.annotations[k] ?? "";
    if (v === "" || v === "runtime/default" || v.startsWith("localhost/")) continue;
    annotations.push(`${k}=${goQuote(v)}`);
    violations.push({ field: `${input.annotationsPath}[${k}]`, message: `AppArmor annotation ${v}` });
  }
  if (violations.length === 0) return undefined;
  const list = sortedUnique([...(podBad ? [pod] : []), ...(bad ?? []).map((o) => o.value)]);
  let setters = settersOf(podBad, bad);
  if (annotations.length > 0) {
    list.push(...annotations.sort());
    const what = pluralize("annotation", "annotations", annotations.length);
    setters = setters ? `${setters} and ${what}` : what;
  }
  return {
    reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", list.length),
    detail: `${setters} must not set AppArmor profile type to ${joinQuote(list)}`,
    violations,
  };
}

interface SeLinuxProblem {
  badType?: string;
  user: boolean;
  role: boolean;
  message: string;
}

function seLinuxProblem(o: SeLinuxOptions | undefined, allowed: readonly string[]) {
  if (!o || (allowed.includes(o.type) && !o.user && !o.role)) return undefined;
  const problems: string[] = [];
  const bad = !allowed.includes(o.type);
  if (bad) problems.push(`type ${o.type}`);
  if (o.user) problems.push(`user ${o.user}`);
  if (o.role) problems.push(`role ${o.role}`);
  const p: SeLinuxProblem = { user: !!o.user, role: !!o.role, message: problems.join(", ") };
  if (bad) p.badType = o.type;
  return p;
}

function seLinuxOptions(allowed: readonly string[]) {
  const probe = (c: Container) => seLinuxProblem(c.security.seLinuxOptions, allowed);
  return (input: PssInput): CheckFailure | undefined => {
    const pod = seLinuxProblem(input.spec.security.seLinuxOptions, allowed);
    const bad = offenders(input, probe);
    if (!pod && !bad) return undefined;
    const all = [...(pod ? [pod] : []), ...(bad ?? []).map((o) => o.value)];
    const data: string[] = [];
    const types = sortedUnique(all.flatMap((p) => (p.badType !== undefined ? [p.badType] : [])));
    if (types.length > 0) data.push(`${pluralize("type", "types", types.length)} ${joinQuote(types)}`);
    if (all.some((p) => p.user)) data.push("user may not be set");
    if (all.some((p) => p.role)) data.push("role may not be set");
    return {
      reason: "seLinuxOptions",
      detail: `${settersOf(pod !== undefined, bad)} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}`,
      violations: [
        ...(pod ? [{ field: `${input.specPath}.securityContext.seLinuxOptions`, message: pod.message }] : []),
        ...(bad ?? []).map((o) => violationAt(o, "securityContext.seLinuxOptions", o.value.message)),
      ],
    };
  };
}

/** procMount other than Default; shared by the baseline check and procMount_restricted. */
export function procMountAny(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, (c) => {
    const pm = c.security.procMount;
    return pm === undefined || pm === "Default" ? undefined : pm;
  });
  if (!bad) return undefined;
  return {
    reason: "procMount",
    detail: `${containersOf(namesOf(bad))} must not set securityContext.procMount to ${joinQuote(sortedUnique(bad.map((o) => o.value)))}`,
    violations: bad.map((o) => violationAt(o, "securityContext.procMount", `procMount: ${o.value}`)),
  };
}

const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

/** Before v1.19 seccomp was set by annotations. */
function seccompAnnotations(input: PssInput): CheckFailure | undefined {
  const valid = (v: string) =>
    v === "runtime/default" || v === "docker/default" || v.startsWith("localhost/");
  const forbidden: string[] = [];
  const violations: PssViolation[] = [];
  const check = (key: string, container?: string) => {
    const v = input.spec.annotations[key];
    if (v === undefined || valid(v)) return;
    forbidden.push(`${key}=${goQuote(v)}`);
    violations.push({
      ...(container ? { container } : {}),
      field: `${input.annotationsPath}[${key}]`,
      message: `seccomp ${v}`,
    });
  };
  check(SECCOMP_POD_ANNOTATION);
  for (const { container: c } of input.containers) check(SECCOMP_CONTAINER_ANNOTATION + c.name, c.name);
  if (forbidden.length === 0) return undefined;
  const list = sortedUnique(forbidden);
  return {
    reason: "seccompProfile",
    detail: `forbidden ${pluralize("annotation", "annotations", list.length)} ${list.join(", ")}`,
    violations,
  };
}

export const validSeccomp = (t: string) => t === "Localhost" || t === "RuntimeDefault";

/** A container's seccomp type when it is set to one that is not allowed. */
export function forbiddenSeccomp(c: Container): string | undefined {
  const t = c.security.seccompProfile;
  return t === undefined || validSeccomp(t) ? undefined : t;
}

function seccompBaseline(input: PssInput): CheckFailure | undefined {
  const pod = input.spec.security.seccompProfile;
  const podBad = pod !== undefined && !validSeccomp(pod);
  const bad = offenders(input, forbiddenSeccomp);
  if (!podBad && !bad) return undefined;
  const values = [...(podBad ? [pod] : []), ...(bad ?? []).map((o) => o.value)];
  return {
    reason: "seccompProfile",
    detail: `${settersOf(podBad, bad)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
    violations: [
      ...(podBad
        ? [{ field: `${input.specPath}.securityContext.seccompProfile.type`, message: `type ${pod}` }]
        : []),
      ...(bad ?? []).map((o) => violationAt(o, "securityContext.seccompProfile.type", `type ${o.value}`)),
    ],
  };
}

function sysctls(allowed: readonly string[]) {
  const set = new Set(allowed);
  return (input: PssInput): CheckFailure | undefined => {
    const names = input.spec.security.sysctls;
    if (names.every((name) => set.has(name))) return undefined;
    const bad = names.map((name, i) => ({ name, i })).filter(({ name }) => !set.has(name));
    return {
      reason: "forbidden sysctls",
      detail: bad.map((b) => b.name).join(", "),
      violations: bad.map(({ name, i }) => ({
        field: `${input.specPath}.securityContext.sysctls[${i}].name`,
        message: `sysctl ${name}`,
      })),
    };
  };
}

function windowsHostProcess(input: PssInput): CheckFailure | undefined {
  const pod = input.spec.security.windowsHostProcess === true;
  const bad = offenders(input, (c) => (c.security.windowsHostProcess === true ? true : undefined));
  if (!pod && !bad) return undefined;
  const field = "securityContext.windowsOptions.hostProcess";
  return {
    reason: "hostProcess",
    detail: `${settersOf(pod, bad)} must not set ${field}=true`,
    violations: [
      ...(pod ? [{ field: `${input.specPath}.${field}`, message: "hostProcess: true" }] : []),
      ...(bad ?? []).map((o) => violationAt(o, field, "hostProcess: true")),
    ],
  };
}

function hostProbesAndHostLifecycle(input: PssInput): CheckFailure | undefined {
  const bad = offenders(input, (c) => (c.probeHosts.length > 0 ? c.probeHosts : undefined));
  if (!bad) return undefined;
  // The plugin collects both in sets: sorted, each once.
  const names = sortedUnique(namesOf(bad));
  const list = sortedUnique(bad.flatMap((o) => o.value.map((h) => h.host)));
  return {
    reason: "probe or lifecycle host",
    detail: `${containersOf(names)} ${pluralize("uses", "use", names.length)} ${pluralize("probe or lifecycle host", "probe or lifecycle hosts", list.length)} ${joinQuote(list)}`,
    violations: bad.flatMap((o) => o.value.map((h) => violationAt(o, h.field, `host ${h.host}`))),
  };
}

export const BASELINE_CHECKS: readonly CheckDefinition[] = [
  { id: "privileged", level: "baseline", versions: [{ minVersion: 0, fn: privileged }] },
  { id: "hostNamespaces", level: "baseline", versions: [{ minVersion: 0, fn: hostNamespaces }] },
  { id: "hostPathVolumes", level: "baseline", versions: [{ minVersion: 0, fn: hostPathVolumes }] },
  { id: "hostPorts", level: "baseline", versions: [{ minVersion: 0, fn: hostPorts }] },
  { id: "capabilities_baseline", level: "baseline", versions: [{ minVersion: 0, fn: capabilitiesBaseline }] },
  { id: "appArmorProfile", level: "baseline", versions: [{ minVersion: 0, fn: appArmorProfile }] },
  {
    id: "seLinuxOptions",
    level: "baseline",
    versions: [
      { minVersion: 0, fn: seLinuxOptions(SELINUX_TYPES_1_0) },
      { minVersion: 31, fn: seLinuxOptions(SELINUX_TYPES_1_31) },
    ],
  },
  {
    id: "procMount",
    level: "baseline",
    versions: [
      { minVersion: 0, fn: procMountAny },
      { minVersion: 35, fn: (i) => (inUserNamespace(i) ? undefined : procMountAny(i)) },
    ],
  },
  {
    id: "seccompProfile_baseline",
    level: "baseline",
    versions: [
      { minVersion: 0, fn: seccompAnnotations },
      { minVersion: 19, fn: seccompBaseline },
    ],
  },
  {
    id: "sysctls",
    level: "baseline",
    versions: [
      { minVersion: 0, fn: sysctls(SYSCTLS_1_0) },
      { minVersion: 27, fn: sysctls(SYSCTLS_1_27) },
      { minVersion: 29, fn: sysctls(SYSCTLS_1_29) },
      { minVersion: 32, fn: sysctls(SYSCTLS_1_32) },
      { minVersion: 37, fn: sysctls(SYSCTLS_1_37) },
    ],
  },
  { id: "windowsHostProcess", level: "baseline", versions: [{ minVersion: 0, fn: windowsHostProcess }] },
  {
    id: "hostProbesAndHostLifecycle",
    level: "baseline",
    versions: [{ minVersion: 34, fn: hostProbesAndHostLifecycle }],
  },
];
