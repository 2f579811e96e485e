import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { projectGraph } from "@/lib/netpol/project-graph";
import { whatIf } from "@/lib/netpol/what-if";
import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";

const rep = (
  ns: string,
  name: string,
  labels: Record<string, string>,
  ports: { name: string; containerPort: number }[] = [],
) =>
  pod(ns, name, labels, {
    representative: true,
    workload: { kind: "Deployment", name },
    ports: ports.map((p) => ({ ...p, protocol: "TCP" as const })),
  });

const front = rep("g04", "frontend", { app: "frontend" });
const back = rep("g04", "backend", { app: "backend" }, [{ name: "http", containerPort: 3000 }]);
const deny = policy("g04", "deny", { policyTypes: ["Ingress", "Egress"] });
const allowBack = policy("g04", "backend-in", {
  podSelector: sel({ app: "backend" }),
  ingress: [rule([{ podSelector: sel({ app: "frontend" }) }], [{ port: "http" }])],
});
const allowFront = policy("g04", "frontend-out", {
  podSelector: sel({ app: "frontend" }),
  policyTypes: ["Egress"],
  egress: [rule([{ podSelector: sel({ app: "backend" }) }], [{ port: 3000 }])],
});

describe("projectGraph", () => {
  it("projects a manifests-only input to workloads with ids ns/name[Kind], marked representative", () => {
    const g = projectGraph(
      analyzeNetwork(cluster({ pods: [front, back], policies: [deny, allowBack, allowFront] })),
      "workload",
    );
    expect(g.nodes.filter((n) => n.kind === "workload")).toEqual([
      {
        id: "g04/backend[Deployment]",
        kind: "workload",
        namespace: "g04",
        name: "backend",
        representative: true,
        isolation: { ingress: true, egress: true },
      },
      {
        id: "g04/frontend[Deployment]",
        kind: "workload",
        namespace: "g04",
        name: "frontend",
        representative: true,
        isolation: { ingress: true, egress: true },
      },
    ]);
    expect(g.edges).toEqual([
      {
        from: "g04/frontend[Deployment]",
        to: "g04/backend[Deployment]",
        ports: [{ protocol: "TCP", from: 3000, to: 3000 }],
        implementationDefined: false,
      },
    ]);
  });

  it("draws a non-isolated workload's edges with all ports as 1-65535 per protocol, and the internet as an external node", () => {
    const g = projectGraph(analyzeNetwork(cluster({ pods: [front] })), "workload");
    const internet = g.nodes.find((n) => n.kind === "external" && n.internet && !n.metadata);
    // The internet is many CIDRs: a short digest id, with the exact list on the node (external-ids.test.ts).
    expect(internet?.id).toMatch(/^ext:[0-9a-f]{16}$/);
    expect(internet?.cidrs).toContain("0.0.0.0/1");
    const metadata = g.nodes.filter((n) => n.metadata).map((n) => n.id);
    expect(metadata).toEqual(["169.254.169.254/32", "fd00:ec2::254/128"]);
    const toMeta = g.edges.find((e) => e.to === "169.254.169.254/32");
    expect(toMeta?.ports).toEqual([
      { protocol: "TCP", from: 1, to: 65535 },
      { protocol: "UDP", from: 1, to: 65535 },
      { protocol: "SCTP", from: 1, to: 65535 },
    ]);
    // A representative pod stands for replicas: replica to replica is drawn.
    expect(
      g.edges.some((e) => e.from === "g04/frontend[Deployment]" && e.to === "g04/frontend[Deployment]"),
    ).toBe(true);
  });

  it("splits external ranges at ipBlock and except boundaries and merges ranges treated alike", () => {
    const egress = policy("g04", "out", {
      podSelector: sel({ app: "frontend" }),
      policyTypes: ["Egress"],
      egress: [rule([{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }])],
    });
    const g = projectGraph(analyzeNetwork(cluster({ pods: [front], policies: [egress] })), "workload");
    const targets = g.edges.filter((e) => e.from === "g04/frontend[Deployment]").map((e) => e.to);
    expect(targets).toEqual([
      "10.0.0.0/16,10.2.0.0/15,10.4.0.0/14,10.8.0.0/13,10.16.0.0/12,10.32.0.0/11,10.64.0.0/10,10.128.0.0/9",
    ]);
  });

  it("projects to namespaces", () => {
    const g = projectGraph(
      analyzeNetwork(cluster({ pods: [front, back], policies: [deny, allowBack, allowFront] })),
      "namespace",
    );
    expect(g.edges).toEqual([
      {
        from: "g04",
        to: "g04",
        ports: [{ protocol: "TCP", from: 3000, to: 3000 }],
        implementationDefined: false,
      },
    ]);
  });

  it("does not draw a real pod to itself (rule 20: always allowed)", () => {
    const solo = pod("a", "solo", {}, { podIPs: ["10.0.0.1"] });
    const g = projectGraph(analyzeNetwork(cluster({ pods: [solo] })), "pod");
    expect(g.edges.some((e) => e.from === "a/solo" && e.to === "a/solo")).toBe(false);
  });
});

describe("whatIf", () => {
  it("reports the connections a new policy removes and a deleted one restores, at workload level with ports", () => {
    const before = cluster({ pods: [front, back], policies: [deny, allowBack, allowFront] });
    const removed = whatIf(before, { delete: [{ namespace: "g04", name: "backend-in" }] });
    expect(removed.lost).toEqual([
      {
        from: "g04/frontend[Deployment]",
        to: "g04/backend[Deployment]",
        ports: [{ protocol: "TCP", from: 3000, to: 3000 }],
      },
    ]);
    expect(removed.gained).toEqual([]);
    expect(removed.changes).toEqual([{ namespace: "g04", name: "backend-in", action: "deleted" }]);
    const widened = whatIf(before, {
      apply: [
        policy("g04", "backend-in", {
          podSelector: sel({ app: "backend" }),
          ingress: [rule([{ podSelector: sel({ app: "frontend" }) }])],
        }),
      ],
    });
    expect(widened.gained).toEqual([]); // frontend's egress still allows only 3000
    const open = whatIf(before, {
      delete: [
        { namespace: "g04", name: "deny" },
        { namespace: "g04", name: "frontend-out" },
      ],
    });
    expect(
      open.gained.some((c) => c.from === "g04/backend[Deployment]" && c.to === "g04/frontend[Deployment]"),
    ).toBe(true);
  });

  it("reports an invalid applied policy instead of evaluating it", () => {
    const r = whatIf(cluster({ pods: [front] }), {
      apply: [policy("g04", "bad", { ingress: [rule([{}])] })],
    });
    expect(r.invalid.map((i) => i.problems[0]?.field)).toEqual(["spec.ingress[0].from[0]"]);
    expect(r.gained).toEqual([]);
    expect(r.lost).toEqual([]);
  });
});
