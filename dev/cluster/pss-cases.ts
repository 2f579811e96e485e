// Generated workloads for the Pod Security differential test (dev/cluster/pss-differential.integration.test.ts):
// a seeded, reproducible set that covers the cases where a plausible reading of the standard goes wrong, every
// object valid for the API server (so admission, not validation, answers). Test-only code.

type Raw = Record<string, unknown>;

export interface PssNamespace {
  name: string;
  level: "baseline" | "restricted";
  version?: string;
}

/** Namespaces that enforce baseline or restricted, at latest and pinned to versions where checks change. */
export const PSS_NAMESPACES: readonly PssNamespace[] = [
  { name: "pss-baseline", level: "baseline" },
  { name: "pss-restricted", level: "restricted" },
  { name: "pss-restricted-v1-18", level: "restricted", version: "v1.18" },
  { name: "pss-restricted-v1-22", level: "restricted", version: "v1.22" },
  { name: "pss-baseline-v1-30", level: "baseline", version: "v1.30" },
  { name: "pss-baseline-v1-33", level: "baseline", version: "v1.33" },
  { name: "pss-restricted-v1-34", level: "restricted", version: "v1.34" },
  { name: "pss-baseline-v1-36", level: "baseline", version: "v1.36" },
  { name: "pss-restricted-v1-99", level: "restricted", version: "v1.99" },
];

export function namespaceObject(ns: PssNamespace): Raw {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: ns.name,
      labels: {
        "pod-security.kubernetes.io/enforce": ns.level,
        ...(ns.version ? { "pod-security.kubernetes.io/enforce-version": ns.version } : {}),
      },
    },
  };
}

/** mulberry32: a small seeded generator, so every run checks the same workloads. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}
type Rng = ReturnType<typeof rng>;

const CAPS = [
  "CHOWN",
  "NET_BIND_SERVICE",
  "SYS_ADMIN",
  "NET_RAW",
  "CAP_CHOWN",
  "chown",
  "ALL",
  "all",
  "SYS_PTRACE",
];
const SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.tcp_notsent_lowat",
  "net.ipv4.tcp_rmem",
  "kernel.msgmax",
  "net.ipv4.ip_local_reserved_ports",
  "net.core.somaxconn",
];
const SECCOMP = ["RuntimeDefault", "Localhost", "Unconfined"];
const SELINUX_TYPES = ["container_t", "container_engine_t", "spc_t", ""];

function seccomp(r: Rng): Raw {
  const type = r.pick(SECCOMP);
  return type === "Localhost" ? { type, localhostProfile: "profiles/audit.json" } : { type };
}
function apparmor(r: Rng): Raw {
  const type = r.pick(["RuntimeDefault", "Localhost", "Unconfined"]);
  return type === "Localhost" ? { type, localhostProfile: "k8s-apparmor-example" } : { type };
}

interface Shape {
  windows: boolean;
  userns: boolean;
  hostNetwork: boolean;
  podAppArmor: boolean;
}

/** A container's securityContext: each field absent, good or bad, independently. */
function securityContext(r: Rng, shape: Shape, ephemeral: boolean): Raw | undefined {
  if (r.chance(0.12)) return undefined;
  const sc: Raw = {};
  if (shape.windows) {
    if (r.chance(0.5)) sc["runAsNonRoot"] = r.chance(0.8);
    return sc;
  }
  if (r.chance(0.1)) sc["privileged"] = r.chance(0.5);
  if (r.chance(0.8))
    sc["allowPrivilegeEscalation"] = r.chance(0.2) && sc["privileged"] !== true ? true : false;
  if (sc["privileged"] === true) sc["allowPrivilegeEscalation"] = true;
  if (r.chance(0.6)) sc["runAsNonRoot"] = r.chance(0.85);
  if (r.chance(0.2)) sc["runAsUser"] = r.pick([0, 1000, 65534]);
  if (r.chance(0.75)) {
    const caps: Raw = {};
    if (r.chance(0.85)) caps["drop"] = r.chance(0.8) ? ["ALL"] : [r.pick(CAPS)];
    if (r.chance(0.3)) caps["add"] = [...new Set([r.pick(CAPS), r.pick(CAPS)])].slice(0, r.int(1, 2));
    sc["capabilities"] = caps;
  }
  if (r.chance(0.4)) sc["seccompProfile"] = seccomp(r);
  if (!shape.podAppArmor && r.chance(0.12)) sc["appArmorProfile"] = apparmor(r);
  if (r.chance(0.1))
    sc["seLinuxOptions"] = { type: r.pick(SELINUX_TYPES), ...(r.chance(0.3) ? { user: "system_u" } : {}) };
  if (shape.userns && r.chance(0.4)) sc["procMount"] = r.pick(["Default", "Unmasked"]);
  if (!ephemeral && r.chance(0.3)) sc["readOnlyRootFilesystem"] = true;
  return sc;
}

