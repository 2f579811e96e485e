import type { Labels, Protocol } from "@/lib/model/types";

// Workloads and pods as the snapshot holds them: what hardening checks, network reachability and attack paths read.

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

interface VolumeMount {
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
