import fc from "fast-check";
import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  Pod,
  Protocol,
  Snapshot,
} from "@/lib/model/types";
import type {
  ClusterNetworkPolicy,
  ClusterPolicyPeer,
  ClusterPolicyPort,
  ClusterPolicyRule,
} from "@/lib/model/cluster-policy-types";
import { cluster, pod } from "@/lib/netpol/testing/build";

// Random clusters for the reachability engine's property test (lib/netpol/analyze-network.property.test.ts)
// and for the dataplane test's random scenarios (dev/dataplane): pods, NetworkPolicies with every selector
// operator, ipBlocks with excepts, numeric, named and ranged ports, and cluster-tier policies of both API
// generations with priorities that tie (docs/semantics.md §1 and §1b). Test-only code.

export const PROTOCOLS: Protocol[] = ["TCP", "UDP", "SCTP"];

export const selectorArb: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: fc.dictionary(fc.constantFrom("app", "tier", "team"), fc.constantFrom("a", "b", "c"), {
    maxKeys: 1,
  }),
  matchExpressions: fc.array(
    fc.oneof(
      fc.record({
        key: fc.constantFrom("app", "env", "team"),
        operator: fc.constantFrom("In" as const, "NotIn" as const),
        values: fc.subarray(["a", "b", "c"], { minLength: 1 }),
      }),
      fc.record({
        key: fc.constantFrom("app", "env", "team"),
        operator: fc.constantFrom("Exists" as const, "DoesNotExist" as const),
        values: fc.constant([] as string[]),
      }),
    ),
    { maxLength: 1 },
  ),
});

export const labelsArb = fc.dictionary(
  fc.constantFrom("app", "tier", "env"),
  fc.constantFrom("a", "b", "c"),
  {
    maxKeys: 2,
  },
);

/** Where the generated objects live: addresses, ranges and protocols. */
export interface RandomClusterShape {
  protocols: readonly Protocol[];
  /** ipBlock cidrs and ClusterNetworkPolicy networks. */
  cidrs: readonly string[];
  excepts: readonly string[];
  /** The pods: one per index. */
  pods: { min: number; max: number };
  /**
   * Each pod's address fixed by its index, on one node, none hostNetwork or representative (a real pod
   * network); without it, addresses are drawn from `podIps` and some pods are hostNetwork or stand for a
   * workload template.
   */
  podIp?: (i: number) => string;
  podIps: readonly string[];
  policies: { min: number; max: number };
  clusterPolicies: { min: number; max: number };
  /** The cluster-tier kinds drawn; "banp" is drawn at most once when `oneBaseline`. */
  clusterKinds: readonly ("v1beta1" | "v1alpha2" | "anp" | "banp")[];
  /** Named ports in cluster-tier rules. */
  clusterNamedPorts: boolean;
  /** At most one BaselineAdminNetworkPolicy (named `default`, as the API server requires). */
  oneBaseline: boolean;
}

function peerArb(s: RandomClusterShape): fc.Arbitrary<NetworkPolicyPeer> {
  return fc.oneof(
    fc.record({ podSelector: selectorArb }),
    fc.record({ namespaceSelector: selectorArb }),
    fc.record({ podSelector: selectorArb, namespaceSelector: selectorArb }),
    fc.record({
      ipBlock: fc.record({
        cidr: fc.constantFrom(...s.cidrs),
        except: fc.subarray([...s.excepts], { maxLength: 2 }),
      }),
    }),
  );
}

function portItemArb(s: RandomClusterShape): fc.Arbitrary<NetworkPolicyPort> {
  return fc.oneof(
    fc.record({
      protocol: fc.option(fc.constantFrom(...s.protocols), { nil: undefined }),
      port: fc.option(fc.constantFrom(80, 443, 53, 8080, "http", "dns", "metrics"), { nil: undefined }),
    }),
    fc.record({
      protocol: fc.option(fc.constantFrom(...s.protocols), { nil: undefined }),
      port: fc.constantFrom(79, 8000),
      endPort: fc.constantFrom(81, 9000),
    }),
  );
}

function policyArb(s: RandomClusterShape, i: number): fc.Arbitrary<NetworkPolicy> {
  const rule: fc.Arbitrary<NetworkPolicyRule> = fc.record({
    peers: fc.option(fc.array(peerArb(s), { maxLength: 2 }), { nil: undefined }),
    ports: fc.option(fc.array(portItemArb(s), { maxLength: 2 }), { nil: undefined }),
  });
  return fc.record({
    namespace: fc.constantFrom("ns1", "ns2", "ns3"),
    name: fc.constant(`p${i}`),
    labels: fc.constant({}),
    podSelector: selectorArb,
    policyTypes: fc.option(fc.subarray(["Ingress" as const, "Egress" as const]), { nil: undefined }),
    ingress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
  });
}

