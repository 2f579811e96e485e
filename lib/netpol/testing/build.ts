import type {
  ClusterNetworkPolicy,
  ClusterPolicyPeer,
  ClusterPolicyPort,
  ClusterPolicyRule,
} from "@/lib/model/cluster-policy-types";
import {
  emptyContainer,
  emptyPodSpec,
  emptySnapshot,
  type ContainerPort,
  type LabelSelector,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type NetworkPolicyRule,
  type Pod,
  type Snapshot,
  type WorkloadRef,
} from "@/lib/model/types";

// Small builders for hand-made snapshots in the netpol tests (test-only code).

export function sel(
  matchLabels: Record<string, string> = {},
  matchExpressions: LabelSelector["matchExpressions"] = [],
): LabelSelector {
  return { matchLabels, matchExpressions };
}

export function pod(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  extra: Partial<Pod> & { ports?: ContainerPort[] } = {},
): Pod {
  const { ports, ...rest } = extra;
  const workload: WorkloadRef = rest.workload ?? { kind: "Pod", name };
  return {
    namespace,
    name,
    ...emptyPodSpec(labels),
    containers: [{ ...emptyContainer("main"), ports: ports ?? [] }],
    workload,
    podIPs: [],
    representative: false,
    ...rest,
  };
}

export function policy(
  namespace: string,
  name: string,
  spec: {
    podSelector?: LabelSelector;
    policyTypes?: NetworkPolicy["policyTypes"];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  } = {},
): NetworkPolicy {
  return {
    namespace,
    name,
    labels: {},
    podSelector: spec.podSelector ?? sel(),
    policyTypes: spec.policyTypes,
    ingress: spec.ingress,
    egress: spec.egress,
  };
}

export function rule(peers?: NetworkPolicyPeer[], ports?: NetworkPolicyPort[]): NetworkPolicyRule {
  return { peers, ports };
}

export function cluster(
  parts: {
    namespaces?: Record<string, Record<string, string>>;
    pods?: Pod[];
    policies?: NetworkPolicy[];
  } & Omit<Partial<Snapshot>, "namespaces" | "pods" | "networkPolicies">,
): Snapshot {
  const { namespaces, pods, policies, ...rest } = parts;
  const names = new Set([
    ...Object.keys(namespaces ?? {}),
    ...(pods ?? []).map((p) => p.namespace),
    ...(policies ?? []).map((p) => p.namespace),
  ]);
  return {
    ...emptySnapshot(),
    namespaces: [...names].map((n) => ({
      name: n,
      labels: { ...(namespaces?.[n] ?? {}), "kubernetes.io/metadata.name": n },
    })),
    pods: pods ?? [],
    networkPolicies: policies ?? [],
    ...rest,
  };
}

/** A ClusterNetworkPolicy (v1beta1 unless `kind`/`apiVersion` say otherwise), one-of fields filled in. */
export function cnp(
  name: string,
  spec: {
    tier?: string;
    priority?: number;
    kind?: ClusterNetworkPolicy["kind"];
    subject: {
      namespaces?: LabelSelector;
      pods?: { namespaceSelector: LabelSelector; podSelector: LabelSelector };
    };
    ingress?: (Omit<ClusterPolicyRule, "peers"> & { peers?: Omit<ClusterPolicyPeer, "set">[] })[];
    egress?: (Omit<ClusterPolicyRule, "peers"> & { peers?: Omit<ClusterPolicyPeer, "set">[] })[];
  },
): ClusterNetworkPolicy {
  const kind = spec.kind ?? "ClusterNetworkPolicy";
  const alpha1 = kind !== "ClusterNetworkPolicy";
  const rules = (
    list?: (Omit<ClusterPolicyRule, "peers"> & { peers?: Omit<ClusterPolicyPeer, "set">[] })[],
  ) =>
    list?.map((r): ClusterPolicyRule => ({
      action: r.action,
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.ports ? { ports: r.ports } : {}),
      ...(r.peers ? { peers: r.peers.map((p) => ({ ...p, set: Object.keys(p) })) } : {}),
    }));
  return {
    kind,
    apiVersion: `policy.networking.k8s.io/${alpha1 ? "v1alpha1" : "v1beta1"}`,
    name,
    labels: {},
    tier:
      kind === "AdminNetworkPolicy"
        ? "Admin"
        : kind === "BaselineAdminNetworkPolicy"
          ? "Baseline"
          : (spec.tier ?? "Admin"),
    ...(kind === "BaselineAdminNetworkPolicy" ? {} : { priority: spec.priority ?? 0 }),
    subject: { ...spec.subject, set: Object.keys(spec.subject) },
    ...(spec.ingress ? { ingress: rules(spec.ingress) } : {}),
    ...(spec.egress ? { egress: rules(spec.egress) } : {}),
    schemaProblems: [],
  };
}

/** A port item of a ClusterNetworkPolicy rule. */
export function cport(protocol: "TCP" | "UDP" | "SCTP", from: number, to?: number): ClusterPolicyPort {
  return to === undefined
    ? { set: [protocol.toLowerCase()], protocol, port: from }
    : { set: [protocol.toLowerCase()], protocol, range: { start: from, end: to } };
}
