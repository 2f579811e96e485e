import { classifyValidity } from "@/lib/certs/classify-validity";
import { storedSecretFor } from "@/lib/certs/collect-certificate-sources";
import { matchHost } from "@/lib/certs/match-host";
import { day, keyOf, plural } from "@/lib/certs/scan-source";
import type { CertScan, CertSourceRef, ScannedCertificate, Thresholds } from "@/lib/certs/types";
import type { Finding } from "@/lib/findings/types";
import type { ObjectRef, Snapshot } from "@/lib/model/types";

// The checks that need the objects using a certificate (docs/semantics.md §3): an Ingress's TLS entries and the
// chains its hosts serve (CERT-007, CERT-010, CERT-011, CERT-013), cert-manager Certificates (CERT-012) and
// APIServices (CERT-014). A finding about one scanned certificate is added to it; the others are returned.

/** The scanned certificates by source and index (`keyOf`). */
type ScannedByKey = ReadonlyMap<string, ScannedCertificate>;

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

/** Ingress TLS: CERT-007, CERT-010, CERT-011 against the Secret each entry names. */
export function checkIngressTls(snapshot: Snapshot, byKey: ScannedByKey): Finding[] {
  const topLevel: Finding[] = [];
  const secretsByKey = new Map(snapshot.secrets.map((s) => [`${s.namespace}/${s.name}`, s]));
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

  return topLevel;
}

/** Served chains (live mode): CERT-007, CERT-010 for Ingress hosts, CERT-013 against the stored Secret. */
export function checkServedChains(snapshot: Snapshot, byKey: ScannedByKey): CertScan["unreachable"] {
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

  return unreachable;
}

/** cert-manager: CERT-012, and the Certificate's own status dates when its Secret was not read. */
export function checkCertManager(
  snapshot: Snapshot,
  byKey: ScannedByKey,
  now: Date,
  t: Thresholds,
): Finding[] {
  const topLevel: Finding[] = [];
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

  return topLevel;
}

/** CERT-014: an APIService that skips verifying its backend's certificate. */
export function checkApiServices(snapshot: Snapshot): Finding[] {
  const topLevel: Finding[] = [];
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

  return topLevel;
}
