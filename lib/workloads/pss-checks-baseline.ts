import type { SeLinuxOptions } from "@/lib/model/types";
import {
  goQuote,
  inUserNamespace,
  joinQuote,
  pluralize,
  sortedUnique,
  visitContainers,
  type CheckDefinition,
  type CheckFailure,
  type PssInput,
  type PssViolation,
} from "@/lib/workloads/pss-types";

// The baseline checks of the PodSecurity admission plugin (k8s.io/pod-security-admission policy/, v1.37),
// each with the revisions that older policy versions still evaluate (docs/semantics.md §4). Reasons and
// details are the plugin's own words, so an answer can be compared with the API server's message.

const containersOf = (names: readonly string[]) =>
  `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;

function privileged(input: PssInput): CheckFailure | undefined {
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    if (c.security.privileged)
      violations.push({
        container: c.name,
        field: `${path}.securityContext.privileged`,
        message: "privileged: true",
      });
  }
  if (violations.length === 0) return undefined;
  const names = violations.map((v) => v.container as string);
  return {
    reason: "privileged",
    detail: `${containersOf(names)} must not set securityContext.privileged=true`,
    violations,
  };
}

function hostNamespaces(input: PssInput): CheckFailure | undefined {
  const set = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((k) => input.spec[k]);
  if (set.length === 0) return undefined;
  return {
    reason: "host namespaces",
    detail: set.map((k) => `${k}=true`).join(", "),
    violations: set.map((k) => ({ field: `${input.specPath}.${k}`, message: `${k}: true` })),
  };
}

function hostPathVolumes(input: PssInput): CheckFailure | undefined {
  const bad = input.spec.volumes.map((v, i) => ({ v, i })).filter(({ v }) => v.source === "hostPath");
  if (bad.length === 0) return undefined;
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
export function effectiveHostPort(
  input: PssInput,
  field: string,
  port: { containerPort: number; hostPort?: number },
) {
  if (port.hostPort) return port.hostPort;
  const defaulted = input.isPod && input.spec.hostNetwork && !field.startsWith("ephemeralContainers[");
  return defaulted ? port.containerPort : 0;
}

function hostPorts(input: PssInput): CheckFailure | undefined {
  const badContainers: string[] = [];
  const ports: string[] = [];
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    let valid = true;
    c.ports.forEach((p, j) => {
      const hostPort = effectiveHostPort(input, c.field, p);
      if (hostPort === 0) return;
      valid = false;
      ports.push(String(hostPort));
      violations.push({
        container: c.name,
        field: `${path}.ports[${j}].hostPort`,
        message: `hostPort: ${hostPort}`,
      });
    });
    if (!valid) badContainers.push(c.name);
  }
  if (badContainers.length === 0) return undefined;
  const list = sortedUnique(ports);
  return {
    reason: "hostPort",
    detail: `${containersOf(badContainers)} ${pluralize("uses", "use", badContainers.length)} ${pluralize("hostPort", "hostPorts", list.length)} ${list.join(", ")}`,
    violations,
  };
}

export const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

function capabilitiesBaseline(input: PssInput): CheckFailure | undefined {
  const badContainers: string[] = [];
  const caps: string[] = [];
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    // Compared as written: "CAP_SYS_ADMIN" or "sys_admin" are not in the set either.
    const extra = c.security.capabilitiesAdd.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (extra.length === 0) continue;
    badContainers.push(c.name);
    caps.push(...extra);
    violations.push({
      container: c.name,
      field: `${path}.securityContext.capabilities.add`,
      message: `adds ${extra.join(", ")}`,
    });
  }
  if (badContainers.length === 0) return undefined;
  return {
    reason: "non-default capabilities",
    detail: `${containersOf(badContainers)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`,
    violations,
  };
}

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/**
 * A Pod's container without an appArmorProfile gets it from its deprecated annotation before admission (the pod
 * strategy's version-skew sync, not for Windows pods, and not when it equals the pod's profile); a template does not.
 */
function syncedAppArmor(input: PssInput, container: string): string | undefined {
  if (!input.isPod || input.spec.os === "windows") return undefined;
  const v = input.spec.annotations[APPARMOR_ANNOTATION_PREFIX + container];
  const type =
    v === "runtime/default"
      ? "RuntimeDefault"
      : v === "unconfined"
        ? "Unconfined"
        : v?.startsWith("localhost/") && v.length > "localhost/".length
          ? "Localhost"
          : undefined;
  return type === undefined || type === input.spec.security.appArmorProfile ? undefined : type;
}

function appArmorProfile(input: PssInput): CheckFailure | undefined {
  const allowedType = (t: string) => t === "RuntimeDefault" || t === "Localhost";
  const setters: string[] = [];
  const values: string[] = [];
  const violations: PssViolation[] = [];
  const pod = input.spec.security.appArmorProfile;
  if (pod !== undefined && !allowedType(pod)) {
    setters.push("pod");
    values.push(pod);
    violations.push({
      field: `${input.specPath}.securityContext.appArmorProfile.type`,
      message: `type ${pod}`,
    });
  }
  const badContainers: string[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    const t = c.security.appArmorProfile ?? syncedAppArmor(input, c.name);
    if (t === undefined || allowedType(t)) continue;
    badContainers.push(c.name);
    values.push(t);
    violations.push({
      container: c.name,
      field: `${path}.securityContext.appArmorProfile.type`,
      message: `type ${t}`,
    });
  }
  if (badContainers.length > 0) setters.push(containersOf(badContainers));
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(input.spec.annotations)) {
    if (!k.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    if (v === "" || v === "runtime/default" || v.startsWith("localhost/")) continue;
    annotations.push(`${k}=${goQuote(v)}`);
    violations.push({ field: `${input.annotationsPath}[${k}]`, message: `AppArmor annotation ${v}` });
  }
  const list = sortedUnique(values);
  if (annotations.length > 0) {
    list.push(...annotations.sort());
    setters.push(pluralize("annotation", "annotations", annotations.length));
  }
  if (setters.length === 0) return undefined;
  return {
    reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", list.length),
    detail: `${setters.join(" and ")} must not set AppArmor profile type to ${joinQuote(list)}`,
    violations,
  };
}

const SELINUX_TYPES_1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, "container_engine_t"];

function seLinuxOptions(allowed: readonly string[]) {
  return (input: PssInput): CheckFailure | undefined => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const violations: PssViolation[] = [];
    const valid = (o: SeLinuxOptions, field: string, container?: string) => {
      const problems: string[] = [];
      if (!allowed.includes(o.type)) {
        badTypes.push(o.type);
        problems.push(`type ${o.type}`);
      }
      if (o.user) {
        setUser = true;
        problems.push(`user ${o.user}`);
      }
      if (o.role) {
        setRole = true;
        problems.push(`role ${o.role}`);
      }
      if (problems.length > 0)
        violations.push({ ...(container ? { container } : {}), field, message: problems.join(", ") });
      return problems.length === 0;
    };
    const setters: string[] = [];
    const pod = input.spec.security.seLinuxOptions;
    if (pod && !valid(pod, `${input.specPath}.securityContext.seLinuxOptions`)) setters.push("pod");
    const badContainers: string[] = [];
    for (const { container: c, path } of visitContainers(input)) {
      const o = c.security.seLinuxOptions;
      if (o && !valid(o, `${path}.securityContext.seLinuxOptions`, c.name)) badContainers.push(c.name);
    }
    if (badContainers.length > 0) setters.push(containersOf(badContainers));
    if (setters.length === 0) return undefined;
    const data: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) data.push(`${pluralize("type", "types", types.length)} ${joinQuote(types)}`);
    if (setUser) data.push("user may not be set");
    if (setRole) data.push("role may not be set");
    return {
      reason: "seLinuxOptions",
      detail: `${setters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}`,
      violations,
    };
  };
}

/** procMount other than Default; shared by the baseline check and procMount_restricted. */
export function procMountAny(input: PssInput): CheckFailure | undefined {
  const badContainers: string[] = [];
  const types: string[] = [];
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    const pm = c.security.procMount;
    if (pm === undefined || pm === "Default") continue;
    badContainers.push(c.name);
    types.push(pm);
    violations.push({
      container: c.name,
      field: `${path}.securityContext.procMount`,
      message: `procMount: ${pm}`,
    });
  }
  if (badContainers.length === 0) return undefined;
  return {
    reason: "procMount",
    detail: `${containersOf(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
    violations,
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
  for (const { container: c } of visitContainers(input)) check(SECCOMP_CONTAINER_ANNOTATION + c.name, c.name);
  if (forbidden.length === 0) return undefined;
  const list = sortedUnique(forbidden);
  return {
    reason: "seccompProfile",
    detail: `forbidden ${pluralize("annotation", "annotations", list.length)} ${list.join(", ")}`,
    violations,
  };
}

export const validSeccomp = (t: string) => t === "Localhost" || t === "RuntimeDefault";

function seccompBaseline(input: PssInput): CheckFailure | undefined {
  const setters: string[] = [];
  const values: string[] = [];
  const violations: PssViolation[] = [];
  const pod = input.spec.security.seccompProfile;
  if (pod !== undefined && !validSeccomp(pod)) {
    setters.push("pod");
    values.push(pod);
    violations.push({
      field: `${input.specPath}.securityContext.seccompProfile.type`,
      message: `type ${pod}`,
    });
  }
  const bad: string[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    const t = c.security.seccompProfile;
    if (t === undefined || validSeccomp(t)) continue;
    bad.push(c.name);
    values.push(t);
    violations.push({
      container: c.name,
      field: `${path}.securityContext.seccompProfile.type`,
      message: `type ${t}`,
    });
  }
  if (bad.length > 0) setters.push(containersOf(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: "seccompProfile",
    detail: `${setters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
    violations,
  };
}

const SYSCTLS_1_0 = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, "net.ipv4.ip_local_reserved_ports"];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

function sysctls(allowed: readonly string[]) {
  const set = new Set(allowed);
  return (input: PssInput): CheckFailure | undefined => {
    const bad = input.spec.security.sysctls
      .map((name, i) => ({ name, i }))
      .filter(({ name }) => !set.has(name));
    if (bad.length === 0) return undefined;
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
  const violations: PssViolation[] = [];
  const bad: string[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    if (c.security.windowsHostProcess !== true) continue;
    bad.push(c.name);
    violations.push({
      container: c.name,
      field: `${path}.securityContext.windowsOptions.hostProcess`,
      message: "hostProcess: true",
    });
  }
  const setters: string[] = [];
  if (input.spec.security.windowsHostProcess === true) {
    setters.push("pod");
    violations.unshift({
      field: `${input.specPath}.securityContext.windowsOptions.hostProcess`,
      message: "hostProcess: true",
    });
  }
  if (bad.length > 0) setters.push(containersOf(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: "hostProcess",
    detail: `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true`,
    violations,
  };
}

function hostProbesAndHostLifecycle(input: PssInput): CheckFailure | undefined {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  const violations: PssViolation[] = [];
  for (const { container: c, path } of visitContainers(input)) {
    if (c.probeHosts.length === 0) continue;
    badContainers.push(c.name);
    for (const h of c.probeHosts) {
      hosts.push(h.host);
      violations.push({ container: c.name, field: `${path}.${h.field}`, message: `host ${h.host}` });
    }
  }
  if (badContainers.length === 0) return undefined;
  // The plugin collects both in sets: sorted, each once.
  const names = sortedUnique(badContainers);
  const list = sortedUnique(hosts);
  return {
    reason: "probe or lifecycle host",
    detail: `${containersOf(names)} ${pluralize("uses", "use", names.length)} ${pluralize("probe or lifecycle host", "probe or lifecycle hosts", list.length)} ${joinQuote(list)}`,
    violations,
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
