import Link from "next/link";
import { ExpiryStrip } from "@/components/overview/expiry-strip";
import { FindingList } from "@/components/overview/finding-list";
import { MiniGraph } from "@/components/overview/mini-graph";
import { PathsHeadlineBanner } from "@/components/paths/paths-headline";
import { RiskBars } from "@/components/overview/risk-bars";
import { WorkloadsPanel } from "@/components/overview/workloads-panel";
import { ExportButtons } from "@/components/ui/export-buttons";
import { AccessContact, CountFigure, CountText, UnknownNote } from "@/components/ui/count-figure";
import { PageHeader, Panel } from "@/components/ui/panel";
import { SEVERITIES } from "@/lib/findings/types";
import { ExpectedDefaultMark, SeverityWord, StatusWord } from "@/components/ui/severity";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { buildOverview, overviewQuery } from "@/lib/views/build-overview";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { pathsHeadline } from "@/lib/views/paths-headline";

// The overview: the page a security review opens on a projector. Access, network, certificates and workloads
// side by side on one 1920x1080 screen (two by two, scrolling, on smaller screens), each panel linking to its
// page with the same filters.

export const dynamic = "force-dynamic";

/** Eight kinds by name and the rest counted: each panel's note names what its own figures miss. */
function shortList(kinds: readonly string[]): string {
  return kinds.length > 8
    ? `${kinds.slice(0, 8).join(", ")} and ${kinds.length - 8} more kinds`
    : kinds.join(", ");
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ns, finding: selected, present } = parseQuery(overviewQuery, await searchParams);
  const ctx = await getViewerContext();
  const o = ctx.memo(`overview|${ns ?? ""}|${ctx.now.getTime()}`, () =>
    buildOverview(ctx.snapshot, ctx.now, ns),
  );
  const keep = (path: string, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams(extra);
    if (ns) p.set("ns", ns);
    if (present) p.set("present", "1");
    return `${path}${p.size > 0 ? `?${p.toString()}` : ""}`;
  };
  const r = o.rbac;
  const n = o.network;
  const c = o.certificates;
  return (
    <div>
      <PageHeader
        title="Overview"
        description={
          <>
            {ns ? `Namespace ${ns}` : "Every namespace you may see"} · read{" "}
            {new Date(ctx.snapshot.source.takenAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC ·{" "}
            <Link href="/report" className="underline">
              Review report
            </Link>
          </>
        }
        actions={<ExportButtons area="all" {...(ns ? { namespace: ns } : {})} snapshot />}
      />
      {ctx.snapshot.gaps.length > 0 && (
        // One line: each panel says what its own figures leave out, and every area page lists the gaps in full.
        <p
          role="status"
          className="mb-3 rounded border border-amber-400 bg-amber-50 px-3 py-1 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
        >
          <span aria-hidden="true">⚠ </span>
          <strong>Part of the cluster is not visible to you:</strong>{" "}
          {shortList([...new Set(ctx.snapshot.gaps.map((g) => g.resource))])}. Figures that count them read
          unknown.
          <AccessContact />
        </p>
      )}
      <PathsHeadlineBanner headline={pathsHeadline(ctx.snapshot)} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-4">
        <Panel
          title="Access (RBAC)"
          actions={
            <Link className="text-sm underline" href={keep("/access")}>
              Open Access
            </Link>
          }
        >
          <UnknownNote gaps={r.gaps} />
          <div className="grid grid-cols-3 gap-2 sm:grid-cols-5">
            {SEVERITIES.map((s) => (
              <CountFigure
                key={s}
                label={<SeverityWord severity={s} />}
                count={r.bySeverity[s]}
                tone={(v) => (s === "critical" || s === "high" ? (v > 0 ? "bad" : "good") : "neutral")}
              />
            ))}
          </div>
          <p className="mt-2 text-sm">
            <strong className="tabular-nums">
              <CountText count={r.riskyBindings} />
            </strong>{" "}
            bindings carry a risk beyond Kubernetes&apos; own defaults.{" "}
            <span data-testid="expected-defaults">
              <ExpectedDefaultMark />:{" "}
              <strong className="tabular-nums">
                <CountText count={r.expectedDefaults} />
              </strong>
              , counted apart.
            </span>
          </p>
          <h3 className="mt-4 mb-2 font-semibold">Risky grants by rule</h3>
          <RiskBars bars={r.bars} />
          <h3 className="mt-4 mb-2 font-semibold">Top findings</h3>
          <FindingList
            findings={r.top}
            selected={selected}
            href={(f) => keep("/access", { finding: f.id })}
          />
        </Panel>
        <Panel
          title="Network reachability"
          actions={
            <Link className="text-sm underline" href={keep("/network")}>
              Open Network
            </Link>
          }
        >
          <UnknownNote gaps={n.gaps} />
          <div className="grid grid-cols-2 gap-2">
            <CountFigure
              label="namespaces without default-deny ingress"
              count={n.withoutDefaultDenyIngress}
              tone={(v) => (v > 0 ? "warn" : "good")}
            />
            <CountFigure
              label="namespaces without default-deny egress"
              count={n.withoutDefaultDenyEgress}
              tone={(v) => (v > 0 ? "warn" : "good")}
            />
            <CountFigure
              label="workloads exposed to the internet"
              count={n.exposedToInternet}
              tone={(v) => (v > 0 ? "bad" : "good")}
            />
            <CountFigure
              label="workloads that can reach cloud metadata"
              count={n.metadataReachable}
              tone={(v) => (v > 0 ? "bad" : "good")}
            />
          </div>
          <h3 className="mt-4 mb-2 font-semibold">Who can reach whom</h3>
          <MiniGraph graph={n.mini} />
          <h3 className="mt-4 mb-2 font-semibold">Top findings</h3>
          <FindingList
            findings={n.top}
            selected={selected}
            href={(f) => keep("/network", { finding: f.id })}
          />
        </Panel>
        <Panel
          title="Certificates"
          actions={
            <Link className="text-sm underline" href={keep("/certificates")}>
              Open Certificates
            </Link>
          }
        >
          <UnknownNote gaps={c.gaps} />
          <div className="grid grid-cols-3 gap-2">
            {(["expired", "critical", "warning"] as const).map((s) => (
              <CountFigure
                key={s}
                label={<StatusWord status={s} />}
                count={c.byStatus[s]}
                tone={(v) => (v === 0 ? "good" : s === "warning" ? "warn" : "bad")}
              />
            ))}
          </div>
          <p className="mt-2 text-sm">
            <CountText count={c.total} /> certificates in all; <CountText count={c.byStatus.ok} /> valid,{" "}
            <CountText count={c.byStatus["not-yet-valid"]} /> not yet valid.
          </p>
          <h3 className="mt-4 mb-2 font-semibold">Expiry timeline</h3>
          <ExpiryStrip timeline={c.timeline} />
          <h3 className="mt-4 mb-2 font-semibold">Top findings</h3>
          <FindingList
            findings={c.top}
            selected={selected}
            href={(f) => keep("/certificates", { finding: f.id })}
          />
        </Panel>
        <Panel
          title="Workloads (Pod Security)"
          actions={
            <Link className="text-sm underline" href={keep("/workloads")}>
              Open Workloads
            </Link>
          }
        >
          <WorkloadsPanel w={o.workloads} href={(extra) => keep("/workloads", extra)} selected={selected} />
        </Panel>
      </div>
    </div>
  );
}
