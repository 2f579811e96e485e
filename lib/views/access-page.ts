import { z } from "zod";
import { publicMessageOf } from "@/lib/errors";
import { filterByNamespace } from "@/lib/findings/finding-namespace";
import { SEVERITIES } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { parseAccessRequest, type AccessRequestInput } from "@/lib/rbac/parse-access-request";
import { whoCan, type WhoCanResult } from "@/lib/rbac/who-can";
import { buildAccessGraph } from "@/lib/views/build-access-graph";
import {
  buildBindingRows,
  filterBindingRows,
  subjectHref,
  SUBJECT_KINDS,
  type BindingRow,
} from "@/lib/views/build-access-view";
import { findingView, type FindingView } from "@/lib/views/finding-view";
import { AREA_RESOURCES } from "@/lib/views/area-resources";
import {
  countOf,
  gapReasons,
  relevantGaps,
  severityCounts,
  type Count,
  type SeverityCounts,
} from "@/lib/views/known-count";
import { choice, flag, hrefWith, text } from "@/lib/views/page-query";

// The Access (RBAC) page (docs/semantics.md §2): the bindings table (filter, search, sort), the who-can box,
// the RBAC findings and the subject -> binding -> role graph. All state is in the URL; every link the page
// draws keeps the rest of it.

const BINDING_SORTS = ["risk", "subject", "binding", "role", "scope"] as const;

export const accessQuery = z.object({
  ns: text,
  present: text,
  /** The finding selected in the findings panel. */
  finding: text,
  q: text,
  kind: choice(SUBJECT_KINDS),
  scope: choice(["cluster", "namespace"]),
  risk: choice(["any", ...SEVERITIES]),
  sort: choice(BINDING_SORTS),
  defaults: flag("hide"),
  rows: flag("all"),
  /** The first binding row shown (a page of PAGE_ROWS at a time), as a link writes it. */
  start: text,
  // The who-can question.
  verb: text,
  resource: text,
  sub: text,
  apiGroup: text,
  wns: text,
  wname: text,
});
type AccessQuery = z.output<typeof accessQuery>;

/**
 * Rows of the bindings table a page shows (Previous / Next, or "Show all"). Each row is about 3 kB of the page
 * twice (HTML and RSC payload): 200 of them were most of the 1.8 MB Access page of the 200-namespace demo.
 */
const PAGE_ROWS = 50;
/** Findings listed before "and N more". */
const MAX_FINDINGS = 100;

export interface AccessPage {
  query: AccessQuery;
  sort: (typeof BINDING_SORTS)[number];
  who: AccessRequestInput;
  whoResult: WhoCanResult | undefined;
  whoError: string | undefined;
  /** The query minus the named parameters: hidden fields of a form that sets them. */
  keepExcept(...drop: string[]): Record<string, string>;
  rows: BindingRow[];
  shownRows: BindingRow[];
  pageRows: number;
  /** The index of the first row shown (0 with "Show all"). */
  start: number;
  /** The previous and next pages of rows, when there are. */
  previousHref: string | undefined;
  nextHref: string | undefined;
  graph: ReturnType<typeof buildAccessGraph>;
  findings: FindingView[];
  findingCount: number;
  /** The RBAC findings as counts: unknown, with why, where the viewer may not list roles or bindings. */
  counts: SeverityCounts & { findings: Count };
  /** Why the findings, bindings and who-can answers are known only in part (empty: they are complete). */
  unknown: string[];
  resetHref: string;
  showAllHref: string;
  findingHref(id: string): string;
  sortHref(sort: string): string;
}

/**
 * The page of one (snapshot, gate, query): the same for every viewer of that gate, so that it is computed once
 * for them all (the viewer's own link is `myAccessHref`).
 */
