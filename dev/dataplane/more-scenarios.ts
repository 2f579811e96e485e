import fc from "fast-check";
import type { RawObject } from "@/lib/sources/live/read-objects";
import { readManifestObjects } from "@/lib/sources/load-manifests";
import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  Pod,
} from "@/lib/model/types";
import { cluster, pod } from "@/lib/netpol/testing/build";
import {
  FIRST_HOST,
  fromSnapshot,
  onNode,
  type Scenario,
  type ScenarioBuilder,
  type Subnet,
} from "@/dev/dataplane/scenario";

// The demo's namespaces as pods on the test's node, and random clusters from a fixed seed (the shapes of
// lib/netpol/analyze-network.property.test.ts, with addresses and ipBlocks inside the test's own range).

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

const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;

function selectorArb(keys: string[]): fc.Arbitrary<LabelSelector> {
  return fc.record({
    matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom("a", "b", "c"), { maxKeys: 1 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: fc.constantFrom(...keys),
          operator: fc.constantFrom("In" as const, "NotIn" as const),
          values: fc.subarray(["a", "b", "c"], { minLength: 1 }),
        }),
        fc.record({
          key: fc.constantFrom(...keys),
          operator: fc.constantFrom("Exists" as const, "DoesNotExist" as const),
          values: fc.constant([] as string[]),
        }),
      ),
      { maxLength: 1 },
    ),
  });
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

function randomCluster(net: Subnet, pods: number, sctp: boolean) {
  const protocols = sctp ? [...PROTOCOLS] : (["TCP", "UDP"] as const);
  const cidrs = [
    net.cidr(0, 24),
    net.cidr(8, 29),
    net.cidr(10, 31),
    net.cidr(12, 32),
    "0.0.0.0/0",
    "198.18.0.0/16",
    "2001:db8::/32",
  ];
  const excepts = [net.cidr(10, 32), net.cidr(12, 30), net.cidr(0, 28), net.cidr(14, 31)];
  const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
    fc.record({ podSelector: selectorArb(["app", "tier"]) }),
    fc.record({ namespaceSelector: selectorArb(["team", "env"]) }),
    fc.record({ podSelector: selectorArb(["app", "tier"]), namespaceSelector: selectorArb(["team", "env"]) }),
    fc
      .record({ cidr: fc.constantFrom(...cidrs), except: fc.subarray(excepts, { maxLength: 2 }) })
      .map(({ cidr, except }) => ({
        ipBlock: { cidr, except: except.filter((e) => strictlyInside(e, cidr)) },
      })),
  );
  const portItem: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
    fc.record({
      protocol: fc.option(fc.constantFrom(...protocols), { nil: undefined }),
      port: fc.option(fc.constantFrom(80, 443, 53, 8080, "http", "dns", "metrics"), { nil: undefined }),
    }),
    fc.record({
      protocol: fc.option(fc.constantFrom(...protocols), { nil: undefined }),
      port: fc.constantFrom(79, 8000),
      endPort: fc.constantFrom(81, 9000),
    }),
  );
  const rule: fc.Arbitrary<NetworkPolicyRule> = fc.record({
    peers: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }),
    ports: fc.option(fc.array(portItem, { maxLength: 2 }), { nil: undefined }),
  });
  const policy = (i: number): fc.Arbitrary<NetworkPolicy> =>
    fc.record({
      namespace: fc.constantFrom("ns1", "ns2", "ns3"),
      name: fc.constant(`p${i}`),
      labels: fc.constant({}),
      podSelector: selectorArb(["app", "tier"]),
      policyTypes: fc.option(fc.subarray(["Ingress" as const, "Egress" as const]), { nil: undefined }),
      ingress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
      egress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
    });
  const podArb = (i: number): fc.Arbitrary<Pod> =>
    fc
      .record({
        namespace: fc.constantFrom("ns1", "ns2", "ns3"),
        labels: fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("a", "b", "c"), { maxKeys: 2 }),
        ports: fc.array(
          fc.record({
            name: fc.constantFrom("http", "dns", "metrics"),
            containerPort: fc.constantFrom(80, 53, 8080, 9000),
            protocol: fc.constantFrom(...protocols),
          }),
          { maxLength: 2 },
        ),
      })
      .map((r) =>
        pod(r.namespace, `pod${i}`, r.labels, {
          podIPs: [net.ip(FIRST_HOST + i)],
          // One name per pod, and one (port, protocol) per pod, as the API server requires.
          ports: r.ports.filter(
            (p, j, all) =>
              all.findIndex(
                (q) =>
                  q.name === p.name || (q.containerPort === p.containerPort && q.protocol === p.protocol),
              ) === j,
          ),
        }),
      );
  return fc
    .tuple(
      fc.tuple(...Array.from({ length: pods }, (_, i) => podArb(i))),
      fc
        .integer({ min: 1, max: 4 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policy(i)))),
      fc.dictionary(
        fc.constantFrom("ns1", "ns2", "ns3"),
        fc.dictionary(fc.constantFrom("team", "env"), fc.constantFrom("a", "b", "c"), { maxKeys: 2 }),
      ),
    )
    .map(([podList, policies, nsLabels]) =>
      cluster({
        pods: podList,
        policies,
        namespaces: { ns1: nsLabels["ns1"] ?? {}, ns2: nsLabels["ns2"] ?? {}, ns3: nsLabels["ns3"] ?? {} },
      }),
    );
}

/** `count` random clusters of `pods` pods each, the same for the same seed. */
export function randomScenarios(seed: number, count: number, pods: number, sctp: boolean): ScenarioBuilder[] {
  return Array.from({ length: count }, (_, i): ScenarioBuilder => (net): Scenario => {
    const [snapshot] = fc.sample(randomCluster(net, pods, sctp), { seed: seed + i, numRuns: 1 });
    if (!snapshot) throw new Error("fast-check gave no sample");
    return fromSnapshot(`random cluster ${i + 1} (seed ${seed + i})`, "random", snapshot);
  });
}