function container(
  r: Rng,
  name: string,
  shape: Shape,
  kind: "init" | "main" | "ephemeral",
  port: number,
): Raw {
  const c: Raw = {
    name,
    image: r.pick(["registry.example/app:1.0", "nginx", "busybox@sha256:" + "a".repeat(64)]),
  };
  const sc = securityContext(r, shape, kind === "ephemeral");
  if (sc) c["securityContext"] = sc;
  if (kind !== "ephemeral" && r.chance(0.4)) {
    const hostPort = shape.hostNetwork
      ? r.chance(0.5)
        ? port
        : undefined
      : r.chance(0.3)
        ? port + 1000
        : undefined;
    c["ports"] = [{ containerPort: port, ...(hostPort ? { hostPort } : {}) }];
  }
  if (kind === "main" && !shape.windows && r.chance(0.12))
    c["livenessProbe"] = r.chance(0.5)
      ? { httpGet: { host: r.pick(["10.0.0.1", "metadata.internal"]), port: 80 } }
      : { tcpSocket: { host: "10.0.0.1", port: 80 } };
  if (kind === "main" && !shape.windows && r.chance(0.06))
    c["lifecycle"] = { preStop: { httpGet: { host: "169.254.169.254", port: 80 } } };
  return c;
}

const VOLUMES: readonly ((name: string) => Raw)[] = [
  (name) => ({ name, emptyDir: {} }),
  (name) => ({ name }), // no source: defaulted to emptyDir
  (name) => ({ name, configMap: { name: "cm" } }),
  (name) => ({ name, secret: { secretName: "s" } }),
  (name) => ({ name, hostPath: { path: "/var/run/docker.sock" } }),
  (name) => ({ name, hostPath: { path: "/data" } }),
  (name) => ({ name, nfs: { server: "nfs.example", path: "/exports" } }),
  (name) => ({ name, persistentVolumeClaim: { claimName: "pvc" } }),
  (name) => ({ name, projected: { sources: [] } }),
  (name) => ({ name, downwardAPI: { items: [] } }),
  (name) => ({ name, gitRepo: { repository: "https://git.example/repo" } }),
];

