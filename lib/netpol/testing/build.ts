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
