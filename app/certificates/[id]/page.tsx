import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AccessGaps, PageHeader, Panel } from "@/components/ui/panel";
import { SeverityBadge, StatusBadge } from "@/components/ui/severity";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { certificatesQuery } from "@/lib/views/build-certificate-view";
import { buildCertificatePage } from "@/lib/views/certificate-page";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";

// One certificate: what it names, the issuer chain as verified against what the cluster ships, validity,
// algorithms, fingerprint, where it is used, and what to do about each finding (lib/views/certificate-page.ts).

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 border-b border-slate-200 py-2 sm:grid-cols-[14rem_1fr] dark:border-slate-700">
      <dt className="font-semibold text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

export async function generateMetadata() {
  return { title: "Certificate" };
}

export default async function CertificatePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const query = parseQuery(certificatesQuery, await searchParams);
  const ctx = await getViewerContext();
  const now = ctx.now;
  // The inventory's scan (the same cache entry): both pages judge a certificate at the same time.
  const scan = ctx.memo(`certificates|${now.getTime()}`, () => scanCertificates(ctx.snapshot, { now }));
  const page = buildCertificatePage(scan, id, query);
  if (!page) notFound();
  const { cert } = page;
  return (
    <div>
      <p className="mb-2">
        <Link href={page.backHref} className="text-sky-800 underline dark:text-sky-300">
          ← All certificates
        </Link>
      </p>
      <PageHeader title={cert.subject || "(no subject)"} description={page.description} />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={["secrets"]} />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Panel title="Validity">
          <dl>
            <Field label="Status">
              <span className="inline-flex flex-wrap items-center gap-2">
                <StatusBadge status={cert.status} />
                <span className="text-lg tabular-nums">
                  {cert.status === "expired"
                    ? `expired ${Math.abs(cert.daysLeft)} days ago`
                    : `${cert.daysLeft} days left`}
                </span>
              </span>
            </Field>
            <Field label="Not before">{cert.notBefore}</Field>
            <Field label="Not after">{cert.notAfter}</Field>
            <Field label="Judged at">{page.judgedAt}</Field>
          </dl>
        </Panel>
        <Panel title="Identity">
          <dl>
            <Field label="Subject">{cert.subject || "(none)"}</Field>
            <Field label="DNS names (SANs)">
              {cert.dnsNames.length > 0 ? cert.dnsNames.join(", ") : "none"}
            </Field>
            {cert.ipAddresses.length > 0 && <Field label="IP addresses">{cert.ipAddresses.join(", ")}</Field>}
            <Field label="Issuer">{cert.issuer}</Field>
            <Field label="CA certificate">{cert.isCa ? "yes" : "no"}</Field>
            <Field label="Serial number">
              <span className="font-mono text-sm">{cert.serialNumber}</span>
            </Field>
          </dl>
        </Panel>
        <Panel title="Issuer chain">
          <p className="mb-2">{page.chainText}</p>
          {cert.chain.length > 0 ? (
            <ol className="list-decimal pl-6">
              {cert.chain.map((l) => (
                <li key={l.fingerprintSha256} className="mb-2">
                  <div className="font-semibold">{l.subject}</div>
                  <div className="text-sm text-slate-700 dark:text-slate-300">
                    found in {l.foundIn} · valid until {l.notAfter.slice(0, 10)}
                  </div>
                  <div className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">
                    {l.fingerprintSha256}
                  </div>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-slate-600 dark:text-slate-300">
              {cert.selfSigned
                ? "Its own issuer: nothing above it."
                : "No issuer found among the certificates the cluster ships."}
            </p>
          )}
        </Panel>
        <Panel title="Algorithms and fingerprint">
          <dl>
            <Field label="Key">{cert.keyAlgorithm}</Field>
            <Field label="Signature">{cert.signatureAlgorithm}</Field>
            <Field label="SHA-256 fingerprint">
              <span className="font-mono text-sm break-all">{cert.fingerprintSha256}</span>
            </Field>
          </dl>
        </Panel>
        <Panel title="Where it is used">
          <p className="mb-2">{cert.purpose}</p>
          {cert.usedBy.length > 0 ? (
            <ul className="list-disc pl-6">
              {cert.usedBy.map((u) => (
                <li key={`${u.kind}/${u.namespace ?? ""}/${u.name}`}>
                  {u.kind} {u.namespace ? `${u.namespace}/` : ""}
                  {u.name}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-600 dark:text-slate-300">No other object in view refers to it.</p>
          )}
        </Panel>
        <Panel title={`Findings (${page.findings.length})`}>
          {page.findings.length === 0 ? (
            <p>No finding: nothing to do.</p>
          ) : (
            <ul className="flex flex-col gap-4">
              {page.findings.map((f, i) => (
                <li key={`${f.rule}-${i}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <SeverityBadge severity={f.severity} />
                    <span className="font-semibold">
                      {f.rule} {f.title}
                    </span>
                  </div>
                  <p className="mt-1">{f.message}</p>
                  <p className="mt-1">
                    <span className="font-semibold">What to do: </span>
                    {f.remediation}{" "}
                    <a href={f.docs} className="text-sky-800 underline dark:text-sky-300">
                      Documentation
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}
