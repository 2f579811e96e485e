// The snapshot: the one narrow, typed model every engine reads (docs/architecture.md "Data flow").
// Wire objects are mapped into these types once, at the source boundary (lib/model/map-object.ts);
// nothing past that boundary sees raw Kubernetes objects. Fields whose absence means something to the
// Kubernetes semantics (policyTypes, ingress/egress, from/to, ports) stay optional; every other field
// is required and defaulted at the boundary.

import type { ClusterNetworkPolicy, UnevaluatedPolicy } from "@/lib/model/cluster-policy-types";

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

// ---------------------------------------------------------------- workloads and pods

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob";

/** The top-level controller of a pod; kind "Pod" for a bare pod. */
export interface WorkloadRef {
  kind: WorkloadKind | "Pod";
  name: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
  /** As written (0 or absent: none). A Pod with hostNetwork gets it defaulted from containerPort by the API server. */
  hostPort?: number;
}

/** SELinux options as Pod Security compares them (the level is not checked). */
export interface SeLinuxOptions {
  type: string;
  user: string;
  role: string;
}

export interface ContainerSecurity {
  privileged: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem: boolean;
  capabilitiesAdd: readonly string[];
  capabilitiesDrop: readonly string[];
  /** `seccompProfile.type` as written (RuntimeDefault, Localhost, Unconfined). */
  seccompProfile?: string;
  /** `appArmorProfile.type` as written. */
  appArmorProfile?: string;
  seLinuxOptions?: SeLinuxOptions;
  procMount?: string;
  /** `windowsOptions.hostProcess`. */
  windowsHostProcess?: boolean;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
}

/** A host named by a probe or lifecycle handler (`httpGet.host`, `tcpSocket.host`). */
export interface ProbeHost {
  /** Path relative to the container, e.g. `livenessProbe.httpGet.host`. */
  field: string;
  host: string;
}

/** A Secret read into an environment variable. Only the pod spec: never the Secret. */
export interface SecretEnvRef {
  secretName: string;
  /** Path relative to the container, e.g. `env[2].valueFrom.secretKeyRef` or `envFrom[0].secretRef`. */
  field: string;
  /** The variable name for `env`; absent for `envFrom` (every key becomes one). */
  variable?: string;
}

export interface Container {
  name: string;
  /** Where it sits in the pod spec: `containers[0]`, `initContainers[1]` or `ephemeralContainers[0]`. */
  field: string;
  image: string;
  command: readonly string[];
  args: readonly string[];
  ports: readonly ContainerPort[];
  /** Names of Secrets this container reads into environment variables (env valueFrom or envFrom). */
  envSecretRefs: readonly string[];
  secretEnv: readonly SecretEnvRef[];
  volumeMounts: readonly VolumeMount[];
  probeHosts: readonly ProbeHost[];
  /** The resource names that have a limit (`cpu`, `memory`, ...). */
  resourceLimits: readonly string[];
  security: ContainerSecurity;
}

export interface PodSecurity {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: string;
  appArmorProfile?: string;
  seLinuxOptions?: SeLinuxOptions;
  windowsHostProcess?: boolean;
  /** The names of `securityContext.sysctls`, in order. */
  sysctls: readonly string[];
}

/**
 * A volume: its name and the kind of its source as the API reads it (`hostPath`, `emptyDir`, `nfs`...). A volume
 * written with no source the API knows is defaulted to `emptyDir`.
 */
export interface Volume {
  name: string;
  source: string;
  hostPath?: { path: string; type?: string };
}

