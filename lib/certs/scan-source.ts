import { createHash } from "node:crypto";
import { buildChain, isSelfSigned, type ChainCandidate } from "@/lib/certs/build-chain";
import { classifyValidity, DAY_MS } from "@/lib/certs/classify-validity";
import { describeSource, type CertificateSource } from "@/lib/certs/collect-certificate-sources";
import type { ParsedCertificate } from "@/lib/certs/parse-pem-bundle";
import type {
  CertSourceRef,
  ChainLink,
  ChainStatus,
  ScannedCertificate,
  Thresholds,
} from "@/lib/certs/types";
import type { Finding } from "@/lib/findings/types";

// The certificates of one source, each with the checks it answers alone (docs/semantics.md §3): validity
// (CERT-001..004), chain (CERT-005, CERT-006), key and signature strength (CERT-008, CERT-009) and a
// kubeconfig client certificate in system:masters (CERT-015).

const STRONG_CURVES = new Set(["prime256v1", "secp384r1", "secp521r1"]);

// Signature algorithms built on a broken hash (docs/semantics.md CERT-009: SHA-1, MD5; MD2 and MD4 are older still).
const WEAK_SIGNATURE_OIDS = new Set([
  "1.2.840.113549.1.1.2", // md2WithRSAEncryption
  "1.2.840.113549.1.1.3", // md4WithRSAEncryption
  "1.2.840.113549.1.1.4", // md5WithRSAEncryption
  "1.2.840.113549.1.1.5", // sha1WithRSAEncryption
  "1.3.14.3.2.29", // sha1WithRSASignature (OIW)
  "1.2.840.10045.4.1", // ecdsa-with-SHA1
  "1.2.840.10040.4.3", // dsa-with-sha1
]);

export function keyOf(s: CertSourceRef, index: number): string {
  return `${s.kind}|${s.namespace ?? ""}|${s.name}|${s.field}|${index}`;
}

