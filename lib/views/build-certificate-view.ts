import type { AccessGap } from "@/lib/model/types";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { countOf, relevantGaps, type Count } from "@/lib/views/known-count";
import { z } from "zod";
import type { CertScan, CertStatus, ScannedCertificate } from "@/lib/certs/types";
import type { Finding } from "@/lib/findings/types";
import { text } from "@/lib/views/page-query";

// View models of the Certificates pages: only what is drawn (no PEM, no whole objects), grouped by source
// for the expiry timeline, filtered by namespace the way the overview filters (cluster-scoped sources stay).

const SOURCE_GROUPS = [
  { id: "ingress-tls", label: "TLS Secrets", kinds: ["Secret"] },
  { id: "served", label: "Served (TLS handshake)", kinds: ["Ingress", "APIServer"] },
  { id: "cert-manager", label: "cert-manager requests", kinds: ["CertificateRequest", "Certificate"] },
  { id: "csr", label: "Signing requests", kinds: ["CertificateSigningRequest"] },
  { id: "cluster-ca", label: "Cluster CA bundles", kinds: ["ConfigMap"] },
  {
    id: "webhooks",
    label: "Webhooks and APIs",
    kinds: [
      "ValidatingWebhookConfiguration",
      "MutatingWebhookConfiguration",
      "APIService",
      "CustomResourceDefinition",
    ],
  },
  { id: "kubeconfig", label: "Kubeconfigs", kinds: ["Kubeconfig"] },
] as const;

export const certificatesQuery = z.object({ ns: text, present: text });

type SourceGroupId = (typeof SOURCE_GROUPS)[number]["id"] | "other";

export function sourceGroupOf(kind: string): SourceGroupId {
  return SOURCE_GROUPS.find((g) => (g.kinds as readonly string[]).includes(kind))?.id ?? "other";
}

export interface CertificateRow {
  id: string;
  status: CertStatus;
  daysLeft: number;
  notAfter: string;
  sourceKind: string;
  sourceName: string;
  sourceField: string;
  namespace?: string;
  group: SourceGroupId;
  subject: string;
  dnsNames: string[];
  issuer: string;
  findings: { rule: string; severity: Finding["severity"]; message: string }[];
  /**
   * The same certificate at the same source name and field in several namespaces (kube-root-ca.crt is copied
   * into every namespace): one row, with each copy's id and namespace, in namespace order.
   */
  copies?: { id: string; namespace: string }[];
}

export interface CertificatesView {
  /** One row per certificate and source, identical copies across namespaces folded into one (`copies`). */
  rows: CertificateRow[];
  /** How many certificate sources the rows stand for (each copy counted). */
  sources: number;
  groups: { id: SourceGroupId; label: string; rows: CertificateRow[] }[];
  /** Certificates seen per status (what the timeline draws). */
  byStatus: Record<CertStatus, number>;
  /** The same as figures: unknown, with why, where the viewer may not read a certificate source. */
  statusCounts: Record<CertStatus, Count>;
  /** What the viewer may not read that certificates come from. */
  gaps: AccessGap[];
  /** The valid certificate that expires first (expired and not-yet-valid ones aside). */
  soonest?: CertificateRow;
  findings: Finding[];
  unreachable: CertScan["unreachable"];
  unreadable: CertScan["unreadable"];
}

function inNamespace(namespace: string | undefined, ns: string | undefined): boolean {
  return ns === undefined || namespace === undefined || namespace === ns;
}

/**
 * Folds rows that differ only by namespace (same certificate, source kind, name, field and findings) into the
 * first of them, which keeps its place in the urgency order and lists every copy.
 */
function foldCopies(certs: readonly ScannedCertificate[]): CertificateRow[] {
  const first = new Map<string, CertificateRow>();
  const rows: CertificateRow[] = [];
  for (const c of certs) {
    const row = toRow(c);
    if (c.source.namespace === undefined) {
      rows.push(row);
      continue;
    }
    const key = JSON.stringify([
      c.fingerprintSha256,
      c.source.kind,
      c.source.name,
      c.source.field,
      row.findings.map((f) => [f.rule, f.message]),
    ]);
    const kept = first.get(key);
    if (!kept) {
      first.set(key, row);
      rows.push(row);
    } else {
      kept.copies ??= [{ id: kept.id, namespace: kept.namespace ?? "" }];
      kept.copies.push({ id: row.id, namespace: c.source.namespace });
    }
  }
  for (const r of rows) r.copies?.sort((a, b) => a.namespace.localeCompare(b.namespace));
  return rows;
}

function toRow(c: ScannedCertificate): CertificateRow {
  return {
    id: c.id,
    status: c.status,
    daysLeft: c.daysLeft,
    notAfter: c.notAfter,
    sourceKind: c.source.kind,
    sourceName: c.source.name,
    sourceField: c.source.field,
    ...(c.source.namespace !== undefined ? { namespace: c.source.namespace } : {}),
    group: sourceGroupOf(c.source.kind),
    subject: c.subject,
    dnsNames: c.dnsNames,
    issuer: c.issuer,
    findings: c.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
  };
}

export function buildCertificatesView(
  scan: CertScan,
  ns?: string,
  accessGaps: readonly AccessGap[] = [],
): CertificatesView {
  const gaps = relevantGaps(accessGaps, AREA_RESOURCES.certificates, ns);
  const shown = scan.certificates.filter((c) => inNamespace(c.source.namespace, ns));
  const rows = foldCopies(shown);
  const byStatus: Record<CertStatus, number> = {
    expired: 0,
    critical: 0,
    warning: 0,
    ok: 0,
    "not-yet-valid": 0,
  };
  for (const c of shown) byStatus[c.status]++;
  const labels = new Map<SourceGroupId, string>([
    ...SOURCE_GROUPS.map((g) => [g.id, g.label] as const),
    ["other", "Other"],
  ]);
  const groups = [...labels.entries()]
    .map(([id, label]) => ({ id, label, rows: rows.filter((r) => r.group === id) }))
    .filter((g) => g.rows.length > 0);
  const soonest = rows
    .filter((r) => r.status === "critical" || r.status === "warning" || r.status === "ok")
    .reduce<CertificateRow | undefined>(
      (min, r) => (min === undefined || r.notAfter < min.notAfter ? r : min),
      undefined,
    );
  return {
    rows,
    sources: shown.length,
    groups,
    byStatus,
    statusCounts: Object.fromEntries(
      Object.entries(byStatus).map(([k, n]) => [k, countOf(n, gaps)]),
    ) as Record<CertStatus, Count>,
    gaps,
    ...(soonest ? { soonest } : {}),
    findings: scan.findings.filter((f) => inNamespace(f.source?.namespace ?? f.object?.namespace, ns)),
    unreachable: scan.unreachable.filter((u) => inNamespace(u.source.namespace, ns)),
    unreadable: scan.unreadable.filter((u) => inNamespace(u.source.namespace, ns)),
  };
}