/** What a pod and a workload's pod template have in common. */
export interface PodSpecSummary {
  labels: Labels;
  /** The pod's (or template's) annotations: Pod Security reads the AppArmor and old seccomp ones. */
  annotations: Labels;
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  hostNetwork: boolean;
  hostPID: boolean;
  /** `spec.shareProcessNamespace`: the containers of the pod see one another's processes. */
  shareProcessNamespace?: boolean;
  hostIPC: boolean;
  /** `false` runs the pod in a user namespace. */
  hostUsers?: boolean;
  /** `spec.os.name` (linux, windows). */
  os?: string;
  volumes: readonly Volume[];
  containers: readonly Container[];
  /** Init and ephemeral containers are folded in here: their ports never serve traffic. */
  initContainers: readonly Container[];
  security: PodSecurity;
  /** Names of Secrets mounted as volumes. */
  volumeSecretRefs: readonly string[];
}

export interface Pod extends PodSpecSummary {
  namespace: string;
  name: string;
  workload: WorkloadRef;
  nodeName?: string;
  podIPs: readonly string[];
  hostIP?: string;
  phase?: string;
  /**
   * True when this pod was not read from the cluster but stands for the pods of a workload template
   * (a manifests-only input such as a GitOps repository). Its name is the workload's name.
   */
  representative: boolean;
}

export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  labels: Labels;
  /** The controller that owns this one (a Deployment's ReplicaSet, a CronJob's Job). */
  owner?: WorkloadRef;
  replicas?: number;
  template: PodSpecSummary;
}

// ---------------------------------------------------------------- services and ingresses

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

export interface ServicePort {
  name?: string;
  protocol: Protocol;
  port: number;
  /** A number or a container port name; defaults to `port`. */
  targetPort: number | string;
  nodePort?: number;
}

export interface Service {
  namespace: string;
  name: string;
  labels: Labels;
  type: ServiceType;
  /** Absent for a service without selector (its endpoints are managed by hand). */
  selector?: Labels;
  ports: readonly ServicePort[];
  clusterIPs: readonly string[];
  externalIPs: readonly string[];
  loadBalancerSourceRanges: readonly string[];
}

export interface IngressBackend {
  serviceName: string;
  /** Port number or port name. */
  servicePort?: number | string;
}

export interface IngressRule {
  /** Absent: the rule applies to every host. */
  host?: string;
  paths: readonly { path: string; backend: IngressBackend }[];
}

export interface IngressTls {
  hosts: readonly string[];
  secretName?: string;
}

export interface Ingress {
  namespace: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  rules: readonly IngressRule[];
  tls: readonly IngressTls[];
}

// ---------------------------------------------------------------- network policies (docs/semantics.md §1)

export type PolicyType = "Ingress" | "Egress";

export interface IPBlock {
  cidr: string;
  except: readonly string[];
}

/** One item of `from` / `to`. Every field may be absent: an item with none is invalid (rule 21). */
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  /** As written: absent means TCP; anything other than TCP, UDP or SCTP is invalid (rule 21). */
  protocol?: string;
  /** Absent means every port of the protocol. */
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyRule {
  /** `from` for ingress rules, `to` for egress rules. Absent and empty both mean every peer (rule 8). */
  peers?: readonly NetworkPolicyPeer[];
  /** Absent and empty both mean every protocol and port (rule 8). */
  ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicy {
  namespace: string;
  name: string;
  labels: Labels;
  podSelector: LabelSelector;
  /** As written; absent means the defaults of rule 3. A value other than Ingress or Egress is invalid (rule 21). */
  policyTypes?: readonly (PolicyType | (string & {}))[];
  /** As written; `[]` is defaulted like an absent list, as the API server does (rule 3). */
  ingress?: readonly NetworkPolicyRule[];
  egress?: readonly NetworkPolicyRule[];
}

// ---------------------------------------------------------------- RBAC (docs/semantics.md §2)

export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

export interface Role {
  kind: "Role" | "ClusterRole";
  /** Present for a Role only. */
  namespace?: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  /** The rules as stored. For an aggregated ClusterRole these are ignored (lib/rbac resolves them). */
  rules: readonly PolicyRule[];
  aggregationRule?: { clusterRoleSelectors: readonly LabelSelector[] };
}

export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  /** For a ServiceAccount subject as written; absent in a RoleBinding means the binding's namespace. */
  namespace?: string;
}

