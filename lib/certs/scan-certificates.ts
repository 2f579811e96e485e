import { createHash } from "node:crypto";
import { buildChain, isSelfSigned, type ChainCandidate } from "@/lib/certs/build-chain";
import { checkThresholds, classifyValidity, DAY_MS, DEFAULT_THRESHOLDS } from "@/lib/certs/classify-validity";
import {
  BundleCache,
  collectCertificateSources,
  describeSource,
  storedSecretFor,
  type CertificateSource,
} from "@/lib/certs/collect-certificate-sources";
import { matchHost } from "@/lib/certs/match-host";
import type { ParsedCertificate } from "@/lib/certs/parse-pem-bundle";
import type {
  CertScan,
  CertSourceRef,
  ChainLink,
  ChainStatus,
  ScanOptions,
  ScannedCertificate,
  Thresholds,
} from "@/lib/certs/types";
import { compareFindings, type Finding } from "@/lib/findings/types";
import type { ObjectRef, Snapshot } from "@/lib/model/types";

// The certificate inventory and its checks, docs/semantics.md §3: CERT-001 expired, CERT-002 critical,
// CERT-003 warning, CERT-004 not yet valid, CERT-005 chain, CERT-006 issuer expires first, CERT-007 host not
// covered, CERT-008 weak key, CERT-009 weak signature, CERT-010 self-signed on an Ingress, CERT-011 missing or
// wrong Secret, CERT-012 cert-manager renewal overdue, CERT-013 served differs from stored, CERT-014
// APIService insecureSkipTLSVerify, CERT-015 kubeconfig client certificate in system:masters.
// Pure: the clock is `options.now`; nothing is fetched.

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

function keyOf(s: CertSourceRef, index: number): string {
  return `${s.kind}|${s.namespace ?? ""}|${s.name}|${s.field}|${index}`;
}

