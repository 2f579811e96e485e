import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { canConnect } from "@/lib/netpol/can-connect";
import { explainConnection } from "@/lib/netpol/explain-connection";
import { projectGraph } from "@/lib/netpol/project-graph";
import type { Endpoint } from "@/lib/netpol/resolve-endpoint";
import { parseIp } from "@/lib/netpol/ip";
import { PROTOCOLS, randomClusterArb } from "@/lib/netpol/testing/random-cluster";
import { naiveCanConnect, type NaiveEnd } from "@/lib/netpol/testing/naive-reachability";

// The class-based engine against the naive pod-by-pod reference, on random clusters, ports, named ports and
// ipBlocks (docs/semantics.md §1, rules 1-21), with cluster-tier policies of both API generations (§1b, rules
// 22-26).

const PORTS = [53, 79, 80, 81, 443, 8080, 8443, 9000, 65535];
const IPS = [
  "10.0.0.1",
  "10.0.0.2",
  "10.0.0.3",
  "10.0.1.9",
  "192.168.1.1",
  "8.8.8.8",
  "169.254.169.254",
  "fd00:ec2::254",
  "2001:db8::1",
];
const CIDRS = [
  "10.0.0.0/24",
  "10.0.0.0/30",
  "10.0.0.2/32",
  "0.0.0.0/0",
  "8.0.0.0/7",
  "169.254.0.0/16",
  "::/0",
  "2001:db8::/32",
  "10.0.0.0/8",
];
const EXCEPTS = [
  "10.0.0.0/31",
  "10.0.0.2/32",
  "169.254.169.254/32",
  "8.8.8.0/24",
  "2001:db8::/64",
  "10.0.1.0/24",
];

const clusterArb = randomClusterArb({
  protocols: PROTOCOLS,
  cidrs: CIDRS,
  excepts: EXCEPTS,
  pods: { min: 1, max: 6 },
  podIps: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.9", "2001:db8::1"],
  policies: { min: 0, max: 4 },
  clusterPolicies: { min: 0, max: 3 },
  clusterKinds: ["v1beta1", "v1alpha2", "anp", "banp"],
  clusterNamedPorts: true,
  oneBaseline: false,
});

function endpoint(analysis: ReturnType<typeof analyzeNetwork>, e: NaiveEnd): Endpoint {
  if ("pod" in e) {
    const index = analysis.snapshot.pods.indexOf(e.pod);
    return { kind: "pod", index, pod: e.pod, id: `${e.pod.namespace}/${e.pod.name}` };
  }
  return { kind: "ip", ip: parseIp(e.ip) as { family: 4 | 6; value: bigint }, id: e.ip };
}

describe("the class-based engine agrees with the naive pod-by-pod reference", () => {
  it("gives the same answer as the naive reference for every pair, protocol and port (rules 1-26)", () => {
    fc.assert(
      fc.property(clusterArb, (snapshot) => {
        const analysis = analyzeNetwork(snapshot);
        const ends: NaiveEnd[] = [...snapshot.pods.map((p) => ({ pod: p })), ...IPS.map((ip) => ({ ip }))];
        for (const src of ends) {
          for (const dst of ends) {
            if ("ip" in src && "ip" in dst) continue;
            for (const protocol of PROTOCOLS) {
              for (const port of PORTS) {
                const expected = naiveCanConnect(snapshot, src, dst, protocol, port);
                const s = endpoint(analysis, src);
                const d = endpoint(analysis, dst);
                const got = canConnect(analysis, s, d, protocol, port);
                const ctx = { src: s.id, dst: d.id, protocol, port };
                expect({
                  ...ctx,
                  allowed: got.allowed,
                  implementationDefined: got.implementationDefined,
                }).toEqual({ ...ctx, ...expected });
                const why = explainConnection(analysis, s, d, protocol, port);
                expect({
                  ...ctx,
                  allowed: why.allowed,
                  implementationDefined: why.implementationDefined,
                }).toEqual({ ...ctx, ...expected });
              }
            }
          }
        }
      }),
      { numRuns: 80, seed: 20261123 },
    );
    // Every pair, protocol and port of 80 clusters, explained rule by rule: minutes on a busy machine.
  }, 240_000);

  it("draws a pod-level edge with exactly the ports the naive reference allows between distinct pods", () => {
    fc.assert(
      fc.property(clusterArb, (snapshot) => {
        const graph = projectGraph(analyzeNetwork(snapshot), "pod");
        const edges = new Map(graph.edges.map((e) => [`${e.from}>${e.to}`, e]));
        for (const a of snapshot.pods) {
          for (const b of snapshot.pods) {
            if (a === b && !a.representative) continue;
            const edge = edges.get(`${a.namespace}/${a.name}>${b.namespace}/${b.name}`);
            let anyImplOnly = false;
            for (const protocol of PROTOCOLS) {
              for (const port of PORTS) {
                const expected = naiveCanConnect(snapshot, { pod: a }, { pod: b }, protocol, port);
                const drawn =
                  edge !== undefined &&
                  edge.ports.some((r) => r.protocol === protocol && r.from <= port && port <= r.to);
                expect({ a: a.name, b: b.name, protocol, port, drawn }).toEqual({
                  a: a.name,
                  b: b.name,
                  protocol,
                  port,
                  drawn: expected.allowed,
                });
                if (expected.implementationDefined) anyImplOnly = true;
              }
            }
            if (anyImplOnly) expect(edge?.implementationDefined).toBe(true);
          }
        }
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
