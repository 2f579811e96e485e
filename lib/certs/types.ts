import type { Finding } from "@/lib/findings/types";
import type { ObjectRef } from "@/lib/model/types";

// The certificate inventory's public shapes (docs/semantics.md §3; docs/cli.md `vigil certs scan`).

export const CERT_STATUSES = ["expired", "critical", "warning", "ok", "not-yet-valid"] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];

/** Where a certificate was found: the object, and the field that held it (`data.ca.crt`, `spec.caBundle`). */
export type CertSourceRef = ObjectRef & { field: string };

export interface Thresholds {
  criticalDays: number;
  warningDays: number;
}

export interface ScanOptions {
  now: Date;
  criticalDays?: number;
  warningDays?: number;
}

/**
 * How the certificate's issuer chain was checked (CERT-005):
 * - verified: every signature checks up to a certificate the cluster ships for this use;
 * - broken: the cluster ships anchors for this use and the chain does not reach one;
 * - trust-anchor: the certificate is itself a trusted CA of this source (a caBundle, a cluster CA);
 * - self-signed: a self-signed leaf with nothing to verify it against;
 * - not-checked: the cluster ships no anchor for it (e.g. an Ingress certificate from a public CA).
 */
export type ChainStatus = "verified" | "broken" | "trust-anchor" | "self-signed" | "not-checked";

export interface ChainLink {
  subject: string;
  issuer: string;
  notAfter: string;
  fingerprintSha256: string;
  /** Where this issuer was found, e.g. `ConfigMap kube-system/kube-root-ca.crt data.ca.crt`. */
  foundIn: string;
}

export interface ScannedCertificate {
  /** Stable across scans of the same cluster: derived from where it was found, not from its bytes. */
  id: string;
  source: CertSourceRef;
  /** Position in its PEM bundle, 0 for the first. */
  index: number;
  /** Why this certificate exists, in words: "CA bundle of webhook x", "TLS certificate of Secret y". */
  purpose: string;
  /** The objects that use it (Ingresses, cert-manager Certificates, webhook services...). */
  usedBy: ObjectRef[];
  subject: string;
  issuer: string;
  serialNumber: string;
  dnsNames: string[];
  ipAddresses: string[];
  isCa: boolean;
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter, rounded toward zero (negative once expired by a day or more). */
  daysLeft: number;
  status: CertStatus;
  /** e.g. "EC P-256", "RSA 2048". */
  keyAlgorithm: string;
  /** As OpenSSL names it, e.g. "ecdsa-with-SHA256", "sha1WithRSAEncryption". */
  signatureAlgorithm: string;
  fingerprintSha256: string;
  chainStatus: ChainStatus;
  /** The issuers found, nearest first; with chainStatus "verified" the last one is a trust anchor. */
  chain: ChainLink[];
  findings: Finding[];
}

/** A PEM block that could not be read as a certificate. */
interface UnreadableCertificate {
  source: CertSourceRef;
  index: number;
  message: string;
}

/** A served endpoint whose certificate was not read by a handshake: failed, still to come, or refused. */
interface UnreachableEndpoint {
  source: ObjectRef;
  host: string;
  port: number;
  reason: "unreachable" | "pending" | "refused";
  message: string;
}

export interface CertScan {
  now: string;
  thresholds: Thresholds;
  /** Sorted by days left (soonest first), then by source. */
  certificates: ScannedCertificate[];
  /** Findings with no parsed certificate (a missing Secret, an APIService skipping TLS checks...). */
  findings: Finding[];
  unreadable: UnreadableCertificate[];
  unreachable: UnreachableEndpoint[];
}
