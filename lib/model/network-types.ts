import type { LabelSelector, Labels, Protocol } from "@/lib/model/types";

// Services, ingresses and NetworkPolicies as the snapshot holds them (docs/semantics.md §1).

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

interface ServicePort {
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

interface IngressRule {
  /** Absent: the rule applies to every host. */
  host?: string;
  paths: readonly { path: string; backend: IngressBackend }[];
}

interface IngressTls {
  hosts: readonly string[];
  secretName?: string;
}

/** One entry of an Ingress's status.loadBalancer.ingress: where its controller serves it. */
interface IngressLoadBalancer {
  ip?: string;
  hostname?: string;
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
  /** status.loadBalancer.ingress: empty until a controller publishes an address (and in most manifests). */
  loadBalancer: readonly IngressLoadBalancer[];
}

// ---------------------------------------------------------------- network policies (docs/semantics.md §1)

export type PolicyType = "Ingress" | "Egress";

interface IPBlock {
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
