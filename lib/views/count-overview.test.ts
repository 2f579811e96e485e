import { describe, expect, it } from "vitest";
import { countOverview } from "@/lib/views/count-overview";
import { emptyPodSpec, emptySnapshot, type Pod } from "@/lib/model/types";

const pod = (name: string, representative: boolean): Pod => ({
  namespace: "g04",
  name,
  workload: { kind: "Pod", name },
  podIPs: [],
  representative,
  ...emptyPodSpec(),
});

describe("countOverview", () => {
  it("counts what the viewer sees, leaving out representative pods and Secrets without certificates", () => {
    const counts = countOverview({
      ...emptySnapshot(),
      namespaces: [{ name: "g04", labels: {} }],
      pods: [pod("a", false), pod("web", true)],
      secrets: [
        {
          namespace: "g04",
          name: "tls",
          type: "kubernetes.io/tls",
          keys: ["tls.crt"],
          tls: { certificate: "PEM" },
        },
        { namespace: "g04", name: "opaque", type: "Opaque", keys: ["password"] },
      ],
      configMaps: [{ namespace: "g04", name: "ca", certificates: { "ca.crt": "PEM" } }],
      gaps: [{ resource: "nodes", status: "forbidden", message: "you may not list nodes cluster-wide" }],
    });
    expect(counts).toEqual({
      namespaces: 1,
      pods: 1,
      workloads: 0,
      networkPolicies: 0,
      roles: 0,
      bindings: 0,
      certificateSources: 2,
      gaps: 1,
    });
  });
});
