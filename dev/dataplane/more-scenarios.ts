import fc from "fast-check";
import type { RawObject } from "@/lib/sources/live/read-objects";
import { readManifestObjects } from "@/lib/sources/load-manifests";
import type { NetworkPolicy, Snapshot } from "@/lib/model/types";
import { randomClusterArb, type RandomClusterShape } from "@/lib/netpol/testing/random-cluster";
import { cluster, cnp, cport, pod, policy, rule, sel } from "@/lib/netpol/testing/build";
import {
  FIRST_HOST,
  fromSnapshot,
  onNode,
  type Scenario,
  type ScenarioBuilder,
  type Subnet,
} from "@/dev/dataplane/scenario";

// The demo's namespaces as pods on the test's node, the policy tiers' fixture, and random clusters from a
// fixed seed (the property test's generator, lib/netpol/testing/random-cluster.ts, with addresses and ipBlocks
// inside the test's own range).

/** fixtures/demo: its Namespaces, Pods and NetworkPolicies; each Deployment as its replicas' pods. */
export async function demoScenario(): Promise<ScenarioBuilder> {
  const inputs = await readManifestObjects(["fixtures/demo"]);
  const objects = inputs
    .map((i) => i.object)
    .filter((o): o is RawObject => typeof o === "object" && o !== null && !Array.isArray(o));
  return (net) => {
    let host = FIRST_HOST;
    const out: RawObject[] = [];
    const withIp = (p: RawObject): RawObject =>
      onNode({ ...p, status: { podIPs: [{ ip: net.ip(host++) }] } });
    for (const o of objects) {
      const kind = o["kind"];
      if (kind === "Namespace" || kind === "NetworkPolicy") out.push(o);
      else if (kind === "Pod") out.push(withIp(o));
      else if (kind === "Deployment") {
        const meta = o["metadata"] as { name: string; namespace: string };
        const spec = o["spec"] as {
          replicas?: number;
          template: { metadata?: { labels?: Record<string, string> }; spec: RawObject };
        };
        for (let i = 0; i < (spec.replicas ?? 1); i++) {
          out.push(
            withIp({
              apiVersion: "v1",
              kind: "Pod",
              metadata: {
                namespace: meta.namespace,
                name: `${meta.name}-${i}`,
                labels: spec.template.metadata?.labels ?? {},
              },
              spec: spec.template.spec,
            }),
          );
        }
      }
    }
    return { name: "demo: fixtures/demo namespaces", source: "demo", objects: out };
  };
}

function ipv4Range(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const base = m.slice(1, 5).reduce((acc, part) => acc * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(m[5]));
  return [base, base + size - 1];
}

/** Excepts must lie strictly inside their cidr, or the API server refuses the policy. */
function strictlyInside(except: string, cidr: string): boolean {
  const e = ipv4Range(except);
  const c = ipv4Range(cidr);
  return !!e && !!c && e[0] >= c[0] && e[1] <= c[1] && (e[0] !== c[0] || e[1] !== c[1]);
}

/** The shape of the property test's clusters, on the test's pod network: one fixed address per pod. */
function shape(net: Subnet, pods: number, sctp: boolean, tiers: boolean): RandomClusterShape {
  return {
    protocols: sctp ? ["TCP", "UDP", "SCTP"] : ["TCP", "UDP"],
    cidrs: [
      net.cidr(0, 24),
      net.cidr(8, 29),
      net.cidr(10, 31),
      net.cidr(12, 32),
      "0.0.0.0/0",
      "198.18.0.0/16",
      "2001:db8::/32",
    ],
    excepts: [net.cidr(10, 32), net.cidr(12, 30), net.cidr(0, 28), net.cidr(14, 31)],
    pods: { min: pods, max: pods },
    podIp: (i) => net.ip(FIRST_HOST + i),
    podIps: [net.ip(FIRST_HOST)],
    policies: tiers ? { min: 0, max: 3 } : { min: 1, max: 4 },
    clusterPolicies: tiers ? { min: 1, max: 4 } : { min: 0, max: 0 },
    // kube-network-policies v0.8.0 runs the v1alpha1 kinds only; a named port in them it matches by name
    // alone, whatever the number (docs/verification.md), so the tiers here name numbers and ranges.
    clusterKinds: ["anp", "anp", "banp"],
    clusterNamedPorts: false,
    oneBaseline: true,
  };
}

/**
 * What the API server would refuse is left out: an except that is not strictly inside its cidr, an endPort
 * below its port (the item keeps its port).
 */
