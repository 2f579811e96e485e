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
import { gapSummary } from "@/lib/views/known-count";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { pathsHeadline } from "@/lib/views/paths-headline";

// The overview: the page a security review opens on a projector. Access, network, certificates and workloads
// side by side on one 1920x1080 screen (two by two, scrolling, on smaller screens), each panel linking to its
// page with the same filters.

export const dynamic = "force-dynamic";

/**
 * The first names of a list and how many more, the whole list on hover: a viewer who may read little gets a
 * line, not a paragraph, so the panels below still fit the screen.
 */
function Names({ names, max }: { names: readonly string[]; max: number }) {
  if (names.length <= max) return <>{names.join(", ")}</>;
  return (
    <span title={names.join(", ")}>
      {names.slice(0, max).join(", ")} and {names.length - max} more
    </span>
  );
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
  // Each panel lists its top findings and links to the rest: fewer in meeting mode, where type is larger, so
  // that every panel still ends within one 1920x1080 screen (e2e/meeting-layout.spec.ts measures it).
  const limit = present ? 2 : 3;
  const areaTotal = (prefix: string) => o.findings.filter((f) => f.rule.startsWith(prefix)).length;
  const r = o.rbac;
  const fiveInRow = !present && SEVERITIES.every((s) => r.bySeverity[s].known);
  const n = o.network;
  const c = o.certificates;
  return (
    <div data-overview>
      <PageHeader
        compact
        title="Overview"
        description={
          <>
            {ns ? `Namespace ${ns}` : "Every namespace you may see"} · read{" "}
            {new Date(ctx.snapshot.source.takenAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC ·{" "}
            <Link href={keep("/report")} className="underline">
              Review report
            </Link>
            {ctx.snapshot.gaps.length > 0 && (
              // On the title's line: each panel says what its own figures leave out, and every area page lists
              // the gaps in full; the panels keep the height.
              <span
                role="status"
                className="ml-3 inline rounded border border-amber-400 bg-amber-50 px-2 py-0.5 text-amber-950 [box-decoration-break:clone] dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
              >
                <span aria-hidden="true">⚠ </span>
                <strong>Part of the cluster is not visible to you:</strong>{" "}
                <Names names={[...new Set(ctx.snapshot.gaps.map((g) => g.resource))]} max={3} />. Figures that
                count them read unknown. <AccessContact inline />
              </span>
            )}
          </>
        }
        actions={<ExportButtons area="all" {...(ns ? { namespace: ns } : {})} snapshot />}
      />
      <PathsHeadlineBanner headline={ctx.memo("paths-headline", () => pathsHeadline(ctx.snapshot))} />
      {/* Four columns on a wide screen; the network panel, which holds a picture, a little wider. */}
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-[repeat(2,minmax(0,1fr))] 2xl:grid-cols-[minmax(0,1fr)_minmax(0,1.15fr)_minmax(0,1fr)_minmax(0,1.05fr)]">
        <Panel
          title="Access (RBAC)"
          actions={
            <Link className="text-sm underline" href={keep("/access")}>
              Open Access
            </Link>
          }
        >
          <UnknownNote gaps={r.gaps} />
          {/* Five severities side by side; three to a row in meeting mode's larger type, and when a figure reads
              "unknown" (a word wider than a fifth of the panel), so that each word fits its tile whole
              (e2e/meeting-layout.spec.ts checks that no content overflows its box). */}
          <div className={fiveInRow ? "grid grid-cols-3 gap-1 sm:grid-cols-5" : "grid grid-cols-3 gap-2"}>
            {SEVERITIES.map((s) => (
              <CountFigure
                key={s}
                narrow={fiveInRow}
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
          <h3 className="mt-3 mb-1 font-semibold">Risky grants by rule</h3>
          {/* The panel that says most (figures, defaults apart, bars, findings with what to do in up to three
              lines): three bars and, in meeting mode, one finding fewer, so that it ends within one 1920x1080
              screen. */}
          <RiskBars bars={r.bars} unknown={gapSummary(r.gaps)} limit={3} more={keep("/access")} />
          <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
          <FindingList
            compact
            findings={r.top}
            unknown={gapSummary(r.gaps)}
            limit={present ? limit - 1 : limit}
            total={areaTotal("RBAC-")}
            more={keep("/access")}
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
          <div className="grid grid-cols-2 gap-1">
            <CountFigure
              inline
              label="namespaces without default-deny ingress"
              count={n.withoutDefaultDenyIngress}
              tone={(v) => (v > 0 ? "warn" : "good")}
            />
            <CountFigure
              inline
              label="namespaces without default-deny egress"
              count={n.withoutDefaultDenyEgress}
              tone={(v) => (v > 0 ? "warn" : "good")}
            />
            <CountFigure
              inline
              label="workloads exposed to the internet"
              count={n.exposedToInternet}
              tone={(v) => (v > 0 ? "bad" : "good")}
            />
            <CountFigure
              inline
              label="workloads that can reach cloud metadata"
              count={n.metadataReachable}
              tone={(v) => (v > 0 ? "bad" : "good")}
            />
          </div>
          <h3 className="mt-3 mb-1 font-semibold">Who can reach whom</h3>
          {/* The picture gets a fixed slot (meeting mode grows the type around it, not the slot), so the panel
              still ends within one 1920x1080 screen; the Network page has the full-size graph. In meeting mode the
              presenter explains the arrows, and the legend gives its lines to the panel. */}
          <div className={present ? "[&_figcaption]:hidden [&_svg]:max-h-[200px]" : "[&_svg]:max-h-[210px]"}>
            <MiniGraph graph={n.mini} unknown={gapSummary(n.gaps)} />
          </div>
          <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
          <FindingList
            compact
            findings={n.top}
            unknown={gapSummary(n.gaps)}
            limit={limit - 1}
            total={areaTotal("NET-")}
            more={keep("/network")}
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
          <h3 className="mt-3 mb-1 font-semibold">Expiry timeline</h3>
          {/* In meeting mode the presenter explains the marks, and the legend gives its lines to the findings. */}
          <div className={present ? "[&_figcaption]:hidden" : ""}>
            <ExpiryStrip timeline={c.timeline} />
          </div>
          <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
          <FindingList
            compact
            findings={c.top}
            unknown={gapSummary(c.gaps)}
            // The note on what is unknown takes a finding's room.
            limit={c.gaps.length > 0 ? limit - 1 : limit}
            total={areaTotal("CERT-")}
            more={keep("/certificates")}
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
          <WorkloadsPanel
            w={o.workloads}
            href={(extra) => keep("/workloads", extra)}
            selected={selected}
            limit={present ? limit - 1 : limit}
            rows={4}
          />
        </Panel>
      </div>
    </div>
  );
}
