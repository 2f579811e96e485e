import { describe, expect, it } from "vitest";
import { detailOf, failedChecks, failures, good, levelOfPod, withSc } from "@/lib/workloads/testing";

// Each check of the PodSecurity plugin (v1.37) on hand-made pods, with the reading that looks right but is not.

describe("baseline checks", () => {
  it("privileged: fails for an init container too, not for privileged: false", () => {
    expect(failedChecks({ containers: [withSc({ privileged: false })] }, "baseline")).toEqual([]);
    expect(
      failedChecks(
        { initContainers: [withSc({ privileged: true }, "init")], containers: [good()] },
        "baseline",
      ),
    ).toEqual(["privileged"]);
    expect(
      detailOf({ initContainers: [withSc({ privileged: true }, "init")], containers: [good()] }, "baseline"),
    ).toBe('privileged (container "init" must not set securityContext.privileged=true)');
  });

  it("hostNamespaces: names each host namespace in the plugin's order", () => {
    expect(detailOf({ hostIPC: true, hostPID: true, containers: [good()] }, "baseline")).toBe(
      "host namespaces (hostPID=true, hostIPC=true)",
    );
  });

  it("hostPorts: a Pod on the host network gets its containerPorts as hostPorts, a template does not", () => {
    const spec = {
      hostNetwork: true,
      containers: [{ ...good(), ports: [{ containerPort: 8080 }, { containerPort: 9 }] }],
    };
    expect(failedChecks(spec, "baseline")).toEqual(["hostNamespaces", "hostPorts"]);
    expect(detailOf(spec, "baseline")).toBe(
      'host namespaces (hostNetwork=true), hostPort (container "app" uses hostPorts 8080, 9)',
    );
    expect(failedChecks(spec, "baseline", "latest", { template: true })).toEqual(["hostNamespaces"]);
  });

  it("hostPathVolumes: a volume without a source is an emptyDir, not a violation", () => {
    expect(failedChecks({ containers: [good()], volumes: [{ name: "scratch" }] }, "restricted")).toEqual([]);
    expect(
      failedChecks(
        { containers: [good()], volumes: [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }] },
        "baseline",
      ),
    ).toEqual(["hostPathVolumes"]);
  });

  it("restricted replaces hostPathVolumes by restrictedVolumes, which also rejects nfs", () => {
    const spec = {
      containers: [good()],
      volumes: [
        { name: "h", hostPath: { path: "/" } },
        { name: "n", nfs: { server: "nfs.example", path: "/" } },
      ],
    };
    expect(failedChecks(spec, "restricted")).toEqual(["restrictedVolumes"]);
    expect(detailOf(spec, "restricted")).toBe(
      'restricted volume types (volumes "h", "n" use restricted volume types "hostPath", "nfs")',
    );
  });

  it("capabilities_baseline compares names literally: CHOWN is allowed, chown and CAP_CHOWN are not", () => {
    expect(failedChecks({ containers: [withSc({ capabilities: { add: ["CHOWN"] } })] }, "baseline")).toEqual(
      [],
    );
    expect(
      detailOf(
        { containers: [withSc({ capabilities: { add: ["chown", "CAP_CHOWN", "SYS_ADMIN"] } })] },
        "baseline",
      ),
    ).toBe(
      'non-default capabilities (container "app" must not include "CAP_CHOWN", "SYS_ADMIN", "chown" in securityContext.capabilities.add)',
    );
  });

  it("appArmorProfile: Unconfined by field or by annotation; a Pod's annotation also sets the container's field", () => {
    expect(
      failedChecks(
        { containers: [withSc({ appArmorProfile: { type: "Localhost", localhostProfile: "p" } })] },
        "baseline",
      ),
    ).toEqual([]);
    const annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" };
    expect(detailOf({ containers: [good()] }, "baseline", "latest", { annotations })).toBe(
      'forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    );
    expect(detailOf({ containers: [good()] }, "baseline", "latest", { annotations, template: true })).toBe(
      'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    );
  });

  it("seLinuxOptions: container_engine_t is allowed from v1.31 only; a user is never", () => {
    const spec = { containers: [withSc({ seLinuxOptions: { type: "container_engine_t" } })] };
    expect(failedChecks(spec, "baseline")).toEqual([]);
    expect(failedChecks(spec, "baseline", "v1.30")).toEqual(["seLinuxOptions"]);
    expect(
      detailOf({ securityContext: { seLinuxOptions: { user: "root" } }, containers: [good()] }, "baseline"),
    ).toBe("seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: user may not be set)");
  });

  it("procMount: hostUsers false relaxes baseline from v1.35, never restricted", () => {
    const spec = { hostUsers: false, containers: [withSc({ procMount: "Unmasked" })] };
    expect(failedChecks(spec, "baseline")).toEqual([]);
    expect(failedChecks(spec, "baseline", "v1.34")).toEqual(["procMount"]);
    expect(failedChecks(spec, "restricted")).toEqual(["procMount_restricted"]);
    expect(failedChecks(spec, "restricted", "v1.34")).toEqual(["procMount"]);
  });

  it("seccompProfile: a pod-level Unconfined fails even when every container sets RuntimeDefault", () => {
    const spec = { securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [good()] };
    expect(failedChecks(spec, "baseline")).toEqual(["seccompProfile_baseline"]);
    expect(detailOf(spec, "restricted")).toBe(
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });

  it("seccompProfile before v1.19 is read from the annotations", () => {
    const spec = { containers: [good()] };
    const annotations = { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" };
    expect(failedChecks(spec, "baseline", "v1.18", { annotations })).toEqual(["seccompProfile_baseline"]);
    expect(failedChecks(spec, "baseline", "v1.19", { annotations })).toEqual([]);
  });

  it("sysctls: the allowed set grows by version", () => {
    const spec = {
      securityContext: { sysctls: [{ name: "net.ipv4.tcp_notsent_lowat", value: "1" }] },
      containers: [good()],
    };
    expect(failedChecks(spec, "baseline")).toEqual([]);
    expect(detailOf(spec, "baseline", "v1.36")).toBe("forbidden sysctls (net.ipv4.tcp_notsent_lowat)");
  });

  it("hostProbesAndHostLifecycle applies from v1.34, sorted and each host once", () => {
    const spec = {
      containers: [
        {
          ...good("b"),
          livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } },
          readinessProbe: { tcpSocket: { host: "10.0.0.1", port: 80 } },
        },
        { ...good("a"), lifecycle: { preStop: { httpGet: { host: "metadata", port: 80 } } } },
      ],
    };
    expect(detailOf(spec, "baseline")).toBe(
      'probe or lifecycle host (containers "a", "b" use probe or lifecycle hosts "10.0.0.1", "metadata")',
    );
    expect(failedChecks(spec, "baseline", "v1.33")).toEqual([]);
  });

  it("windowsHostProcess: pod and container", () => {
    const spec = {
      os: { name: "windows" },
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [{ name: "w", image: "w", securityContext: { windowsOptions: { hostProcess: true } } }],
    };
    expect(failures(spec, "baseline").find((f) => f.check === "windowsHostProcess")?.detail).toBe(
      'pod and container "w" must not set securityContext.windowsOptions.hostProcess=true',
    );
  });
});

describe("restricted checks", () => {
  it("allowPrivilegeEscalation: unset fails, and ephemeral containers count", () => {
    const spec = {
      containers: [good()],
      ephemeralContainers: [
        {
          name: "debug",
          image: "busybox",
          securityContext: { ...(good()["securityContext"] as object), allowPrivilegeEscalation: undefined },
        },
      ],
    };
    expect(failedChecks(spec, "restricted")).toEqual(["allowPrivilegeEscalation"]);
  });

  it("runAsNonRoot is inherited from the pod only when the container leaves it unset", () => {
    const noRoot = (sc: object) => ({
      ...withSc({}),
      securityContext: { ...(withSc({})["securityContext"] as object), runAsNonRoot: undefined, ...sc },
    });
    expect(
      failedChecks({ securityContext: { runAsNonRoot: true }, containers: [noRoot({})] }, "restricted"),
    ).toEqual([]);
    expect(
      detailOf(
        { securityContext: { runAsNonRoot: false }, containers: [noRoot({ runAsNonRoot: true })] },
        "restricted",
      ),
    ).toBe("runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)");
    expect(detailOf({ containers: [noRoot({}), noRoot({ runAsNonRoot: true })] }, "restricted")).toBe(
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
    );
  });

  it("runAsUser: 0 fails from v1.23; hostUsers false relaxes it from v1.35", () => {
    const spec = { containers: [withSc({ runAsUser: 0 })] };
    expect(failedChecks(spec, "restricted")).toEqual(["runAsUser"]);
    expect(failedChecks(spec, "restricted", "v1.22")).toEqual([]);
    expect(failedChecks({ ...spec, hostUsers: false }, "restricted")).toEqual([]);
    expect(failedChecks({ ...spec, hostUsers: false }, "restricted", "v1.34")).toEqual(["runAsUser"]);
  });

  it("capabilities_restricted: drop must hold ALL exactly; Windows pods skip it", () => {
    expect(
      detailOf(
        { containers: [withSc({ capabilities: { drop: ["all"], add: ["NET_BIND_SERVICE", "CHOWN"] } })] },
        "restricted",
      ),
    ).toBe(
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "CHOWN" in securityContext.capabilities.add)',
    );
    expect(
      failedChecks(
        {
          os: { name: "windows" },
          securityContext: { runAsNonRoot: true },
          containers: [{ name: "w", image: "w" }],
        },
        "restricted",
      ),
    ).toEqual([]);
  });

  it("capabilities_restricted replaces capabilities_baseline at restricted, from v1.22", () => {
    const spec = { containers: [withSc({ capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } })] };
    expect(failedChecks(spec, "restricted")).toEqual(["capabilities_restricted"]);
    expect(failedChecks(spec, "restricted", "v1.21")).toEqual(["capabilities_baseline"]);
  });

  it("seccompProfile_restricted: Localhost is enough, and the pod level covers the containers", () => {
    const c = {
      ...withSc({}),
      securityContext: { ...(withSc({})["securityContext"] as object), seccompProfile: undefined },
    };
    expect(
      failedChecks(
        {
          securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "p.json" } },
          containers: [c],
        },
        "restricted",
      ),
    ).toEqual([]);
    expect(failedChecks({ containers: [c] }, "restricted")).toEqual(["seccompProfile_restricted"]);
  });

  it("a pod's level is the most restrictive it satisfies", () => {
    expect(levelOfPod({ containers: [good()] })).toBe("restricted");
    expect(levelOfPod({ containers: [{ name: "a", image: "a" }] })).toBe("baseline");
    expect(levelOfPod({ containers: [withSc({ privileged: true })] })).toBe("privileged");
  });
});