export function buildAccessPage(snapshot: Snapshot, query: AccessQuery): AccessPage {
  const { index, findings } = analyzeRbac(snapshot);
  const sort = query.sort ?? "risk";
  const who = {
    verb: query.verb,
    resource: query.resource,
    subresource: query.sub,
    apiGroup: query.apiGroup,
    namespace: query.wns,
    name: query.wname,
  };
  const state: Record<string, string | undefined> = {
    ns: query.ns,
    present: query.present,
    q: query.q,
    kind: query.kind,
    scope: query.scope,
    risk: query.risk,
    sort: sort === "risk" ? undefined : sort,
    defaults: query.defaults ? "hide" : undefined,
    rows: query.rows ? "all" : undefined,
    verb: query.verb,
    resource: query.resource,
    sub: query.sub,
    apiGroup: query.apiGroup,
    wns: query.wns,
    wname: query.wname,
  };
  const keepExcept = (...drop: string[]) =>
    Object.fromEntries(
      Object.entries(state).filter((e): e is [string, string] => e[1] !== undefined && !drop.includes(e[0])),
    );

  const rows = filterBindingRows(buildBindingRows(index, findings), {
    ...(query.q ? { q: query.q } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.scope ? { scope: query.scope } : {}),
    ...(query.risk ? { risk: query.risk } : {}),
    ...(query.ns ? { ns: query.ns } : {}),
    hideDefaults: query.defaults,
    sort,
  });
  const areaFindings = filterByNamespace(findings, query.ns);
  const gaps = relevantGaps(snapshot.gaps, AREA_RESOURCES.rbac, query.ns);

  let whoResult: WhoCanResult | undefined;
  let whoError: string | undefined;
  if (who.verb || who.resource) {
    try {
      whoResult = whoCan(index, parseAccessRequest(who));
    } catch (err) {
      whoError = publicMessageOf(err);
    }
  }

  // The page of rows asked for; without one, the page holding the selected finding's first row (a `?finding=`
  // link shows its binding), else the first. Past the end: the last page.
  const asked = query.start !== undefined && /^\d{1,9}$/.test(query.start) ? Number(query.start) : undefined;
  const holding =
    query.finding === undefined
      ? -1
      : rows.findIndex((r) => r.risks.some((k) => k.findingId === query.finding));
  const lastStart = Math.max(0, Math.floor((rows.length - 1) / PAGE_ROWS) * PAGE_ROWS);
  const start = query.rows
    ? 0
    : Math.min(asked ?? (holding > 0 ? Math.floor(holding / PAGE_ROWS) * PAGE_ROWS : 0), lastStart);
  const pageHref = (at: number) =>
    hrefWith("/access", { ...keepExcept(), start: at > 0 ? String(at) : undefined }) + "#bindings";

  return {
    query,
    sort,
    who,
    whoResult,
    whoError,
    keepExcept,
    rows,
    shownRows: query.rows ? rows : rows.slice(start, start + PAGE_ROWS),
    pageRows: PAGE_ROWS,
    start,
    previousHref: !query.rows && start > 0 ? pageHref(Math.max(0, start - PAGE_ROWS)) : undefined,
    nextHref: !query.rows && start + PAGE_ROWS < rows.length ? pageHref(start + PAGE_ROWS) : undefined,
    graph: buildAccessGraph(rows),
    findings: areaFindings.slice(0, MAX_FINDINGS).map(findingView),
    findingCount: areaFindings.length,
    counts: { ...severityCounts(areaFindings, gaps), findings: countOf(areaFindings.length, gaps) },
    unknown: gapReasons(gaps),
    resetHref: hrefWith("/access", { ns: query.ns, present: query.present }),
    showAllHref: hrefWith("/access", { ...keepExcept("rows"), rows: "all" }) + "#bindings",
    findingHref: (id) => hrefWith("/access", { ...keepExcept("finding"), finding: id }) + "#findings",
    sortHref: (s) =>
      hrefWith("/access", { ...keepExcept("sort"), sort: s === "risk" ? undefined : s }) + "#bindings",
  };
}

/**
 * The viewer's own subject page, with their groups; `me` is the viewer as the API server sees them, with the
 * username and group prefixes of its configuration.
 */
export function myAccessHref(me: { name: string; groups: readonly string[] }): string {
  const myGroups = me.groups.map((g) => `group=${encodeURIComponent(g)}`).join("&");
  return `${subjectHref({ kind: "User", name: me.name })}${myGroups ? `?${myGroups}` : ""}`;
}