export interface RoleBinding {
  kind: "RoleBinding" | "ClusterRoleBinding";
  /** Present for a RoleBinding only. */
  namespace?: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  roleRef: { kind: "Role" | "ClusterRole"; name: string };
  subjects: readonly Subject[];
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  automountServiceAccountToken?: boolean;
}

// ---------------------------------------------------------------- nodes

export interface NodeAddress {
  type: string;
  address: string;
}

export interface Node {
  name: string;
  labels: Labels;
  addresses: readonly NodeAddress[];
  podCIDRs: readonly string[];
}

// ---------------------------------------------------------------- certificate sources (docs/semantics.md §3)

/** A PEM text as found; it may hold several certificates (a bundle). */
export type Pem = string;

export interface ServiceReference {
  namespace: string;
  name: string;
  port?: number;
  path?: string;
}

/** A ConfigMap, keeping only the keys whose value holds a PEM certificate. */
export interface CertConfigMap {
  namespace: string;
  name: string;
  certificates: Readonly<Record<string, Pem>>;
}

export interface WebhookClientConfig {
  /** Decoded from base64. */
  caBundle?: Pem;
  service?: ServiceReference;
  url?: string;
}

export interface WebhookConfiguration {
  kind: "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration";
  name: string;
  webhooks: readonly ({ name: string } & WebhookClientConfig)[];
}

export interface ApiService {
  name: string;
  group: string;
  version: string;
  service?: ServiceReference;
  /** Decoded from base64. */
  caBundle?: Pem;
  insecureSkipTLSVerify: boolean;
}

export interface CustomResourceDefinition {
  name: string;
  group: string;
  kind: string;
  /** Present when the CRD converts through a webhook. */
  conversionWebhook?: WebhookClientConfig;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface CertificateSigningRequest {
  name: string;
  signerName: string;
  username?: string;
  groups: readonly string[];
  usages: readonly string[];
  /** Decoded from base64 (`status.certificate`). */
  certificate?: Pem;
  conditions: readonly Condition[];
}

/** A cert-manager.io Certificate. */
export interface CertManagerCertificate {
  namespace: string;
  name: string;
  secretName: string;
  commonName?: string;
  dnsNames: readonly string[];
  issuerRef: { kind: string; name: string; group?: string };
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  conditions: readonly Condition[];
}

/** A cert-manager.io CertificateRequest. */
export interface CertificateRequest {
  namespace: string;
  name: string;
  /** Decoded from base64 (`status.certificate`, `status.ca`). */
  certificate?: Pem;
  ca?: Pem;
  conditions: readonly Condition[];
}

/**
 * Secret metadata. Values are never kept, except the certificates of a `kubernetes.io/tls` Secret
 * (`tls.crt`, `ca.crt`); `tls.key` is dropped at the boundary.
 */
export interface SecretMeta {
  namespace: string;
  name: string;
  type: string;
  /** The names of the data keys, without their values. */
  keys: readonly string[];
  tls?: { certificate?: Pem; caCertificate?: Pem };
  /** For a `kubernetes.io/service-account-token` Secret: the account it belongs to (its annotation). */
  serviceAccountName?: string;
}

/** What a kubeconfig shows without any key: its clusters' CAs and its users' client certificates. */
export interface KubeconfigCerts {
  /** Where it came from (a file path, or "in-cluster"). */
  origin: string;
  clusters: readonly { name: string; server: string; certificateAuthority?: Pem }[];
  users: readonly { name: string; clientCertificate?: Pem }[];
}

/** A certificate read by a TLS handshake (live mode only). */
export interface ServedCertificate {
  /** What points at this endpoint: an Ingress, or the API server itself. */
  source: ObjectRef;
  host: string;
  port: number;
  /** The chain as served, leaf first; absent when the handshake failed. */
  chain?: Pem;
  error?: string;
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
  status: "forbidden" | "unavailable";
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
