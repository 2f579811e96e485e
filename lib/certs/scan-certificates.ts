import { checkThresholds, DEFAULT_THRESHOLDS } from "@/lib/certs/classify-validity";
import { BundleCache, collectCertificateSources } from "@/lib/certs/collect-certificate-sources";
import { keyOf, scanSource } from "@/lib/certs/scan-source";
import type { CertScan, ScanOptions, ScannedCertificate } from "@/lib/certs/types";
import {
  checkApiServices,
  checkCertManager,
  checkIngressTls,
  checkServedChains,
} from "@/lib/certs/usage-checks";
import { compareFindings, type Finding } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";

// The certificate inventory and its checks, docs/semantics.md §3: CERT-001 expired, CERT-002 critical,
// CERT-003 warning, CERT-004 not yet valid, CERT-005 chain, CERT-006 issuer expires first, CERT-007 host not
// covered, CERT-008 weak key, CERT-009 weak signature, CERT-010 self-signed on an Ingress, CERT-011 missing or
// wrong Secret, CERT-012 cert-manager renewal overdue, CERT-013 served differs from stored, CERT-014
// APIService insecureSkipTLSVerify, CERT-015 kubeconfig client certificate in system:masters.
// Pure: the clock is `options.now`; nothing is fetched.

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
  for (const f of checkIngressTls(snapshot, byKey)) topLevel.push(f);
  const unreachable = checkServedChains(snapshot, byKey);
  for (const f of checkCertManager(snapshot, byKey, now, t)) topLevel.push(f);
  for (const f of checkApiServices(snapshot)) topLevel.push(f);

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