function admissible(snapshot: Snapshot): Snapshot {
  const fix = (rules: NetworkPolicy["ingress"]) =>
    rules?.map((r) => ({
      ...r,
      peers: r.peers?.map((p) =>
        p.ipBlock
          ? {
              ipBlock: {
                ...p.ipBlock,
                except: p.ipBlock.except.filter((e) => strictlyInside(e, p.ipBlock?.cidr ?? "")),
              },
            }
          : p,
      ),
      ports: r.ports?.map((p) =>
        p.endPort !== undefined && typeof p.port === "number" && p.endPort < p.port
          ? { ...(p.protocol ? { protocol: p.protocol } : {}), port: p.port }
          : p,
      ),
    }));
  return {
    ...snapshot,
    networkPolicies: snapshot.networkPolicies.map((p) => ({
      ...p,
      ...(p.ingress ? { ingress: fix(p.ingress) } : {}),
      ...(p.egress ? { egress: fix(p.egress) } : {}),
    })),
  };
}

/**
 * `count` random clusters of `pods` pods each, the same for the same seed: NetworkPolicies only, or (`tiers`)
 * with AdminNetworkPolicies and a BaselineAdminNetworkPolicy too.
 */
export function randomScenarios(
  seed: number,
  count: number,
  pods: number,
  sctp: boolean,
  tiers = false,
): ScenarioBuilder[] {
  return Array.from({ length: count }, (_, i): ScenarioBuilder => (net): Scenario => {
    const [snapshot] = fc.sample(randomClusterArb(shape(net, pods, sctp, tiers)), {
      seed: seed + i,
      numRuns: 1,
    });
    if (!snapshot) throw new Error("fast-check gave no sample");
    const name = `random ${tiers ? "cluster with policy tiers" : "cluster"} ${i + 1} (seed ${seed + i})`;
    return fromSnapshot(name, "random", admissible(snapshot));
  });
}

/** fixtures/netpol-tiers: its workloads with the v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy. */
export async function tiersFixtureScenario(): Promise<ScenarioBuilder> {
  const inputs = await readManifestObjects(
    ["workloads", "v1alpha1"].map((f) => `fixtures/netpol-tiers/${f}.yaml`),
  );
  const objects = inputs
    .map((i) => i.object)
    .filter((o): o is RawObject => typeof o === "object" && o !== null && !Array.isArray(o));
  return (net) => {
    let host = FIRST_HOST;
    const out = objects.map((o) =>
      o["kind"] === "Pod" ? onNode({ ...o, status: { podIPs: [{ ip: net.ip(host++) }] } }) : o,
    );
    return { name: "fixtures/netpol-tiers (v1alpha1)", source: "unit fixture", objects: out };
  };
}

/**
 * The implementation-defined places of the v1alpha1 tiers (docs/semantics.md §1b), probed: a
 * BaselineAdminNetworkPolicy Deny for a pod that an egress-only NetworkPolicy selects, and AdminNetworkPolicies
 * of one priority that disagree, once with the Deny's name sorting first and once with the Allow's.
 */
export function tiersImplementationDefinedScenario(net: Subnet): Scenario {
  const left = sel({ "kubernetes.io/metadata.name": "left" });
  const right = (app: string) => ({
    namespaceSelector: sel({ "kubernetes.io/metadata.name": "right" }),
    podSelector: sel({ app }),
  });
  const ports = [
    { name: "http", containerPort: 8080, protocol: "TCP" as const },
    { name: "admin", containerPort: 9090, protocol: "TCP" as const },
  ];
  const tie = (name: string, priority: number, app: string, action: string, port: number) =>
    cnp(name, {
      kind: "AdminNetworkPolicy",
      priority,
      subject: { pods: right(app) },
      ingress: [{ action, peers: [{ namespaces: left }], ports: [cport("TCP", port)] }],
    });
  const snapshot = cluster({
    pods: [
      pod("left", "client", { app: "client" }, { podIPs: [net.ip(FIRST_HOST)] }),
      pod("right", "server", { app: "server" }, { podIPs: [net.ip(FIRST_HOST + 1)], ports }),
      pod("right", "twin", { app: "twin" }, { podIPs: [net.ip(FIRST_HOST + 2)], ports }),
    ],
    policies: [
      policy("right", "server-egress-only", {
        podSelector: sel({ app: "server" }),
        policyTypes: ["Egress"],
        egress: [rule()],
      }),
    ],
    clusterNetworkPolicies: [
      cnp("default", {
        kind: "BaselineAdminNetworkPolicy",
        subject: { namespaces: sel({ "kubernetes.io/metadata.name": "right" }) },
        ingress: [{ action: "Deny", peers: [{ namespaces: left }] }],
      }),
      tie("a-deny", 7, "twin", "Deny", 8080),
      tie("b-allow", 7, "twin", "Allow", 8080),
      tie("c-allow", 9, "server", "Allow", 9090),
      tie("d-deny", 9, "server", "Deny", 9090),
    ],
  });
  return fromSnapshot("tiers: implementation-defined places (v1alpha1)", "unit fixture", snapshot);
}
