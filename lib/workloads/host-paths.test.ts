import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sensitiveHostPath } from "@/lib/paths/escape-edges";
import { hostPathRisk, SENSITIVE_HOST_PATHS } from "@/lib/workloads/host-paths";

// The one list of sensitive host paths, as POD-003 (with /var/log) and ATTACK-007 (without) read it.

describe("sensitive host paths", () => {
  it("counts a listed path, a path below it, and a parent of it, with or without trailing slashes", () => {
    expect(hostPathRisk("/etc/")).toBe("sensitive");
    expect(hostPathRisk("/etc/ssl/certs")).toBe("sensitive");
    expect(hostPathRisk("/var")).toBe("sensitive");
    expect(hostPathRisk("/")).toBe("sensitive");
    expect(hostPathRisk("//")).toBe("sensitive");
    expect(hostPathRisk("/etcetera")).toBe("other");
    expect(hostPathRisk("/srv/data")).toBe("other");
  });

  it("knows runtime sockets wherever they are mounted from, and their directory under /var/run", () => {
    for (const p of ["/var/run/docker.sock", "/run/containerd/containerd.sock", "/opt/cri-dockerd.sock"])
      expect(hostPathRisk(p), p).toBe("socket");
    expect(hostPathRisk("/var/run/crio")).toBe("socket");
    expect(hostPathRisk("/opt/mydocker.sock")).toBe("other");
  });

  it("leaves /var/log to ATTACK-008 in attack paths, and counts it for POD-003", () => {
    expect(hostPathRisk("/var/log/pods")).toBe("sensitive");
    expect(hostPathRisk("/var/log/pods", { logs: false })).toBe("other");
    expect(sensitiveHostPath("/var/log")).toBe(false);
    // A parent of /var/log is a parent of /var/run and /var/lib/kubelet too.
    expect(sensitiveHostPath("/var")).toBe(true);
    expect(SENSITIVE_HOST_PATHS.filter((s) => s.logs).map((s) => s.path)).toEqual(["/var/log"]);
  });

  it("agrees between the finding and the attack path for every path outside /var/log", () => {
    const segment = fc.constantFrom("etc", "var", "run", "log", "lib", "kubelet", "srv", "docker.sock", "x");
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.boolean(), (parts, slash) => {
        const path = `/${parts.join("/")}${slash ? "/" : ""}`;
        if (path.startsWith("/var/log")) return;
        expect(sensitiveHostPath(path)).toBe(hostPathRisk(path) !== "other");
      }),
      { seed: 4, numRuns: 500 },
    );
  });
});
