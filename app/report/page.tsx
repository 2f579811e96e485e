import type { Metadata } from "next";
import { PolicyTiersTable } from "@/components/report/policy-tiers-table";
import { PrintButton } from "@/components/report/print-button";
import { PathsReportSection } from "@/components/report/paths-report-section";
import { ReportSection } from "@/components/report/report-section";
import { ReportPictures, ReportSummary } from "@/components/report/report-summary";
import { ExportButtons } from "@/components/ui/export-buttons";
import { AccessGaps } from "@/components/ui/panel";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { reportQuery } from "@/lib/views/area-findings";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { buildReportPage } from "@/lib/views/report-page";
import "./print.css";

// The review report: one print-ready document for "Save as PDF" in the browser: a summary table and the
// overview's pictures first, then the five sections; printed pages are numbered (print.css). In meeting mode
// the keyboard walks its findings in place (`data-walk-local`: no server round trip per key).

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review report" };

export default async function ReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ns } = parseQuery(reportQuery, await searchParams);
  const { snapshot, viewer, mode } = await getViewerContext();
  const now = new Date();
  const report = buildReportPage(snapshot, ns, now);
  const { rbac: access, network, certificates, workloads } = report.findings;
  const fmt = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return (
    <article
      data-walk-local
      className="report mx-auto max-w-5xl bg-white p-8 text-slate-900 shadow dark:bg-slate-900 dark:text-slate-100 print:max-w-none print:p-0 print:shadow-none"
    >
      <header>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <h1 className="text-3xl font-bold">Kubernetes security review</h1>
          <div className="flex gap-2" data-no-print>
            <PrintButton />
            <ExportButtons area="all" {...(ns ? { namespace: ns } : {})} />
          </div>
        </div>
        <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-semibold">Cluster</dt>
          <dd>
            {snapshot.source.name} ({snapshot.source.kind}, {mode} mode)
          </dd>
          <dt className="font-semibold">Scope</dt>
          <dd>{ns ? `namespace ${ns} and cluster-wide grants` : "every namespace visible to the author"}</dd>
          <dt className="font-semibold">Snapshot taken</dt>
          <dd>{fmt(snapshot.source.takenAt)}</dd>
          <dt className="font-semibold">Generated</dt>
          <dd>
            {fmt(now.toISOString())} by {viewer.name}
            {viewer.email ? ` <${viewer.email}>` : ""}
            {viewer.groups.length > 0 ? ` (groups: ${viewer.groups.join(", ")})` : ""}
          </dd>
        </dl>
        <p className="mt-3 text-sm">
          Findings carry the rule IDs of Vigil&apos;s catalogue. &quot;Expected default&quot; marks grants
          that Kubernetes itself ships. Certificate expiry is measured against the time this report was
          generated.
        </p>
        <AccessGaps gaps={snapshot.gaps} />
      </header>
      <ReportSummary
        gaps={snapshot.gaps}
        rows={[
          { id: "access", label: "1. Access (RBAC)", findings: access, resources: AREA_RESOURCES.rbac },
          {
            id: "network",
            label: "2. Network reachability",
            findings: network,
            resources: AREA_RESOURCES.network,
          },
          {
            id: "certificates",
            label: "3. Certificates",
            findings: certificates,
            resources: AREA_RESOURCES.certificates,
          },
          {
            id: "workloads",
            label: "4. Workload hardening",
            findings: workloads,
            resources: AREA_RESOURCES.workloads,
          },
          { id: "paths", label: "5. Attack paths", findings: report.paths },
        ]}
      />
      <ReportPictures overview={report.overview} />
      <ReportSection id="access" title="1. Access (RBAC)" findings={access} gaps={report.gaps.rbac} />
      <ReportSection
        id="network"
        title="2. Network reachability"
        findings={network}
        gaps={report.gaps.network}
      >
        <PolicyTiersTable tiers={report.policyTiers} />
      </ReportSection>
      <ReportSection
        id="certificates"
        title="3. Certificates"
        findings={certificates}
        gaps={report.gaps.certificates}
      />
      <ReportSection
        id="workloads"
        title="4. Workload hardening"
        findings={workloads}
        gaps={report.gaps.workloads}
      />
      <PathsReportSection
        id="paths"
        title="5. Attack paths"
        findings={report.paths}
        gaps={report.gaps.paths}
      />
    </article>
  );
}