const containerPortsArb = (protocols: readonly Protocol[]) =>
  fc.array(
    fc.record({
      name: fc.constantFrom("http", "dns", "metrics"),
      containerPort: fc.constantFrom(80, 53, 8080, 9000),
      protocol: fc.constantFrom(...protocols),
    }),
    { maxLength: 2 },
  );

function podArb(s: RandomClusterShape, i: number): fc.Arbitrary<Pod> {
  const fixedIp = s.podIp;
  if (fixedIp) {
    return fc
      .record({
        namespace: fc.constantFrom("ns1", "ns2", "ns3"),
        labels: labelsArb,
        ports: containerPortsArb(s.protocols),
      })
      .map((r) =>
        pod(r.namespace, `pod${i}`, r.labels, {
          podIPs: [fixedIp(i)],
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
  }
  return fc
    .record({
      namespace: fc.constantFrom("ns1", "ns2", "ns3"),
      labels: labelsArb,
      ports: containerPortsArb(s.protocols),
      ip: fc.option(fc.constantFrom(...s.podIps), { nil: undefined }),
      hostNetwork: fc.boolean().map((b) => b && i % 4 === 3),
      node: fc.constantFrom("n1", "n2"),
      representative: fc.boolean().map((b) => b && i % 3 === 0),
    })
    .map((r) =>
      pod(r.namespace, `pod${i}`, r.labels, {
        ports: r.ports.filter((p, j, all) => all.findIndex((q) => q.name === p.name) === j),
        podIPs: r.representative
          ? []
          : r.hostNetwork
            ? [r.node === "n1" ? "192.168.1.1" : "192.168.1.2"]
            : r.ip
              ? [`${r.ip}`]
              : [],
        hostNetwork: r.hostNetwork,
        nodeName: r.representative ? undefined : r.node,
        hostIP: r.representative ? undefined : r.node === "n1" ? "192.168.1.1" : "192.168.1.2",
        representative: r.representative,
        workload: r.representative
          ? { kind: "Deployment", name: `pod${i}` }
          : { kind: "Pod", name: `pod${i}` },
      }),
    );
}

// docs/semantics.md §1b: cluster-tier policies of both API generations, with priorities that tie.
function cnpPeerArb(s: RandomClusterShape, egress: boolean): fc.Arbitrary<ClusterPolicyPeer> {
  return fc.oneof(
    selectorArb.map((namespaces) => ({ set: ["namespaces"], namespaces })),
    fc
      .record({ namespaceSelector: selectorArb, podSelector: selectorArb })
      .map((pods) => ({ set: ["pods"], pods })),
    ...(egress
      ? [
          fc
            .subarray([...s.cidrs], { minLength: 1, maxLength: 2 })
            .map((networks) => ({ set: ["networks"], networks })),
        ]
      : []),
  );
}

function cnpPortArb(s: RandomClusterShape): fc.Arbitrary<ClusterPolicyPort> {
  return fc.oneof(
    fc
      .record({ protocol: fc.constantFrom(...s.protocols), port: fc.constantFrom(80, 443, 53, 8080) })
      .map((p) => ({ set: [p.protocol.toLowerCase()], ...p })),
    fc
      .record({
        protocol: fc.constantFrom(...s.protocols),
        start: fc.constantFrom(79, 8000),
        end: fc.constantFrom(81, 9000),
      })
      .map((p) => ({
        set: [p.protocol.toLowerCase()],
        protocol: p.protocol,
        range: { start: p.start, end: p.end },
      })),
    ...(s.clusterNamedPorts
      ? [
          fc
            .constantFrom("http", "dns", "metrics")
            .map((namedPort) => ({ set: ["destinationNamedPort"], namedPort })),
        ]
      : []),
  );
}

function cnpRuleArb(s: RandomClusterShape, egress: boolean): fc.Arbitrary<ClusterPolicyRule> {
  return fc.record({
    action: fc.constantFrom("Accept", "Deny", "Pass"),
    peers: fc.array(cnpPeerArb(s, egress), { minLength: 1, maxLength: 2 }),
    ports: fc.option(fc.array(cnpPortArb(s), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  });
}

/** v1alpha1 spells Accept as Allow and ports as portNumber / portRange / namedPort. */
function asAlpha1(rule: ClusterPolicyRule): ClusterPolicyRule {
  return {
    ...rule,
    action: rule.action === "Accept" ? "Allow" : rule.action,
    ...(rule.ports
      ? {
          ports: rule.ports.map((p) => ({
            ...p,
            set: [p.namedPort !== undefined ? "namedPort" : p.range ? "portRange" : "portNumber"],
          })),
        }
      : {}),
  };
}

function cnpArb(s: RandomClusterShape, i: number): fc.Arbitrary<ClusterNetworkPolicy> {
  return fc
    .record({
      kind: fc.constantFrom(...s.clusterKinds),
      tier: fc.constantFrom("Admin", "Baseline"),
      priority: fc.constantFrom(0, 1, 2),
      subject: fc.oneof(
        selectorArb.map((namespaces) => ({ set: ["namespaces"], namespaces })),
        fc
          .record({ namespaceSelector: selectorArb, podSelector: selectorArb })
          .map((pods) => ({ set: ["pods"], pods })),
      ),
      ingress: fc.option(fc.array(cnpRuleArb(s, false), { maxLength: 2 }), { nil: undefined }),
      egress: fc.option(fc.array(cnpRuleArb(s, true), { maxLength: 2 }), { nil: undefined }),
    })
    .map((r): ClusterNetworkPolicy => {
      const alpha1 = r.kind === "anp" || r.kind === "banp";
      const rules = (list: ClusterPolicyRule[] | undefined) =>
        list
          ?.map((x) => (alpha1 ? asAlpha1(x) : x))
          .map((x) => (r.kind === "banp" && x.action === "Pass" ? { ...x, action: "Deny" } : x));
      return {
        kind:
          r.kind === "anp"
            ? "AdminNetworkPolicy"
            : r.kind === "banp"
              ? "BaselineAdminNetworkPolicy"
              : "ClusterNetworkPolicy",
        apiVersion: `policy.networking.k8s.io/${alpha1 ? "v1alpha1" : r.kind}`,
        name: r.kind === "banp" ? "default" : `c${i}`,
        labels: {},
        tier: r.kind === "anp" ? "Admin" : r.kind === "banp" ? "Baseline" : r.tier,
        ...(r.kind === "banp" ? {} : { priority: r.priority }),
        subject: r.subject,
        ...(r.ingress ? { ingress: rules(r.ingress) } : {}),
        ...(r.egress ? { egress: rules(r.egress) } : {}),
        schemaProblems: [],
      };
    });
}

function listOf<T>(range: { min: number; max: number }, item: (i: number) => fc.Arbitrary<T>) {
  return fc
    .integer(range)
    .chain((n) =>
      n === 0 ? fc.constant([] as T[]) : fc.tuple(...Array.from({ length: n }, (_, i) => item(i))),
    );
}

/** A random cluster of `shape`: pods, NetworkPolicies, namespace labels and cluster-tier policies. */
export function randomClusterArb(shape: RandomClusterShape): fc.Arbitrary<Snapshot> {
  return fc
    .tuple(
      listOf({ min: Math.max(1, shape.pods.min), max: shape.pods.max }, (i) => podArb(shape, i)),
      listOf(shape.policies, (i) => policyArb(shape, i)),
      fc.dictionary(fc.constantFrom("ns1", "ns2", "ns3"), labelsArb),
      listOf(shape.clusterPolicies, (i) => cnpArb(shape, i)),
    )
    .map(([pods, policies, nsLabels, drawn]) => {
      // Pod IPs are unique in a cluster.
      const used = new Set<string>();
      const unique = pods.map((p) => {
        const ips = p.hostNetwork ? p.podIPs : p.podIPs.filter((ip) => !used.has(ip));
        ips.forEach((ip) => used.add(ip));
        return { ...p, podIPs: ips };
      });
      const baselines = drawn.filter((c) => c.kind === "BaselineAdminNetworkPolicy");
      const clusterPolicies = shape.oneBaseline
        ? drawn.filter((c) => c.kind !== "BaselineAdminNetworkPolicy" || c === baselines[0])
        : drawn;
      return cluster({
        pods: unique,
        policies,
        namespaces: { ns1: nsLabels.ns1 ?? {}, ns2: nsLabels.ns2 ?? {}, ns3: nsLabels.ns3 ?? {} },
        clusterNetworkPolicies: clusterPolicies,
      });
    });
}
