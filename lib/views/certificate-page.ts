import type { CertScan, ChainStatus, ScannedCertificate } from "@/lib/certs/types";
import type { FindingView } from "@/lib/views/finding-view";
import { ruleInfo } from "@/lib/findings/catalogue";
import type { certificatesQuery } from "@/lib/views/build-certificate-view";
import { hrefWith } from "@/lib/views/page-query";
import type { z } from "zod";

// The page of one certificate (docs/semantics.md §3): what it names, its issuer chain, validity, algorithms,
// where it is used and what to do about each finding. Built from the same scan as the inventory, so both
// judge the certificate at the same time.

const CHAIN_TEXT: Record<ChainStatus, string> = {
  verified: "Verified: every signature checks up to a CA the cluster ships for this use.",
  broken: "Broken: the chain does not reach the CA this certificate is used with (CERT-005).",
  "trust-anchor": "Trust anchor: this certificate is itself a CA that something in the cluster trusts.",
  "self-signed": "Self-signed: nothing but itself vouches for it.",
  "not-checked":
    "Not checked: the cluster ships no CA for this use (for example a certificate from a public CA).",
};

export interface CertificatePage {
  cert: ScannedCertificate;
  /** When its status and days left were judged. */
  judgedAt: string;
  /** "Secret shop/tls · data.tls.crt · certificate 2 of the bundle". */
  description: string;
  chainText: string;
  findings: Omit<FindingView, "id" | "expectedDefault">[];
  /** The inventory, keeping `ns` and `present`. */
  backHref: string;
}

/** The certificate `id` of `scan`, or undefined when there is none (the page answers 404). */
export function buildCertificatePage(
  scan: CertScan,
  id: string,
  query: z.output<typeof certificatesQuery>,
): CertificatePage | undefined {
  const cert = scan.certificates.find((c) => c.id === id);
  if (!cert) return undefined;
  const src = cert.source;
  const where = `${src.kind} ${src.namespace ? `${src.namespace}/` : ""}${src.name}`;
  return {
    cert,
    judgedAt: scan.now,
    description: `${where} · ${src.field}${cert.index > 0 ? ` · certificate ${cert.index + 1} of the bundle` : ""}`,
    chainText:
      CHAIN_TEXT[cert.chainStatus] +
      (cert.chainStatus === "trust-anchor" && cert.selfSigned ? " It is a self-signed root." : ""),
    findings: cert.findings.map((f) => {
      const info = ruleInfo(f.rule);
      return {
        rule: f.rule,
        title: info.title,
        severity: f.severity,
        message: f.message,
        remediation: info.remediation,
        docs: info.docs,
      };
    }),
    backHref: hrefWith("/certificates", { ns: query.ns, present: query.present }),
  };
}
