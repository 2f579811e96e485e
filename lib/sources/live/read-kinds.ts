import { POLICY_KINDS } from "@/lib/sources/live/policy-kinds";

// The allowlist of the live reader (lib/sources/live/read-objects.ts): the kinds it may list and the one way a
// request path is built from them. Nothing else can be asked of the API server.

export interface ResourceKind {
  /** "" for the core group. */
  group: string;
  version: string;
  /** The plural resource name, as RBAC and URLs spell it. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Served by a CRD that many clusters lack (cert-manager): a 404 means "not installed", not a gap. */
  optional?: boolean;
  /** Older versions to try, in order, when this one is not served (404). */
  fallbackVersions?: readonly string[];
}

/** Exactly the kinds the snapshot model holds (lib/model/types.ts), in the order they are read. */
export const READ_KINDS: readonly ResourceKind[] = [
  { group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false },
  { group: "", version: "v1", resource: "nodes", kind: "Node", namespaced: false },
  { group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true },
  { group: "apps", version: "v1", resource: "deployments", kind: "Deployment", namespaced: true },
  { group: "apps", version: "v1", resource: "statefulsets", kind: "StatefulSet", namespaced: true },
  { group: "apps", version: "v1", resource: "daemonsets", kind: "DaemonSet", namespaced: true },
  { group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet", namespaced: true },
  { group: "batch", version: "v1", resource: "jobs", kind: "Job", namespaced: true },
  { group: "batch", version: "v1", resource: "cronjobs", kind: "CronJob", namespaced: true },
  { group: "", version: "v1", resource: "services", kind: "Service", namespaced: true },
  { group: "networking.k8s.io", version: "v1", resource: "ingresses", kind: "Ingress", namespaced: true },
  {
    group: "networking.k8s.io",
    version: "v1",
    resource: "networkpolicies",
    kind: "NetworkPolicy",
    namespaced: true,
  },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", kind: "Role", namespaced: true },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "clusterroles",
    kind: "ClusterRole",
    namespaced: false,
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "rolebindings",
    kind: "RoleBinding",
    namespaced: true,
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "clusterrolebindings",
    kind: "ClusterRoleBinding",
    namespaced: false,
  },
  { group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true },
  { group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    resource: "validatingwebhookconfigurations",
    kind: "ValidatingWebhookConfiguration",
    namespaced: false,
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    resource: "mutatingwebhookconfigurations",
    kind: "MutatingWebhookConfiguration",
    namespaced: false,
  },
  {
    group: "apiregistration.k8s.io",
    version: "v1",
    resource: "apiservices",
    kind: "APIService",
    namespaced: false,
  },
  {
    group: "apiextensions.k8s.io",
    version: "v1",
    resource: "customresourcedefinitions",
    kind: "CustomResourceDefinition",
    namespaced: false,
  },
  {
    group: "certificates.k8s.io",
    version: "v1",
    resource: "certificatesigningrequests",
    kind: "CertificateSigningRequest",
    namespaced: false,
  },
  {
    group: "cert-manager.io",
    version: "v1",
    resource: "certificates",
    kind: "Certificate",
    namespaced: true,
    optional: true,
  },
  {
    group: "cert-manager.io",
    version: "v1",
    resource: "certificaterequests",
    kind: "CertificateRequest",
    namespaced: true,
    optional: true,
  },
  ...POLICY_KINDS,
];

/** Read only with `includeTlsSecrets`, and then only Secrets of type kubernetes.io/tls. */
export const TLS_SECRETS: ResourceKind = {
  group: "",
  version: "v1",
  resource: "secrets",
  kind: "Secret",
  namespaced: true,
};

/** Throws for a path that is not a list of an allowlisted kind: there is no generic pass-through. */
export function listPath(kind: ResourceKind, namespace: string | undefined, query: URLSearchParams): string {
  const listed = READ_KINDS.some(
    (k) =>
      k === kind ||
      (k.group === kind.group &&
        k.resource === kind.resource &&
        k.namespaced === kind.namespaced &&
        (k.version === kind.version || (k.fallbackVersions ?? []).includes(kind.version))),
  );
  if (kind !== TLS_SECRETS && !listed) {
    throw new Error(`not an allowlisted kind: ${kind.resource}`);
  }
  if (namespace !== undefined && (!kind.namespaced || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))) {
    throw new Error(`not a namespace name: ${namespace}`);
  }
  const base = kind.group === "" ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const ns = namespace === undefined ? "" : `/namespaces/${namespace}`;
  return `${base}${ns}/${kind.resource}?${query.toString()}`;
}

/**
 * The path of one object of an allowlisted kind (the read-only YAML view, lib/sources/object-yaml.ts). The name
 * is one path segment, percent-encoded; Secrets are never asked for one by one.
 */
export function objectPath(kind: ResourceKind, namespace: string | undefined, name: string): string {
  if (kind === TLS_SECRETS || kind.resource === "secrets") throw new Error("Secrets are not read one by one");
  if (name === "" || name === "." || name === ".." || name.includes("/"))
    throw new Error(`not an object name: ${name}`);
  if ((namespace !== undefined) !== kind.namespaced) throw new Error(`${kind.kind} namespace mismatch`);
  const list = listPath(kind, namespace, new URLSearchParams());
  return `${list.slice(0, list.indexOf("?"))}/${encodeURIComponent(name)}`;
}
