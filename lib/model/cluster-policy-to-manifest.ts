import type {
  ClusterNetworkPolicy,
  ClusterPolicyPeer,
  ClusterPolicyPort,
  ClusterPolicyRule,
  NamespacedPodSelector,
} from "@/lib/model/cluster-policy-types";
import type { LabelSelector } from "@/lib/model/types";

// A cluster-tier policy (docs/semantics.md §1b) written back as its manifest, in the field names of its API
// generation (v1alpha2/v1beta1 `protocols`, v1alpha1 `ports`), so that a saved snapshot loads into the same
// policy. The one-of lists (`set`) say which fields were written.

type Raw = Record<string, unknown>;

/** A label selector as written in a manifest (empty parts left out). */
export const selector = (s: LabelSelector) => ({
  ...(Object.keys(s.matchLabels).length > 0 ? { matchLabels: s.matchLabels } : {}),
  ...(s.matchExpressions.length > 0
    ? {
        matchExpressions: s.matchExpressions.map((e) => ({
          key: e.key,
          operator: e.operator,
          ...(e.values.length > 0 ? { values: e.values } : {}),
        })),
      }
    : {}),
});

const pods = (p: NamespacedPodSelector) => ({
  namespaceSelector: selector(p.namespaceSelector),
  podSelector: selector(p.podSelector),
});

function peer(p: ClusterPolicyPeer): Raw {
  return {
    ...(p.namespaces ? { namespaces: selector(p.namespaces) } : {}),
    ...(p.pods ? { pods: pods(p.pods) } : {}),
    ...(p.networks ? { networks: p.networks } : {}),
    ...(p.nodes ? { nodes: selector(p.nodes) } : {}),
    ...(p.domainNames ? { domainNames: p.domainNames } : {}),
  };
}

function protocolItem(p: ClusterPolicyPort): Raw {
  if (p.namedPort !== undefined) return { destinationNamedPort: p.namedPort };
  const dest = p.range ? { range: p.range } : { number: p.port };
  return { [(p.protocol ?? "TCP").toLowerCase()]: { destinationPort: dest } };
}

function portItem(p: ClusterPolicyPort): Raw {
  if (p.namedPort !== undefined) return { namedPort: p.namedPort };
  if (p.range) return { portRange: { protocol: p.protocol ?? "TCP", ...p.range } };
  return { portNumber: { protocol: p.protocol ?? "TCP", port: p.port } };
}

function rules(list: readonly ClusterPolicyRule[], peersKey: "from" | "to", alpha1: boolean): Raw[] {
  return list.map((r) => ({
    ...(r.name !== undefined ? { name: r.name } : {}),
    action: r.action,
    ...(r.peers ? { [peersKey]: r.peers.map(peer) } : {}),
    ...(r.ports ? { [alpha1 ? "ports" : "protocols"]: r.ports.map(alpha1 ? portItem : protocolItem) } : {}),
  }));
}

export function clusterPolicyToManifest(p: ClusterNetworkPolicy): Raw {
  const alpha1 = p.kind !== "ClusterNetworkPolicy";
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: { name: p.name, ...(Object.keys(p.labels).length > 0 ? { labels: p.labels } : {}) },
    spec: {
      ...(p.kind === "ClusterNetworkPolicy" ? { tier: p.tier } : {}),
      ...(p.priority !== undefined ? { priority: p.priority } : {}),
      subject: {
        ...(p.subject.namespaces ? { namespaces: selector(p.subject.namespaces) } : {}),
        ...(p.subject.pods ? { pods: pods(p.subject.pods) } : {}),
      },
      ...(p.ingress ? { ingress: rules(p.ingress, "from", alpha1) } : {}),
      ...(p.egress ? { egress: rules(p.egress, "to", alpha1) } : {}),
    },
  };
}