/** A pod spec and the annotations of its pod. */
export function podSpec(
  r: Rng,
  opts: { forTemplate: boolean },
): { spec: Raw; annotations: Record<string, string> } {
  const windows = r.chance(0.08);
  const userns = !windows && r.chance(0.15);
  const hostNetwork = !userns && r.chance(windows ? 0.5 : 0.12);
  const hostProcess = windows && hostNetwork && r.chance(0.6);
  const podAppArmor = !windows && r.chance(0.1);
  const shape: Shape = { windows, userns, hostNetwork, podAppArmor };
  const spec: Raw = { ...(opts.forTemplate ? {} : { restartPolicy: "Never" }) };
  if (windows) spec["os"] = { name: "windows" };
  if (userns) spec["hostUsers"] = false;
  if (hostNetwork) spec["hostNetwork"] = true;
  if (!windows && !userns && r.chance(0.06)) spec["hostPID"] = true;
  if (!windows && !userns && r.chance(0.05)) spec["hostIPC"] = true;
  const psc: Raw = {};
  if (r.chance(0.55)) psc["runAsNonRoot"] = r.chance(0.8);
  if (!windows) {
    if (r.chance(0.15)) psc["runAsUser"] = r.pick([0, 1000]);
    if (r.chance(0.5)) psc["seccompProfile"] = r.chance(0.85) ? { type: "RuntimeDefault" } : seccomp(r);
    if (podAppArmor) psc["appArmorProfile"] = apparmor(r);
    if (r.chance(0.08))
      psc["seLinuxOptions"] = { type: r.pick(SELINUX_TYPES), ...(r.chance(0.3) ? { role: "object_r" } : {}) };
    // Namespaced sysctls may not be set on a pod that shares the host's network or IPC namespace.
    if (!hostNetwork && spec["hostIPC"] !== true && r.chance(0.1))
      psc["sysctls"] = [...new Set([r.pick(SYSCTLS), r.pick(SYSCTLS)])].map((name) => ({ name, value: "1" }));
  }
  if (hostProcess) psc["windowsOptions"] = { hostProcess: true };
  if (Object.keys(psc).length > 0) spec["securityContext"] = psc;
  const containers = Array.from({ length: r.int(1, 2) }, (_, i) =>
    container(r, `app${i}`, shape, "main", 8080 + i),
  );
  const init = r.chance(0.25) ? [container(r, "init0", shape, "init", 9090)] : [];
  if (hostProcess) {
    // Every container of a HostProcess pod must be one too.
    for (const c of [...containers, ...init])
      c["securityContext"] = {
        ...((c["securityContext"] as Raw) ?? {}),
        windowsOptions: { hostProcess: true },
      };
  }
  spec["containers"] = containers;
  if (init.length > 0) spec["initContainers"] = init;
  if (r.chance(0.4) && !hostProcess) {
    const count = r.int(1, 2);
    spec["volumes"] = Array.from({ length: count }, (_, i) =>
      r.pick(windows ? VOLUMES.slice(0, 4) : VOLUMES)(`vol${i}`),
    );
  }
  const annotations: Record<string, string> = {};
  if (!windows && !podAppArmor && r.chance(0.08)) {
    const target = containers[0] as Raw;
    const sc = target["securityContext"] as Raw | undefined;
    if (!sc?.["appArmorProfile"])
      annotations[`container.apparmor.security.beta.kubernetes.io/${target["name"] as string}`] = r.pick([
        "unconfined",
        "runtime/default",
        "localhost/k8s-apparmor-example",
      ]);
  }
  // The API server requires the old seccomp annotation to agree with the field: only without the field.
  if (!windows && psc["seccompProfile"] === undefined && r.chance(0.05))
    annotations["seccomp.security.alpha.kubernetes.io/pod"] = r.pick(["unconfined", "runtime/default"]);
  return { spec, annotations };
}

export interface PssCase {
  id: number;
  namespace: string;
  /** The object to create with dryRun=All. */
  object: Raw;
  kind: string;
  name: string;
}

const CONTROLLERS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const;

export function generateCases(seed: number, count: number): PssCase[] {
  const r = rng(seed);
  const cases: PssCase[] = [];
  for (let id = 0; id < count; id++) {
    const ns = r.pick(PSS_NAMESPACES).name;
    const isPod = r.chance(0.6);
    const kind = isPod ? "Pod" : r.pick(CONTROLLERS);
    const name = `w${id}`;
    const { spec, annotations } = podSpec(r, { forTemplate: !isPod });
    if (kind === "Pod") {
      cases.push({
        id,
        namespace: ns,
        kind,
        name,
        object: { apiVersion: "v1", kind, metadata: { name, namespace: ns, annotations }, spec },
      });
      continue;
    }
    const labels = { app: name };
    const job = kind === "Job" || kind === "CronJob";
    const template = {
      metadata: { labels, annotations },
      spec: { ...spec, ...(job ? { restartPolicy: "Never" } : {}) },
    };
    const apiVersion = job ? "batch/v1" : "apps/v1";
    const body: Raw =
      kind === "CronJob"
        ? { schedule: "@daily", jobTemplate: { spec: { template } } }
        : kind === "Job"
          ? { template }
          : {
              selector: { matchLabels: labels },
              template,
              ...(kind === "StatefulSet" ? { serviceName: name } : {}),
            };
    cases.push({
      id,
      namespace: ns,
      kind,
      name,
      object: { apiVersion, kind, metadata: { name, namespace: ns }, spec: body },
    });
  }
  return cases;
}

/** A pod that passes restricted, to which the ephemeral-container cases add one container. */
export function ephemeralBase(namespace: string): Raw {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "ephemeral-base", namespace },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image: "registry.example/app:1.0",
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

export function ephemeralContainer(r: Rng, i: number): Raw {
  const shape: Shape = { windows: false, userns: false, hostNetwork: false, podAppArmor: false };
  return { ...container(r, `debug${i}`, shape, "ephemeral", 0), targetContainerName: "app" };
}
