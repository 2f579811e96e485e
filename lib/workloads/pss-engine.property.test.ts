import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyContainer, emptyPodSpec, type Container, type PodSpecSummary } from "@/lib/model/types";
import { evaluatePolicy, LATEST_MINOR } from "@/lib/workloads/pss-policy";
import { pssInput, type PssInput } from "@/lib/workloads/pss-types";

// The engine against a naive reference: the Pod Security Standards table at v1.37 read literally, one predicate
// per check, no versions, no shared helpers. Random pod specs over the values that matter.

const BASELINE_CAPS = [
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
];
const SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
  "net.ipv4.tcp_slow_start_after_idle",
  "net.ipv4.tcp_notsent_lowat",
];
const OK_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

function naive(input: PssInput): { baseline: string[]; restricted: string[] } {
  const s = input.spec;
  const all: Container[] = [...s.initContainers, ...s.containers];
  const win = s.os === "windows";
  const userns = s.hostUsers === false;
  const okProfile = (t?: string) => t === undefined || t === "RuntimeDefault" || t === "Localhost";
  const badSeLinux = (o?: { type: string; user: string; role: string }) =>
    !!o &&
    (!["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"].includes(o.type) ||
      !!o.user ||
      !!o.role);
  const b: Record<string, boolean> = {
    hostNamespaces: s.hostNetwork || s.hostPID || s.hostIPC,
    privileged: all.some((c) => c.security.privileged),
    capabilities_baseline: all.some((c) =>
      c.security.capabilitiesAdd.some((x) => !BASELINE_CAPS.includes(x)),
    ),
    hostPathVolumes: s.volumes.some((v) => v.source === "hostPath"),
    hostPorts: all.some((c) =>
      c.ports.some(
        (p) => (p.hostPort ?? 0) !== 0 || (input.isPod && s.hostNetwork && !c.field.startsWith("ephemeral")),
      ),
    ),
    appArmorProfile:
      !okProfile(s.security.appArmorProfile) ||
      all.some((c) => !okProfile(c.security.appArmorProfile)) ||
      Object.entries(s.annotations).some(
        ([k, v]) =>
          k.startsWith("container.apparmor.security.beta.kubernetes.io/") &&
          !(v === "" || v === "runtime/default" || v.startsWith("localhost/")),
      ),
    seLinuxOptions:
      badSeLinux(s.security.seLinuxOptions) || all.some((c) => badSeLinux(c.security.seLinuxOptions)),
    procMount:
      !userns && all.some((c) => c.security.procMount !== undefined && c.security.procMount !== "Default"),
    seccompProfile_baseline:
      !okProfile(s.security.seccompProfile) || all.some((c) => !okProfile(c.security.seccompProfile)),
    sysctls: s.security.sysctls.some((x) => !SYSCTLS.includes(x)),
    windowsHostProcess:
      s.security.windowsHostProcess === true || all.some((c) => c.security.windowsHostProcess === true),
    hostProbesAndHostLifecycle: all.some((c) => c.probeHosts.length > 0),
  };
  const podSeccompOk =
    s.security.seccompProfile === "RuntimeDefault" || s.security.seccompProfile === "Localhost";
  const r: Record<string, boolean> = {
    allowPrivilegeEscalation: !win && all.some((c) => c.security.allowPrivilegeEscalation !== false),
    capabilities_restricted:
      !win &&
      all.some(
        (c) =>
          !c.security.capabilitiesDrop.includes("ALL") ||
          c.security.capabilitiesAdd.some((x) => x !== "NET_BIND_SERVICE"),
      ),
    runAsNonRoot:
      !userns &&
      (s.security.runAsNonRoot === false ||
        all.some(
          (c) =>
            c.security.runAsNonRoot === false ||
            (c.security.runAsNonRoot === undefined && s.security.runAsNonRoot !== true),
        )),
    runAsUser: !userns && (s.security.runAsUser === 0 || all.some((c) => c.security.runAsUser === 0)),
    seccompProfile_restricted:
      !win &&
      (!okProfile(s.security.seccompProfile) ||
        all.some(
          (c) =>
            !okProfile(c.security.seccompProfile) ||
            (c.security.seccompProfile === undefined && !podSeccompOk),
        )),
    restrictedVolumes: s.volumes.some((v) => !OK_VOLUMES.includes(v.source)),
    procMount_restricted: all.some(
      (c) => c.security.procMount !== undefined && c.security.procMount !== "Default",
    ),
  };
  const overridden = ["capabilities_baseline", "hostPathVolumes", "seccompProfile_baseline", "procMount"];
  const failing = (m: Record<string, boolean>) =>
    Object.keys(m)
      .filter((k) => m[k])
      .sort();
  return {
    baseline: failing(b),
    restricted: [...failing(b).filter((k) => !overridden.includes(k)), ...failing(r)],
  };
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const profile = maybe(fc.constantFrom("RuntimeDefault", "Localhost", "Unconfined"));
const caps = fc.subarray(["CHOWN", "SYS_ADMIN", "NET_BIND_SERVICE", "ALL", "all", "CAP_CHOWN", "NET_RAW"]);
const seLinux = maybe(
  fc.record({
    type: fc.constantFrom("", "container_t", "container_engine_t", "spc_t"),
    user: fc.constantFrom("", "root"),
    role: fc.constantFrom("", "r"),
  }),
);

const container = (field: string) =>
  fc
    .record({
      privileged: fc.boolean(),
      allowPrivilegeEscalation: maybe(fc.boolean()),
      runAsNonRoot: maybe(fc.boolean()),
      runAsUser: maybe(fc.constantFrom(0, 1000)),
      add: caps,
      drop: caps,
      seccomp: profile,
      apparmor: profile,
      seLinux,
      procMount: maybe(fc.constantFrom("Default", "Unmasked")),
      hostProcess: maybe(fc.boolean()),
      ports: fc.array(
        fc.record({ containerPort: fc.constantFrom(80, 8080), hostPort: maybe(fc.constantFrom(0, 80)) }),
        { maxLength: 2 },
      ),
      probeHost: fc.boolean(),
    })
    .map((c): Container => ({
      ...emptyContainer(`c-${field}`),
      field,
      ports: c.ports.map((p) => ({
        containerPort: p.containerPort,
        protocol: "TCP",
        ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
      })),
      probeHosts: c.probeHost ? [{ field: "livenessProbe.httpGet.host", host: "10.0.0.1" }] : [],
      security: {
        privileged: c.privileged,
        readOnlyRootFilesystem: false,
        capabilitiesAdd: c.add,
        capabilitiesDrop: c.drop,
        ...(c.allowPrivilegeEscalation !== undefined
          ? { allowPrivilegeEscalation: c.allowPrivilegeEscalation }
          : {}),
        ...(c.runAsNonRoot !== undefined ? { runAsNonRoot: c.runAsNonRoot } : {}),
        ...(c.runAsUser !== undefined ? { runAsUser: c.runAsUser } : {}),
        ...(c.seccomp !== undefined ? { seccompProfile: c.seccomp } : {}),
        ...(c.apparmor !== undefined ? { appArmorProfile: c.apparmor } : {}),
        ...(c.seLinux !== undefined ? { seLinuxOptions: c.seLinux } : {}),
        ...(c.procMount !== undefined ? { procMount: c.procMount } : {}),
        ...(c.hostProcess !== undefined ? { windowsHostProcess: c.hostProcess } : {}),
      },
    }));

const podSpec: fc.Arbitrary<{ spec: PodSpecSummary; isPod: boolean }> = fc
  .record({
    isPod: fc.boolean(),
    containers: fc.array(container("containers[0]"), { minLength: 1, maxLength: 2 }),
    init: fc.array(container("initContainers[0]"), { maxLength: 1 }),
    ephemeral: fc.array(container("ephemeralContainers[0]"), { maxLength: 1 }),
    hostNetwork: fc.boolean(),
    hostPID: fc.boolean(),
    hostIPC: fc.boolean(),
    hostUsers: maybe(fc.boolean()),
    os: maybe(fc.constantFrom("linux", "windows")),
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.constantFrom(0, 1000)),
    seccomp: profile,
    apparmor: profile,
    seLinux,
    sysctls: fc.subarray(["net.ipv4.tcp_notsent_lowat", "kernel.msgmax", "net.ipv4.tcp_syncookies"]),
    volumes: fc.subarray(["emptyDir", "hostPath", "nfs", "secret", "gitRepo", "csi"]),
    annotation: maybe(fc.constantFrom("unconfined", "runtime/default", "localhost/p")),
  })
  .map((r) => ({
    isPod: r.isPod,
    spec: {
      ...emptyPodSpec(),
      annotations: Object.fromEntries(
        r.annotation !== undefined
          ? [["container.apparmor.security.beta.kubernetes.io/zz", r.annotation]]
          : [],
      ),
      containers: r.containers.map((c, i) => ({ ...c, name: `c${i}`, field: `containers[${i}]` })),
      initContainers: [
        ...r.init.map((c, i) => ({ ...c, name: `i${i}`, field: `initContainers[${i}]`, ports: [] })),
        ...r.ephemeral.map((c, i) => ({
          ...c,
          name: `e${i}`,
          field: `ephemeralContainers[${i}]`,
          ports: [],
        })),
      ],
      hostNetwork: r.hostNetwork,
      hostPID: r.hostPID,
      hostIPC: r.hostIPC,
      ...(r.hostUsers !== undefined ? { hostUsers: r.hostUsers } : {}),
      ...(r.os !== undefined ? { os: r.os } : {}),
      volumes: r.volumes.map((source) => ({ name: source.toLowerCase(), source })),
      security: {
        sysctls: r.sysctls,
        ...(r.runAsNonRoot !== undefined ? { runAsNonRoot: r.runAsNonRoot } : {}),
        ...(r.runAsUser !== undefined ? { runAsUser: r.runAsUser } : {}),
        ...(r.seccomp !== undefined ? { seccompProfile: r.seccomp } : {}),
        ...(r.apparmor !== undefined ? { appArmorProfile: r.apparmor } : {}),
        ...(r.seLinux !== undefined ? { seLinuxOptions: r.seLinux } : {}),
      },
    },
  }));

describe("the Pod Security engine against a naive reading of the standard", () => {
  it("fails the same checks at baseline and restricted (v1.37) for random pods and templates", () => {
    fc.assert(
      fc.property(podSpec, ({ spec, isPod }) => {
        const input = pssInput(spec, "spec", "metadata.annotations", isPod);
        const expected = naive(input);
        const got = (level: "baseline" | "restricted") =>
          evaluatePolicy(input, { level, minor: LATEST_MINOR }).map((f) => f.check);
        expect(got("baseline")).toEqual(expected.baseline);
        expect(got("restricted")).toEqual(expected.restricted);
      }),
      { numRuns: 800, seed: 14 },
    );
  });
});
