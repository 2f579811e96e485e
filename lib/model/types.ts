// The snapshot: the one narrow, typed model every engine reads (docs/architecture.md "Data flow").
// Wire objects are mapped into these types once, at the source boundary (lib/model/map-object.ts);
// nothing past that boundary sees raw Kubernetes objects. Fields whose absence means something to the
// Kubernetes semantics (policyTypes, ingress/egress, from/to, ports) stay optional; every other field
// is required and defaulted at the boundary.

import type {
  ApiService,
  CertConfigMap,
  CertManagerCertificate,
  CertificateRequest,
  CertificateSigningRequest,
  CustomResourceDefinition,
  KubeconfigCerts,
  SecretMeta,
  ServedCertificate,
  WebhookConfiguration,
} from "@/lib/model/certificate-types";
import type { ClusterNetworkPolicy, UnevaluatedPolicy } from "@/lib/model/cluster-policy-types";
import type { Ingress, NetworkPolicy, Service } from "@/lib/model/network-types";
import type { Node, Role, RoleBinding, ServiceAccount } from "@/lib/model/rbac-types";
import type { Container, Pod, PodSpecSummary, Workload } from "@/lib/model/workload-types";

// The snapshot's parts, one file per area; importers name them all through this file.
export type * from "@/lib/model/certificate-types";
export type * from "@/lib/model/network-types";
export type * from "@/lib/model/rbac-types";
export type * from "@/lib/model/workload-types";

export type Labels = Readonly<Record<string, string>>;

/** A reference to an object, as findings and view models print it. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export type Protocol = "TCP" | "UDP" | "SCTP";

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  /** As written: anything but a SelectorOperator is invalid, matches nothing, and is reported by the engines. */
  operator: SelectorOperator | (string & {});
  values: readonly string[];
}

/** A metav1.LabelSelector. `{matchLabels: {}, matchExpressions: []}` selects everything. */
export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: readonly LabelSelectorRequirement[];
}

export interface Namespace {
  name: string;
  /** Always holds `kubernetes.io/metadata.name` (docs/semantics.md §1.13: injected when a manifest lacks it). */
  labels: Labels;
}

// ---------------------------------------------------------------- the snapshot

/** A problem met while building the snapshot; the rest of the input is still used. */
export interface LoadWarning {
  file?: string;
  /** 1-based position of the document in a multi-document file or List. */
  document?: number;
  /** Dotted path of the offending field. */
  field?: string;
  object?: ObjectRef;
  message: string;
  /** The whole file could not be read as manifests (a device, a FIFO, PEM or binary text): nothing of it is used. */
  unreadable?: true;
}

/** A part of the cluster that could not be read: the page says so and shows the rest. */
export interface AccessGap {
  /** The resource as the API names it, e.g. "networkpolicies". */
  resource: string;
  /** Absent: cluster-wide. */
  namespace?: string;
  /**
   * "too-large": the list is over Vigil's byte bound for one Kubernetes answer (docs/security.md). "not-read":
   * Vigil is set not to read it (TLS Secrets without VIGIL_READ_TLS_SECRETS), whatever the viewer may read.
   */
  status: "forbidden" | "unavailable" | "too-large" | "not-read";
  message: string;
}

export interface SnapshotSource {
  kind: "live" | "manifests" | "demo";
  /** The cluster or context name, or the manifest paths. */
  name: string;
  /** ISO-8601: when the data was read. */
  takenAt: string;
}

export interface Snapshot {
  source: SnapshotSource;
  namespaces: readonly Namespace[];
  pods: readonly Pod[];
  workloads: readonly Workload[];
  services: readonly Service[];
  ingresses: readonly Ingress[];
  networkPolicies: readonly NetworkPolicy[];
  /** Cluster-scoped tiers: ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy. */
  clusterNetworkPolicies: readonly ClusterNetworkPolicy[];
  /** Policy kinds Vigil detects but does not evaluate (NET-011). */
  unevaluatedPolicies: readonly UnevaluatedPolicy[];
  roles: readonly Role[];
  bindings: readonly RoleBinding[];
  serviceAccounts: readonly ServiceAccount[];
  nodes: readonly Node[];
  configMaps: readonly CertConfigMap[];
  webhookConfigurations: readonly WebhookConfiguration[];
  apiServices: readonly ApiService[];
  crds: readonly CustomResourceDefinition[];
  csrs: readonly CertificateSigningRequest[];
  certManagerCertificates: readonly CertManagerCertificate[];
  certificateRequests: readonly CertificateRequest[];
  secrets: readonly SecretMeta[];
  kubeconfigs: readonly KubeconfigCerts[];
  servedCertificates: readonly ServedCertificate[];
  warnings: readonly LoadWarning[];
  gaps: readonly AccessGap[];
}

/** An empty snapshot, for building test inputs: `{...emptySnapshot(), pods: [...]}`. */
export function emptySnapshot(
  source: SnapshotSource = { kind: "manifests", name: "", takenAt: "1970-01-01T00:00:00.000Z" },
): Snapshot {
  return {
    source,
    namespaces: [],
    pods: [],
    workloads: [],
    services: [],
    ingresses: [],
    networkPolicies: [],
    clusterNetworkPolicies: [],
    unevaluatedPolicies: [],
    roles: [],
    bindings: [],
    serviceAccounts: [],
    nodes: [],
    configMaps: [],
    webhookConfigurations: [],
    apiServices: [],
    crds: [],
    csrs: [],
    certManagerCertificates: [],
    certificateRequests: [],
    secrets: [],
    kubeconfigs: [],
    servedCertificates: [],
    warnings: [],
    gaps: [],
  };
}

/** A container with nothing set but its name and image, for building test inputs: `{...emptyContainer("app"), ...}`. */
export function emptyContainer(name: string, image = "example/app:1", index = 0): Container {
  return {
    name,
    field: `containers[${index}]`,
    image,
    command: [],
    args: [],
    ports: [],
    envSecretRefs: [],
    secretEnv: [],
    volumeMounts: [],
    probeHosts: [],
    resourceLimits: [],
    security: { privileged: false, readOnlyRootFilesystem: false, capabilitiesAdd: [], capabilitiesDrop: [] },
  };
}

/** A pod spec with every field at its API default, for building test inputs. */
export function emptyPodSpec(labels: Labels = {}): PodSpecSummary {
  return {
    labels,
    annotations: {},
    serviceAccountName: "default",
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    containers: [],
    initContainers: [],
    security: { sysctls: [] },
    volumes: [],
    volumeSecretRefs: [],
  };
}