function certificateId(s: CertSourceRef, index: number): string {
  return createHash("sha256").update(keyOf(s, index)).digest("hex").slice(0, 16);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function agoText(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days === 0 ? "less than a day ago" : `${plural(days, "day")} ago`;
}

export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function toLink(c: ChainCandidate): ChainLink {
  return {
    subject: c.cert.subject,
    issuer: c.cert.issuer,
    notAfter: c.cert.notAfter.toISOString(),
    fingerprintSha256: c.cert.fingerprintSha256,
    foundIn: c.foundIn,
  };
}

function validityFindings(
  cert: ParsedCertificate,
  source: CertSourceRef,
  now: Date,
  t: Thresholds,
): { findings: Finding[]; status: ScannedCertificate["status"]; daysLeft: number } {
  const { status, daysLeft } = classifyValidity(cert.notBefore, cert.notAfter, now, t);
  const name = `"${cert.subject || "(no subject)"}"`;
  const findings: Finding[] = [];
  if (status === "expired") {
    findings.push({
      rule: "CERT-001",
      severity: "critical",
      message: `${name} expired ${agoText(now.getTime() - cert.notAfter.getTime())} (${day(cert.notAfter)})`,
      source,
    });
  } else if (status === "critical") {
    findings.push({
      rule: "CERT-002",
      severity: "high",
      message: `${name} expires in ${plural(daysLeft, "day")} (${day(cert.notAfter)}), within ${t.criticalDays}`,
      source,
    });
  } else if (status === "warning") {
    findings.push({
      rule: "CERT-003",
      severity: "medium",
      message: `${name} expires in ${plural(daysLeft, "day")} (${day(cert.notAfter)}), within ${t.warningDays}`,
      source,
    });
  } else if (status === "not-yet-valid") {
    findings.push({
      rule: "CERT-004",
      severity: "high",
      message: `${name} is not valid before ${cert.notBefore.toISOString()}`,
      source,
    });
  }
  return { findings, status, daysLeft };
}

function strengthFindings(cert: ParsedCertificate, source: CertSourceRef): Finding[] {
  const findings: Finding[] = [];
  const name = `"${cert.subject || "(no subject)"}"`;
  if (cert.keyType === "rsa" && (cert.rsaBits ?? 0) < 2048) {
    findings.push({
      rule: "CERT-008",
      severity: "high",
      message: `${name} has a weak key: RSA ${cert.rsaBits ?? 0} bits (< 2048)`,
      source,
    });
  }
  if (cert.keyType === "ec" && !STRONG_CURVES.has(cert.ecCurve ?? "")) {
    findings.push({
      rule: "CERT-008",
      severity: "high",
      message: `${name} has a weak key: EC curve ${cert.ecCurve ?? "unknown"} (not P-256, P-384 or P-521)`,
      source,
    });
  }
  if (WEAK_SIGNATURE_OIDS.has(cert.signatureAlgorithmOid)) {
    findings.push({
      rule: "CERT-009",
      severity: "medium",
      message: `${name} is signed with ${cert.signatureAlgorithm}`,
      source,
    });
  }
  return findings;
}

export function scanSource(src: CertificateSource, now: Date, t: Thresholds): ScannedCertificate[] {
  const parsed = src.items.flatMap((item, index) => (item.ok ? [{ cert: item.cert, index }] : []));
  const foundIn = describeSource(src.source);
  return parsed.map(({ cert, index }) => {
    const source = src.source;
    const pool = parsed.filter((p) => p.index !== index).map((p) => ({ cert: p.cert, foundIn }));
    const selfSigned = isSelfSigned(cert);
    let chainStatus: ChainStatus;
    let links: ChainCandidate[];
    if (src.role === "anchors") {
      chainStatus = "trust-anchor";
      links = buildChain(cert, pool, []).links;
    } else if (src.anchors) {
      const result = buildChain(cert, pool, src.anchors);
      chainStatus = result.verified ? "verified" : "broken";
      links = result.links;
    } else {
      chainStatus = selfSigned ? "self-signed" : "not-checked";
      links = buildChain(cert, pool, []).links;
    }
    const validity = validityFindings(cert, source, now, t);
    const findings = [...validity.findings, ...strengthFindings(cert, source)];
    const name = `"${cert.subject || "(no subject)"}"`;
    if (chainStatus === "broken" && index === 0) {
      const anchors = [...new Set((src.anchors ?? []).map((a) => a.foundIn))].join("; ");
      findings.push({
        rule: "CERT-005",
        severity: "high",
        message: `${name} (issuer "${cert.issuer}") does not verify to the CA it is used with (${anchors})`,
        source,
      });
    }
    const firstToExpire = links.reduce<ChainCandidate | undefined>(
      (min, l) => (min === undefined || l.cert.notAfter < min.cert.notAfter ? l : min),
      undefined,
    );
    if (firstToExpire && firstToExpire.cert.notAfter.getTime() < cert.notAfter.getTime()) {
      findings.push({
        rule: "CERT-006",
        severity: "medium",
        message: `${name} outlives its issuer "${firstToExpire.cert.subject}", which expires ${day(firstToExpire.cert.notAfter)}, before the certificate (${day(cert.notAfter)})`,
        source,
      });
    }
    if (src.kubeconfigUser !== undefined && index === 0 && cert.organizations.includes("system:masters")) {
      findings.push({
        rule: "CERT-015",
        severity: "critical",
        message: `kubeconfig user ${src.kubeconfigUser} authenticates as ${name} in group system:masters, which bypasses RBAC and cannot be revoked before ${day(cert.notAfter)}`,
        source,
      });
    }
    return {
      id: certificateId(source, index),
      source,
      index,
      purpose: src.purpose,
      usedBy: src.usedBy,
      subject: cert.subject,
      issuer: cert.issuer,
      serialNumber: cert.serialNumber,
      dnsNames: cert.dnsNames,
      ipAddresses: cert.ipAddresses,
      isCa: cert.isCa,
      selfSigned,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      daysLeft: validity.daysLeft,
      status: validity.status,
      keyAlgorithm: cert.keyAlgorithm,
      signatureAlgorithm: cert.signatureAlgorithm,
      fingerprintSha256: cert.fingerprintSha256,
      chainStatus,
      chain: links.map(toLink),
      findings,
    };
  });
}