export function certificateId(s: CertSourceRef, index: number): string {
  return createHash("sha256").update(keyOf(s, index)).digest("hex").slice(0, 16);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function agoText(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days === 0 ? "less than a day ago" : `${plural(days, "day")} ago`;
}

function day(d: Date): string {
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

function scanSource(src: CertificateSource, now: Date, t: Thresholds): ScannedCertificate[] {
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

/**
 * Whether the input says anything about the Secrets of `namespace`. Live modes read Secrets only on the
 * operator's opt-in, and GitOps repositories rarely hold them: with no Secret in the input at all, or a gap
 * over that namespace, an Ingress's Secret being absent proves nothing (CERT-011 stays silent).
 */
function secretsKnown(snapshot: Snapshot, namespace: string): boolean {
  if (snapshot.secrets.length === 0) return false;
  return !snapshot.gaps.some(
    (g) => g.resource === "secrets" && (g.namespace === undefined || g.namespace === namespace),
  );
}

function isTrue(conditions: readonly { type: string; status: string }[], type: string): boolean {
  return conditions.some((c) => c.type === type && c.status === "True");
}

export function scanCertificates(snapshot: Snapshot, options: ScanOptions): CertScan {
  const now = options.now;
  if (Number.isNaN(now.getTime())) throw new Error("scanCertificates: `now` is not a valid date");
  const t = checkThresholds({
    criticalDays: options.criticalDays ?? DEFAULT_THRESHOLDS.criticalDays,
    warningDays: options.warningDays ?? DEFAULT_THRESHOLDS.warningDays,
  });
  const cache = new BundleCache();
  const sources = collectCertificateSources(snapshot, cache);
  const certificates: ScannedCertificate[] = [];
  const unreadable: CertScan["unreadable"] = [];
  for (const src of sources) {
    src.items.forEach((item, index) => {
      if (!item.ok) unreadable.push({ source: src.source, index, message: item.message });
    });
    certificates.push(...scanSource(src, now, t));
  }
  const byKey = new Map(certificates.map((c) => [keyOf(c.source, c.index), c]));
  const topLevel: Finding[] = [];

  const secretsByKey = new Map(snapshot.secrets.map((s) => [`${s.namespace}/${s.name}`, s]));

  // Ingress TLS: CERT-007, CERT-010, CERT-011 against the Secret each entry names.
  for (const ingress of snapshot.ingresses) {
    const ingressRef: ObjectRef = { kind: "Ingress", namespace: ingress.namespace, name: ingress.name };
    ingress.tls.forEach((tls, i) => {
      if (!tls.secretName) return;
      const where = `Ingress ${ingress.namespace}/${ingress.name}`;
      const secretRef = { kind: "Secret", namespace: ingress.namespace, name: tls.secretName };
      const secret = secretsByKey.get(`${ingress.namespace}/${tls.secretName}`);
      const entrySource: CertSourceRef = { ...ingressRef, field: `spec.tls[${i}].secretName` };
      if (!secret) {
        if (!secretsKnown(snapshot, ingress.namespace)) return;
        topLevel.push({
          rule: "CERT-011",
          severity: "high",
          message: `${where} references Secret ${tls.secretName}, which was not found in namespace ${ingress.namespace}`,
          source: entrySource,
          object: secretRef,
        });
        return;
      }
      if (secret.type !== "kubernetes.io/tls" || !secret.tls?.certificate) {
        topLevel.push({
          rule: "CERT-011",
          severity: "high",
          message:
            secret.type !== "kubernetes.io/tls"
              ? `${where} references Secret ${tls.secretName} of type ${secret.type}, not kubernetes.io/tls`
              : `${where} references Secret ${tls.secretName}, which holds no tls.crt`,
          source: entrySource,
          object: secretRef,
        });
        return;
      }
      const leaf = byKey.get(keyOf({ ...secretRef, field: "data.tls.crt" }, 0));
      if (!leaf) return; // unreadable: listed in `unreadable`
      for (const host of tls.hosts) {
        if (!matchHost(leaf.dnsNames, host)) {
          leaf.findings.push({
            rule: "CERT-007",
            severity: "high",
            message: `${where} serves host ${host}, which no DNS name of "${leaf.subject}" covers (${leaf.dnsNames.join(", ") || "no DNS names"})`,
            source: leaf.source,
            object: ingressRef,
          });
        }
      }
      if (leaf.selfSigned) {
        leaf.findings.push({
          rule: "CERT-010",
          severity: "medium",
          message: `${where} serves the self-signed certificate "${leaf.subject}": clients cannot verify it`,
          source: leaf.source,
          object: ingressRef,
        });
      }
    });
  }

  // Served chains (live mode): CERT-007, CERT-010 for Ingress hosts, CERT-013 against the stored Secret.
  const unreachable: CertScan["unreachable"] = [];
  for (const served of snapshot.servedCertificates) {
    if (!served.chain) {
      unreachable.push({
        source: served.source,
        host: served.host,
        port: served.port,
        reason: served.notRead ?? "unreachable",
        message: served.error ?? "no certificate was served",
      });
      continue;
    }
    const leaf = byKey.get(keyOf({ ...served.source, field: `served ${served.host}:${served.port}` }, 0));
    if (!leaf || served.source.kind !== "Ingress") continue;
    const where = `${served.host}:${served.port}`;
    if (!matchHost(leaf.dnsNames, served.host)) {
      leaf.findings.push({
        rule: "CERT-007",
        severity: "high",
        message: `${where} serves "${leaf.subject}", whose DNS names (${leaf.dnsNames.join(", ") || "none"}) do not cover ${served.host}`,
        source: leaf.source,
        object: served.source,
      });
    }
    if (leaf.selfSigned) {
      leaf.findings.push({
        rule: "CERT-010",
        severity: "medium",
        message: `${where} serves the self-signed certificate "${leaf.subject}"`,
        source: leaf.source,
        object: served.source,
      });
    }
    const secret = storedSecretFor(snapshot, served.source, served.host);
    const stored = secret
      ? byKey.get(
          keyOf({ kind: "Secret", namespace: secret.namespace, name: secret.name, field: "data.tls.crt" }, 0),
        )
      : undefined;
    if (stored && stored.fingerprintSha256 !== leaf.fingerprintSha256) {
      leaf.findings.push({
        rule: "CERT-013",
        severity: "medium",
        message: `${where} serves "${leaf.subject}" (SHA-256 ${leaf.fingerprintSha256.slice(0, 11)}...), not the certificate stored in Secret ${secret?.namespace}/${secret?.name} ("${stored.subject}", ${stored.fingerprintSha256.slice(0, 11)}...)`,
        source: leaf.source,
        object: { kind: "Secret", namespace: stored.source.namespace ?? "", name: stored.source.name },
      });
    }
  }

  // cert-manager: CERT-012, and the Certificate's own status dates when its Secret was not read.
  for (const c of snapshot.certManagerCertificates) {
    const certRef: ObjectRef = { kind: "Certificate", namespace: c.namespace, name: c.name };
    const stored = byKey.get(
      keyOf({ kind: "Secret", namespace: c.namespace, name: c.secretName, field: "data.tls.crt" }, 0),
    );
    const renewal = c.renewalTime ? new Date(c.renewalTime) : undefined;
    if (
      renewal &&
      !Number.isNaN(renewal.getTime()) &&
      renewal.getTime() < now.getTime() &&
      !isTrue(c.conditions, "Ready")
    ) {
      const ready = c.conditions.find((x) => x.type === "Ready");
      const finding: Finding = {
        rule: "CERT-012",
        severity: "high",
        message: `cert-manager Certificate ${c.namespace}/${c.name} was due for renewal on ${day(renewal)} and is not Ready${ready?.message ? `: ${ready.message}` : ""}`,
        source: stored ? stored.source : { ...certRef, field: "status.renewalTime" },
        object: certRef,
      };
      if (stored) stored.findings.push(finding);
      else topLevel.push(finding);
    }
    const notAfter = c.notAfter ? new Date(c.notAfter) : undefined;
    if (!stored && notAfter && !Number.isNaN(notAfter.getTime())) {
      const notBefore = c.notBefore ? new Date(c.notBefore) : new Date(0);
      const { status, daysLeft } = classifyValidity(notBefore, notAfter, now, t);
      const rule = {
        expired: "CERT-001",
        critical: "CERT-002",
        warning: "CERT-003",
        "not-yet-valid": "CERT-004",
        ok: "",
      }[status];
      const severity = (
        {
          expired: "critical",
          critical: "high",
          warning: "medium",
          "not-yet-valid": "high",
          ok: "info",
        } as const
      )[status];
      if (rule) {
        topLevel.push({
          rule,
          severity,
          message: `cert-manager Certificate ${c.namespace}/${c.name} reports notAfter ${day(notAfter)} (${status}, ${plural(daysLeft, "day")} left); its Secret ${c.secretName} was not read`,
          source: { ...certRef, field: "status.notAfter" },
          object: certRef,
        });
      }
    }
  }

  for (const api of snapshot.apiServices) {
    if (!api.insecureSkipTLSVerify) continue;
    topLevel.push({
      rule: "CERT-014",
      severity: "high",
      message: `APIService ${api.name} sets insecureSkipTLSVerify: the API server proxies ${api.group}/${api.version} requests without checking the serving certificate${api.service ? ` of ${api.service.namespace}/${api.service.name}` : ""}`,
      source: { kind: "APIService", name: api.name, field: "spec.insecureSkipTLSVerify" },
      object: { kind: "APIService", name: api.name },
    });
  }

  for (const c of certificates) c.findings.sort(compareFindings);
  certificates.sort(
    (a, b) => a.daysLeft - b.daysLeft || keyOf(a.source, a.index).localeCompare(keyOf(b.source, b.index)),
  );
  return {
    now: now.toISOString(),
    thresholds: t,
    certificates,
    findings: topLevel.sort(compareFindings),
    unreadable,
    unreachable,
  };
}
