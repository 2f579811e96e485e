import Link from "next/link";
import { ExpiryStrip } from "@/components/overview/expiry-strip";
import { FindingList } from "@/components/overview/finding-list";
import { MiniGraph } from "@/components/overview/mini-graph";
import { PathsHeadlineBanner } from "@/components/paths/paths-headline";
import { RiskBars } from "@/components/overview/risk-bars";
import { WorkloadsPanel } from "@/components/overview/workloads-panel";
import { ExportButtons } from "@/components/ui/export-buttons";
import { PageHeader, Panel } from "@/components/ui/panel";
import { SEVERITIES } from "@/lib/findings/types";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import { buildOverview, overviewQuery } from "@/lib/views/build-overview";
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

/** Says in the panel itself that its figures leave out what the viewer may not read, so a zero is not "all clear". */
function Incomplete({
  gaps,
  resources,
}: {
  gaps: readonly { resource: string }[];
  resources: readonly string[];
}) {
  const missing = [...new Set(gaps.map((g) => g.resource).filter((r) => resources.includes(r)))];
  if (missing.length === 0) return null;
  return (
    <p className="mb-2 rounded border border-amber-400 bg-amber-50 px-2 py-1 text-xs leading-snug text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100">
      <span aria-hidden="true">⚠ </span>Incomplete: leaves out <Names names={missing} max={2} />, which you
      may not read everywhere.
    </p>
  );
}

function Figure({
  label,
  value,
  tone = "neutral",
  inline = false,
}: {
  label: string;
  value: number;
  tone?: "bad" | "warn" | "neutral" | "good";
  /** The figure and its label on one line (the network panel's long labels). */
  inline?: boolean;
}) {
  const colour = {
    bad: "text-[#a6361c] dark:text-[#ff8a65]",
    warn: "text-[#b35a00] dark:text-[#ffb74d]",
    neutral: "",
    good: "text-[#007a5a] dark:text-[#4dd0a8]",
  }[tone];
  return (
    <div
      className={`rounded border border-slate-200 px-2 py-1 dark:border-slate-700 ${inline ? "flex items-baseline gap-2" : ""}`}
    >
      <div className={`text-2xl font-bold tabular-nums ${inline ? "min-w-[2ch] text-right" : ""} ${colour}`}>
        {value}
      </div>
      <div className={`${inline ? "text-xs" : "text-sm"} leading-tight text-slate-600 dark:text-slate-300`}>
        {label}
      </div>
    </div>
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
                <Names names={[...new Set(ctx.snapshot.gaps.map((g) => g.resource))]} max={3} />. Each panel
                says what its figures leave out.
              </span>
            )}
          </>
        }
        actions={<ExportButtons area="all" {...(ns ? { namespace: ns } : {})} snapshot />}
      />
      <PathsHeadlineBanner headline={pathsHeadline(ctx.snapshot)} />
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
          <Incomplete gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.rbac} />
          <div className="grid grid-cols-3 gap-2 sm:grid-cols-5">
            {SEVERITIES.map((s) => (
              <Figure
                key={s}
                label={s}
                value={r.bySeverity[s]}
                tone={s === "critical" || s === "high" ? (r.bySeverity[s] > 0 ? "bad" : "good") : "neutral"}
              />
            ))}
          </div>
          <p className="mt-2 text-sm">
            <strong className="tabular-nums">{r.riskyBindings}</strong> bindings carry a risk beyond
            Kubernetes&apos; own defaults.
          </p>
          <h3 className="mt-3 mb-1 font-semibold">Risky grants by rule</h3>
          <RiskBars bars={r.bars} limit={present ? 5 : 8} more={keep("/access")} />
          <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
          <FindingList
            compact
            findings={r.top}
            limit={limit}
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
          <Incomplete gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.network} />
          <div className="grid grid-cols-2 gap-1">
            <Figure
              inline
              label="namespaces without default-deny ingress"
              value={n.withoutDefaultDenyIngress}
              tone={n.withoutDefaultDenyIngress > 0 ? "warn" : "good"}
            />
            <Figure
              inline
              label="namespaces without default-deny egress"
              value={n.withoutDefaultDenyEgress}
              tone={n.withoutDefaultDenyEgress > 0 ? "warn" : "good"}
            />
            <Figure
              inline
              label="workloads exposed to the internet"
              value={n.exposedToInternet}
              tone={n.exposedToInternet > 0 ? "bad" : "good"}
            />
            <Figure
              inline
              label="workloads that can reach cloud metadata"
              value={n.metadataReachable}
              tone={n.metadataReachable > 0 ? "bad" : "good"}
            />
          </div>
          <h3 className="mt-3 mb-1 font-semibold">Who can reach whom</h3>
          {/* The picture gets a fixed slot (meeting mode grows the type around it, not the slot), so the panel
              still ends within one 1920x1080 screen; the Network page has the full-size graph. */}
          <div className={present ? "[&_svg]:max-h-[200px]" : "[&_svg]:max-h-[210px]"}>
            <MiniGraph graph={n.mini} />
          </div>
          <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
          <FindingList
            compact
            findings={n.top}
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
          <Incomplete gaps={ctx.snapshot.gaps} resources={AREA_RESOURCES.certificates} />
          <div className="grid grid-cols-3 gap-2">
            <Figure
              label="expired"
              value={c.byStatus.expired}
              tone={c.byStatus.expired > 0 ? "bad" : "good"}
            />
            <Figure
              label="critical (< 14 days)"
              value={c.byStatus.critical}
              tone={c.byStatus.critical > 0 ? "bad" : "good"}
            />
            <Figure
              label="warning (< 28 days)"
              value={c.byStatus.warning}
              tone={c.byStatus.warning > 0 ? "warn" : "good"}
            />
          </div>
          <p className="mt-2 text-sm">
            {c.total} certificates in all; {c.byStatus.ok} healthy, {c.byStatus["not-yet-valid"]} not yet
            valid.
          </p>
          <h3 className="mt-3 mb-1 font-semibold">Expiry timeline</h3>
          <ExpiryStrip timeline={c.timeline} />
          <h3 className="mt-3 mb-1 font-semibold">Top findings</h3>
          <FindingList
            compact
            findings={c.top}
            limit={limit}
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
            limit={limit}
            rows={present ? 4 : 6}
          />
        </Panel>
      </div>
    </div>
  );
}
