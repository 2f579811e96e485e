import { fixOf } from "@/lib/views/finding-view";
import { FindingFix } from "@/components/ui/finding-fix";
import Link from "next/link";
import { CertificateTable } from "@/components/certs/certificate-table";
import { ExpiryTimeline } from "@/components/certs/expiry-timeline";
import { ExportButtons } from "@/components/ui/export-buttons";
import { AccessGaps, EmptyState, PageHeader, Panel } from "@/components/ui/panel";
import { SeverityBadge, StatusBadge, VocabularyLegend } from "@/components/ui/severity";
import { CountFigure } from "@/components/ui/count-figure";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { buildCertificatesView, certificatesQuery } from "@/lib/views/build-certificate-view";
import { hrefWith, parseQuery, type SearchParams } from "@/lib/views/page-query";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { CERT_STATUSES } from "@/lib/certs/types";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { ruleInfo } from "@/lib/findings/catalogue";

// Certificates: the expiry timeline by source, the inventory sorted by days left, and the findings that
// have no certificate of their own (a missing Secret, an APIService skipping TLS checks). The clock is read
// here, once, and handed to the pure engine as `now`.

export const dynamic = "force-dynamic";
export const metadata = { title: "Certificates" };

export default async function CertificatesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ns, present } = parseQuery(certificatesQuery, await searchParams);
  const ctx = await getViewerContext();
  const now = ctx.now;
  const scan = ctx.memo(`certificates|${now.getTime()}`, () => scanCertificates(ctx.snapshot, { now }));
  const view = ctx.memo(`certificates|${now.getTime()}|${ns ?? ""}`, () =>
    buildCertificatesView(scan, ns, ctx.snapshot.gaps),
  );
  const hrefOf = (id: string) => hrefWith(`/certificates/${id}`, { ns, present });
  return (
    // Meeting mode walks the inventory's rows without a server round trip (components/layout/present-mode.tsx).
    <div data-walk-local>
      <PageHeader
        title="Certificates"
        description={
          <>
            {ns ? `Namespace ${ns} and cluster-wide sources` : "Every source you may see"} · judged at{" "}
            {now.toISOString().slice(0, 16).replace("T", " ")} UTC · renew now under{" "}
            {scan.thresholds.criticalDays} days, renew soon under {scan.thresholds.warningDays} days
          </>
        }
        actions={<ExportButtons area="certificates" {...(ns ? { namespace: ns } : {})} />}
      />
      <AccessGaps gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.certificates} />
      <VocabularyLegend
        criticalDays={scan.thresholds.criticalDays}
        warningDays={scan.thresholds.warningDays}
      />
      <div
        className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-5"
        aria-label="Certificates by status"
        role="list"
      >
        {CERT_STATUSES.map((s) => (
          <div key={s} role="listitem">
            <CountFigure count={view.statusCounts[s]} label={<StatusBadge status={s} />} />
          </div>
        ))}
      </div>
      {view.soonest && (
        <p className="mb-4 text-lg" data-testid="soonest">
          Expires soonest:{" "}
          <Link
            href={hrefOf(view.soonest.id)}
            className="font-semibold text-sky-800 underline dark:text-sky-300"
          >
            {view.soonest.subject || "(no subject)"}
          </Link>{" "}
          in {view.soonest.sourceKind} {view.soonest.namespace ? `${view.soonest.namespace}/` : ""}
          {view.soonest.sourceName}, {view.soonest.daysLeft} days left.
        </p>
      )}
      <Panel title="Expiry timeline" className="mb-4">
        {view.rows.length > 0 ? (
          <ExpiryTimeline view={view} hrefOf={hrefOf} />
        ) : (
          <EmptyState>No certificate is visible to you{ns ? ` in ${ns}` : ""}.</EmptyState>
        )}
      </Panel>
      {view.findings.length > 0 && (
        <Panel title="Findings without a certificate" className="mb-4">
          <ul className="flex flex-col gap-2">
            {view.findings.map((f, i) => (
              <li key={`${f.rule}-${i}`} className="text-base">
                <div className="flex flex-wrap items-start gap-2">
                  <SeverityBadge severity={f.severity} />
                  <span className="font-semibold">
                    {f.rule} {ruleInfo(f.rule).title}:
                  </span>
                  <span>{f.message}</span>
                </div>
                <FindingFix {...fixOf(f.rule)} />
              </li>
            ))}
          </ul>
        </Panel>
      )}
      <Panel
        title={`Inventory (${view.sources}${view.rows.length < view.sources ? ` in ${view.rows.length} rows` : ""})`}
        className="mb-4"
      >
        {view.rows.length > 0 ? (
          <CertificateTable rows={view.rows} hrefOf={hrefOf} />
        ) : (
          <EmptyState>Nothing to list.</EmptyState>
        )}
      </Panel>
      <RuleFixes rows={view.rows} />
      {(view.unreachable.length > 0 || view.unreadable.length > 0) && (
        <Panel title="Not read">
          <ServedSummary endpoints={view.unreachable} />
          <ul className="list-disc pl-6 text-base">
            {view.unreachable.map((u) => (
              <li key={`${u.source.kind}/${u.source.namespace ?? ""}/${u.source.name}/${u.host}:${u.port}`}>
                {u.host}:{u.port} ({u.source.kind} {u.source.namespace ? `${u.source.namespace}/` : ""}
                {u.source.name}): {u.message}
              </li>
            ))}
            {view.unreadable.map((u) => (
              <li
                key={`${u.source.kind}/${u.source.namespace ?? ""}/${u.source.name}/${u.source.field}/${u.index}`}
              >
                {u.source.kind} {u.source.namespace ? `${u.source.namespace}/` : ""}
                {u.source.name} {u.source.field} (certificate {u.index + 1}): {u.message}
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </div>
  );
}

/** What to do about each rule the inventory's certificates break, with how many and the rule's docs link. */
function RuleFixes({ rows }: { rows: readonly { findings: readonly { rule: string }[] }[] }) {
  const counts = new Map<string, number>();
  for (const r of rows) for (const f of r.findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  if (counts.size === 0) return null;
  return (
    <Panel title="What to do, rule by rule" className="mb-4" id="what-to-do">
      <ul className="flex flex-col gap-3">
        {[...counts]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([rule, n]) => (
            <li key={rule} className="text-base" data-testid="rule-fix">
              <span className="font-semibold">
                {rule} {ruleInfo(rule).title}
              </span>{" "}
              ({n} {n === 1 ? "finding" : "findings"})
              <FindingFix {...fixOf(rule)} />
            </li>
          ))}
      </ul>
    </Panel>
  );
}

/** Says, before the list, how many served-certificate handshakes are still to come or were refused. */
function ServedSummary({ endpoints }: { endpoints: readonly { reason: string }[] }) {
  const pending = endpoints.filter((e) => e.reason === "pending").length;
  const refused = endpoints.filter((e) => e.reason === "refused").length;
  if (pending === 0 && refused === 0) return null;
  return (
    <p className="mb-2 text-base" role="status">
      {pending > 0 &&
        `${pending} served-certificate handshake${pending === 1 ? " is" : "s are"} pending: they run in the background; reload to see them. `}
      {refused > 0 &&
        `${refused} endpoint${refused === 1 ? " was" : "s were"} not contacted: Vigil refuses addresses outside an Ingress's public load balancer (see each reason).`}
    </p>
  );
}
