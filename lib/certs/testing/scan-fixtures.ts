import { expect } from "vitest";
import {
  issueCertificate,
  type IssuedCertificate,
  type CertificateOptions,
} from "@/lib/certs/issue-certificate";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import type { CertScan, ScannedCertificate } from "@/lib/certs/types";
import { emptySnapshot, type Ingress, type SecretMeta, type Snapshot } from "@/lib/model/types";

// The certificates and helpers of the certificate scan's tests (scan-certificates*.test.ts): certificates
// issued here, against a fixed clock.

export const NOW = new Date("2030-06-15T12:00:00Z");
const DAY = 86_400_000;
export const at = (days: number) => new Date(NOW.getTime() + days * DAY);

export function make(
  subject: string,
  days: [number, number],
  more: Partial<CertificateOptions> = {},
): Promise<IssuedCertificate> {
  return issueCertificate({ subject, notBefore: at(days[0]), notAfter: at(days[1]), ...more });
}

export function tlsSecret(
  namespace: string,
  name: string,
  certificate: string,
  caCertificate?: string,
): SecretMeta {
  return {
    namespace,
    name,
    type: "kubernetes.io/tls",
    keys: caCertificate ? ["ca.crt", "tls.crt", "tls.key"] : ["tls.crt", "tls.key"],
    tls: { certificate, ...(caCertificate ? { caCertificate } : {}) },
  };
}

export function ingress(namespace: string, name: string, hosts: string[], secretName: string): Ingress {
  return {
    namespace,
    name,
    labels: {},
    annotations: {},
    rules: hosts.map((host) => ({ host, paths: [] })),
    tls: [{ hosts, secretName }],
    loadBalancer: [],
  };
}

export function scan(
  parts: Partial<Snapshot>,
  options: { criticalDays?: number; warningDays?: number } = {},
): CertScan {
  return scanCertificates({ ...emptySnapshot(), ...parts }, { now: NOW, ...options });
}

export function only(result: CertScan, kind: string, field: string, index = 0): ScannedCertificate {
  const found = result.certificates.filter(
    (c) => c.source.kind === kind && c.source.field === field && c.index === index,
  );
  expect(found).toHaveLength(1);
  return found[0] as ScannedCertificate;
}

export const rules = (c: ScannedCertificate) => c.findings.map((f) => f.rule);

export interface FixtureCertificates {
  ca: IssuedCertificate;
  otherCa: IssuedCertificate;
  shortCa: IssuedCertificate;
  intermediate: IssuedCertificate;
  shop: IssuedCertificate;
  viaIntermediate: IssuedCertificate;
  wildcard: IssuedCertificate;
  selfSigned: IssuedCertificate;
  outlivesIssuer: IssuedCertificate;
}

/** A cluster CA, another key under its name, a short-lived CA, an intermediate, and leaves under each. */
export async function issueFixtureCertificates(): Promise<FixtureCertificates> {
  const ca = await make("CN=cluster-ca", [-400, 3000], { ca: true });
  const otherCa = await make("CN=cluster-ca", [-400, 3000], { ca: true }); // same name, other key
  const shortCa = await make("CN=short-lived-ca", [-100, 10], { ca: true });
  const intermediate = await make("CN=intermediate", [-100, 1000], { ca: true, issuer: ca });
  return {
    ca,
    otherCa,
    shortCa,
    intermediate,
    shop: await make("CN=shop.example.com", [-10, 80], { issuer: ca, dnsNames: ["shop.example.com"] }),
    viaIntermediate: await make("CN=api.example.com", [-10, 80], {
      issuer: intermediate,
      dnsNames: ["api.example.com"],
    }),
    wildcard: await make("CN=wildcard", [-10, 80], { issuer: ca, dnsNames: ["*.example.com"] }),
    selfSigned: await make("CN=accounting.tls", [-10, 80], { dnsNames: ["accounting.tls"] }),
    outlivesIssuer: await make("CN=long-leaf", [-10, 60], {
      issuer: shortCa,
      dnsNames: ["leaf.example.com"],
    }),
  };
}
