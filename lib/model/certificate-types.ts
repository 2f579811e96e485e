import type { ObjectRef } from "@/lib/model/types";

// Where certificates are found, as the snapshot holds them (docs/semantics.md §3).

/** A PEM text as found; it may hold several certificates (a bundle). */
type Pem = string;

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
  /** The address the handshake went (or would go) to: the Ingress's load balancer, or the API server. */
  address?: string;
  /** The chain as served, leaf first; absent when it was not read (then `notRead` and `error` say why). */
  chain?: Pem;
  /**
   * Why there is no chain: the handshake failed ("unreachable"), has not finished yet ("pending"; handshakes
   * run in the background, never inside a page's read), or Vigil would not connect ("refused": no
   * load-balancer address, an address in a refused range, or over the per-snapshot budget).
   */
  notRead?: "unreachable" | "pending" | "refused";
  error?: string;
}
