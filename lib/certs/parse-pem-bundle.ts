import { X509Certificate as NodeCertificate } from "node:crypto";
import { x509 } from "@/lib/certs/x509";

// Reads every certificate of a PEM bundle (RULES.md section 3: "a PEM bundle may hold several certificates:
// read all of them"). Node's X509Certificate reads only the first certificate of a text, so the bundle is
// split into its PEM blocks first (plain text markers, no ASN.1). Fields come from the x509 library
// (@peculiar/x509: names, SANs, basic constraints); Node's OpenSSL binding gives what that library cannot
// do synchronously or at all (SHA-256 fingerprint, key details, MD5 and SHA-1 signature names, signature
// checks).

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface ParsedCertificate {
  node: NodeCertificate;
  subject: string;
  issuer: string;
  serialNumber: string;
  dnsNames: string[];
  ipAddresses: string[];
  /** Organisations of the subject: Kubernetes reads them as groups of a client certificate. */
  organizations: string[];
  isCa: boolean;
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: string;
  /** RSA modulus length or EC curve name, for CERT-008. */
  keyType: "rsa" | "ec" | "other";
  rsaBits?: number;
  ecCurve?: string;
  signatureAlgorithm: string;
  signatureAlgorithmOid: string;
  fingerprintSha256: string;
}

export type BundleItem = { ok: true; cert: ParsedCertificate } | { ok: false; message: string };

const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
};

function describeKey(
  node: NodeCertificate,
): Pick<ParsedCertificate, "keyAlgorithm" | "keyType" | "rsaBits" | "ecCurve"> {
  const key = node.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss") {
    const bits = details.modulusLength ?? 0;
    return { keyType: "rsa", rsaBits: bits, keyAlgorithm: `RSA ${bits}` };
  }
  if (key.asymmetricKeyType === "ec") {
    const curve = details.namedCurve ?? "unknown";
    return { keyType: "ec", ecCurve: curve, keyAlgorithm: `EC ${CURVE_NAMES[curve] ?? curve}` };
  }
  return { keyType: "other", keyAlgorithm: (key.asymmetricKeyType ?? "unknown").toUpperCase() };
}

export function parseCertificate(pemBlock: string): ParsedCertificate {
  const node = new NodeCertificate(pemBlock);
  const cert = new x509.X509Certificate(pemBlock);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const names = san?.names.items ?? [];
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  return {
    node,
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    dnsNames: names.filter((n) => n.type === "dns").map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === "ip").map((n) => n.value),
    organizations: cert.subjectName.getField("O"),
    isCa: basic?.ca === true,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    ...describeKey(node),
    signatureAlgorithm: node.signatureAlgorithm ?? "unknown",
    signatureAlgorithmOid: node.signatureAlgorithmOid ?? "",
    fingerprintSha256: node.fingerprint256,
  };
}

/** Every PEM certificate block of `pem`, in order; a block that does not parse is reported, not thrown. */
export function parsePemBundle(pem: string): BundleItem[] {
  return (pem.match(BLOCK) ?? []).map((block) => {
    try {
      return { ok: true, cert: parseCertificate(block) };
    } catch (err) {
      return {
        ok: false,
        message: `not a readable X.509 certificate (${err instanceof Error ? err.message : String(err)})`,
      };
    }
  });
}
