import type {
  ClusterNetworkPolicy,
  ClusterPolicyPeer,
  ClusterPolicyPort,
  ClusterPolicyRule,
} from "@/lib/model/cluster-policy-types";
import type { LabelSelector } from "@/lib/model/types";

// Cluster-tier policies (docs/semantics.md §1b) written back as the manifests they were read from
// (map-cluster-policies.ts read in reverse): a saved snapshot keeps its tiers, and the dataplane test creates
// generated policies in an API server.

type Raw = Record<string, unknown>;

export function selectorManifest(s: LabelSelector): Raw {
  return {
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
  };
}

function peerManifest(p: ClusterPolicyPeer): Raw {
  return {
    ...(p.namespaces ? { namespaces: selectorManifest(p.namespaces) } : {}),
    ...(p.pods
      ? {
          pods: {
            namespaceSelector: selectorManifest(p.pods.namespaceSelector),
            podSelector: selectorManifest(p.pods.podSelector),
          },
        }
      : {}),
    ...(p.networks ? { networks: p.networks } : {}),
    ...(p.nodes ? { nodes: selectorManifest(p.nodes) } : {}),
    ...(p.domainNames ? { domainNames: p.domainNames } : {}),
  };
}

/** v1alpha1 `ports` item. */
function alpha1Port(p: ClusterPolicyPort): Raw {
  if (p.namedPort !== undefined) return { namedPort: p.namedPort };
  if (p.range) return { portRange: { protocol: p.protocol ?? "TCP", ...p.range } };
  return { portNumber: { protocol: p.protocol ?? "TCP", port: p.port } };
}

/** v1alpha2 / v1beta1 `protocols` item. */
function protocolItem(p: ClusterPolicyPort): Raw {
  if (p.namedPort !== undefined) return { destinationNamedPort: p.namedPort };
  const destinationPort = p.range ? { range: p.range } : { number: p.port };
  return { [(p.protocol ?? "TCP").toLowerCase()]: { destinationPort } };
}

function ruleManifest(r: ClusterPolicyRule, peersKey: "from" | "to", alpha1: boolean): Raw {
  return {
    ...(r.name !== undefined ? { name: r.name } : {}),
    action: r.action,
    ...(r.peers ? { [peersKey]: r.peers.map(peerManifest) } : {}),
    ...(r.ports
      ? alpha1
        ? { ports: r.ports.map(alpha1Port) }
        : { protocols: r.ports.map(protocolItem) }
      : {}),
  };
}

export function clusterPolicyManifest(p: ClusterNetworkPolicy): Raw {
  const alpha1 = p.kind !== "ClusterNetworkPolicy";
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: { name: p.name, ...(Object.keys(p.labels).length > 0 ? { labels: p.labels } : {}) },
    spec: {
      ...(alpha1 ? {} : { tier: p.tier }),
      ...(p.priority !== undefined ? { priority: p.priority } : {}),
      subject: {
        ...(p.subject.namespaces ? { namespaces: selectorManifest(p.subject.namespaces) } : {}),
        ...(p.subject.pods
          ? {
              pods: {
                namespaceSelector: selectorManifest(p.subject.pods.namespaceSelector),
                podSelector: selectorManifest(p.subject.pods.podSelector),
              },
            }
          : {}),
      },
      ...(p.ingress ? { ingress: p.ingress.map((r) => ruleManifest(r, "from", alpha1)) } : {}),
      ...(p.egress ? { egress: p.egress.map((r) => ruleManifest(r, "to", alpha1)) } : {}),
    },
  };
}
