import { FindingFix } from "@/components/ui/finding-fix";
import Link from "next/link";
import { BlastRadius } from "@/components/paths/blast-radius";
import { CutRanking } from "@/components/paths/cut-ranking";
import { PathChain } from "@/components/paths/path-chain";
import { PathsControls, PathsExports } from "@/components/paths/paths-controls";
import { SeverityBadge } from "@/components/ui/severity";
import { EmptyState, PageHeader, Panel } from "@/components/ui/panel";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { buildPathsPage, pathsQuery, readPathsQuery } from "@/lib/views/build-paths-page";
import { parseQuery, type SearchParams } from "@/lib/views/page-query";
import { pathsHref } from "@/lib/views/paths-href";

// Attack paths: from an entry point to targets, the shortest chains through the viewer's gated snapshot, the hop
// to cut first, a what-if fix, and the blast radius.

export const dynamic = "force-dynamic";
export const metadata = { title: "Attack paths" };

export default async function PathsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const parsed = readPathsQuery(params);
  const { present: presenting, finding: selected } = parseQuery(pathsQuery, params);
  const present = presenting ? "1" : undefined;
  const ctx = await getViewerContext();
  const view = buildPathsPage(ctx.snapshot, parsed);
  const q = view.query;
  const href = (change: Partial<typeof q>) => pathsHref({ ...q, ...change }, present);
  const targets = view.targets.map((t) => t.label).join(", ");
  return (
    <div>
      <PageHeader
        title="Attack paths"
        description={
          <>
            From {view.entry} to {targets} · the shortest chains (fewest hops, then fewest assumptions)
            through what you may see
          </>
        }
        actions={<PathsExports query={q} />}
      />
      {view.hidden.length > 0 && (
        <p
          role="note"
          data-testid="paths-hidden"
          className="mb-4 rounded border-2 border-amber-500 bg-amber-50 px-3 py-2 text-lg text-amber-950 dark:bg-amber-950 dark:text-amber-100"
        >
          <span aria-hidden="true">⚠ </span>
          <strong>Parts of the attack graph are hidden from you.</strong> You may not read{" "}
          {view.hidden.join(", ")} everywhere; a path through objects you cannot see is not shown, so a
          missing path is not an all-clear.
        </p>
      )}
      {view.errors.length > 0 && (
        <div role="alert" className="mb-4 rounded border-2 border-[#a6361c] px-3 py-2">
          {view.errors.map((e, i) => (
            <p key={i}>{e}</p>
          ))}
        </div>
      )}
      <PathsControls view={view} present={present} />

      <p className="my-4 text-3xl font-bold" data-testid="paths-headline">
        {view.headline}
        {view.paths.length > 1 && (
          <span className="ml-3 text-xl font-semibold text-slate-600 dark:text-slate-300">
            {view.paths.length} paths in all
          </span>
        )}
      </p>

      <Panel title="What-if: apply a fix and search again" className="mb-4">
        {view.whatIf ? (
          <p data-testid="what-if-result" className="text-lg">
            With {view.whatIf.fixes.map((f) => f.label).join(" and ")}:{" "}
            <strong>
              {view.whatIf.before} path{view.whatIf.before === 1 ? "" : "s"} before, {view.whatIf.after} after
            </strong>
            .{" "}
            {view.whatIf.gone.length > 0
              ? `No longer reached: ${view.whatIf.gone.map((p) => p.to.label).join(", ")}.`
              : "Every target is still reached."}{" "}
            <Link className="underline" href={href({ fix: [] })}>
              Remove the what-if
            </Link>
          </p>
        ) : view.suggestions.length > 0 ? (
          <ul className="flex flex-wrap gap-2" aria-label="Fixes to try">
            {view.suggestions.map((s) => (
              <li key={s.value}>
                <Link
                  href={href({ fix: [s.value] })}
                  className="inline-block rounded border-2 border-slate-400 px-3 py-1.5 text-base font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
                >
                  Try {s.label}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>
            No fix to suggest: no path shown goes through a pod creation or a network hop.
          </EmptyState>
        )}
      </Panel>

      {q.view === "blast" && view.blast ? (
        <Panel title={`Blast radius of ${view.entry}: ${view.blast.total} reached`} className="mb-4">
          {view.blast.total > 0 ? (
            <BlastRadius blast={view.blast} />
          ) : (
            <EmptyState>
              It reaches nothing{view.hidden.length > 0 ? " among what you may see" : ""}.
            </EmptyState>
          )}
        </Panel>
      ) : (
        <section aria-label="Paths" className="mb-4 flex flex-col gap-4">
          {view.paths.map((p, i) => (
            <PathChain key={p.id} path={p} index={i} selected={selected === p.id} />
          ))}
          {view.whatIf?.gone.map((p, i) => (
            <PathChain
              key={`gone-${p.id}`}
              path={{ ...p, id: `gone-${p.id}` }}
              index={view.paths.length + i}
              selected={selected === `gone-${p.id}`}
              gone
            />
          ))}
          {view.paths.length === 0 && !view.whatIf && (
            <EmptyState>
              No path from {view.entry} to {targets}
              {view.hidden.length > 0 ? " among what you may see." : "."}
            </EmptyState>
          )}
        </section>
      )}

      {view.cuts.length > 0 && q.view !== "blast" && (
        <Panel title="Fix this hop: the hops to cut, best first" className="mb-4" id="cuts">
          <CutRanking cuts={view.cuts} total={view.paths.length} />
        </Panel>
      )}

      <Panel title={`PATH findings (${view.findings.length})`} id="findings">
        {view.findings.length > 0 ? (
          <ul className="flex flex-col gap-2">
            {view.findings.map((f) => (
              <li key={f.id} className="text-base" data-testid="path-finding">
                <div className="flex flex-wrap items-start gap-2">
                  <SeverityBadge severity={f.severity} />
                  <span className="font-semibold">{f.rule}</span>
                  <span>{f.message}</span>
                </div>
                <FindingFix rule={f.rule} remediation={f.fix} docs={f.docs} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>No PATH finding{view.hidden.length > 0 ? " among what you may see" : ""}.</EmptyState>
        )}
      </Panel>
    </div>
  );
}
