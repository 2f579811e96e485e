import { z } from "zod";
import { publicMessageOf } from "@/lib/errors";
import { ruleInfo } from "@/lib/findings/catalogue";
import type { Severity } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { analysePaths } from "@/lib/paths/analyse-paths";
import { chainText } from "@/lib/paths/path-findings";
import { rankCuts } from "@/lib/paths/cut-hops";
import { findPaths } from "@/lib/paths/find-paths";
import { blastRadius } from "@/lib/paths/reach";
import { refKey, refLabel } from "@/lib/paths/refs";
import { fixLabel, fixText, parseEntry, parseFix, parseTarget, refText, targetText } from "@/lib/paths/specs";
import { techniqueInfo } from "@/lib/paths/techniques";
import { applyPathFixes, type PathFix } from "@/lib/paths/what-if";
import type { AttackPath, EntrySpec, TargetSpec } from "@/lib/paths/types";
import { hiddenFromPaths, pathSuggestions } from "@/lib/views/paths-page-parts";
import { choice, flag, parseQuery, text, texts, type SearchParams } from "@/lib/views/page-query";
import { nodeView, pathView, type NodeView, type PathView } from "@/lib/views/path-hop-view";

// The /paths page (docs/paths.md): from an entry point to targets, the shortest attack paths of the viewer's gated
// snapshot as hop chains with their evidence; which hop to cut ("fix this hop", ranked by how many of the shown
// paths cutting it breaks); a what-if fix applied in memory; the blast radius of the entry; the PATH findings.

export const DEFAULT_TARGETS = ["cluster-admin", "all-nodes", "cloud-credentials"] as const;
export const OFFERED_TARGETS = [...DEFAULT_TARGETS, "secrets"] as const;
const TARGET_LABELS: Record<string, string> = {
  "cluster-admin": "cluster-admin",
  "all-nodes": "a node",
  "cloud-credentials": "cloud credentials",
  secrets: "Secrets",
};

export interface PathsQuery {
  from: string;
  to: string[];
  fix: string[];
  view: "paths" | "blast";
}

interface ParsedPathsQuery {
  query: PathsQuery;
  entry: EntrySpec;
  targets: TargetSpec[];
  fixes: PathFix[];
  /** What the URL asked for that is not understood, said plainly (the rest of the page still answers). */
  errors: string[];
}

/** The page's query: `from` one entry, `to` and `fix` repeated or comma-separated, `view`, and meeting mode. */
export const pathsQuery = z.object({
  from: text,
  to: texts,
  fix: texts,
  view: choice(["paths", "blast"]),
  present: flag("1"),
  finding: text,
});

const split = (values: readonly string[]): string[] =>
  values
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .slice(0, 20);

function attempt<T>(text: string, parse: (t: string) => T, errors: string[]): T | undefined {
  if (text.length > 300) {
    errors.push(`"${text.slice(0, 40)}..." is too long`);
    return undefined;
  }
  try {
    return parse(text);
  } catch (err) {
    errors.push(publicMessageOf(err));
    return undefined;
  }
}

export function readPathsQuery(params: SearchParams): ParsedPathsQuery {
  const q = parseQuery(pathsQuery, params);
  const errors: string[] = [];
  const fromText = q.from ?? "internet";
  const entry = attempt(fromText, parseEntry, errors) ?? { kind: "internet" };
  const asked = split(q.to);
  const targets = asked.map((t) => attempt(t, parseTarget, errors)).filter((t) => t !== undefined);
  const fixes = split(q.fix)
    .map((f) => attempt(f, parseFix, errors))
    .filter((f) => f !== undefined);
  const chosen = targets.length > 0 ? targets : DEFAULT_TARGETS.map((t) => parseTarget(t));
  return {
    query: {
      from: entryTextOf(entry),
      to: chosen.map(targetText),
      fix: fixes.map(fixText),
      view: q.view ?? "paths",
    },
    entry,
    targets: chosen,
    fixes,
    errors,
  };
}

function entryTextOf(entry: EntrySpec): string {
  if (entry.kind === "internet") return "internet";
  if (entry.kind === "any-pod")
    return entry.namespace === undefined ? "any-pod" : `any-pod:${entry.namespace}`;
  if (entry.kind === "pod") return `pod:${entry.namespace}/${entry.name}`;
  return refText(entry.ref);
}

function entryLabel(entry: EntrySpec): string {
  if (entry.kind === "internet") return "the internet";
  if (entry.kind === "any-pod")
    return entry.namespace === undefined ? "any compromised pod" : `a compromised pod of ${entry.namespace}`;
  if (entry.kind === "pod") return `a compromised pod ${entry.namespace}/${entry.name}`;
  return refLabel(entry.ref);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The headline when no path is found: an all-clear only when nothing of the graph is hidden from the viewer;
 * otherwise "unknown", for a path may run through what they may not see (docs/paths.md "What a viewer sees").
 */
function noPathHeadline(entry: string, targets: readonly string[], hidden: boolean): string {
  if (!hidden) return `${capital(entry)} reaches none of: ${targets.join(", ")}`;
  const any =
    targets.length > 1 ? `${targets.slice(0, -1).join(", ")} or ${targets.at(-1)}` : (targets[0] ?? "");
  return `Unknown whether ${entry} reaches ${any}: no path among what you may see`;
}

export interface CutView {
  key: string;
  technique: string;
  title: string;
  from: NodeView;
  to: NodeView;
  onPaths: number;
  breaks: number;
  /** Ids of the shown paths it breaks. */
  broken: string[];
  how: string;
}

interface BlastColumn {
  hops: number;
  count: number;
  items: { node: NodeView; assumptions: number }[];
}

export interface PathsPage {
  query: PathsQuery;
  errors: string[];
  entry: string;
  targets: { value: string; label: string }[];
  entries: { value: string; label: string }[];
  paths: PathView[];
  cuts: CutView[];
  whatIf?: { fixes: { value: string; label: string }[]; before: number; after: number; gone: PathView[] };
  suggestions: { value: string; label: string }[];
  blast?: { total: number; targets: NodeView[]; columns: BlastColumn[] };
  /** "The internet reaches cluster-admin in 5 hops", or that it reaches none of the targets. */
  headline: string;
  findings: {
    id: string;
    rule: string;
    severity: Severity;
    message: string;
    chain: string;
    fix: string;
    docs: string;
  }[];
  hidden: string[];
}

const BLAST_ITEMS = 40;

function pathsOf(snapshot: Snapshot, entry: EntrySpec, targets: readonly TargetSpec[]) {
  const { graph } = analysePaths(snapshot);
  const seen = new Set<string>();
  const paths: AttackPath[] = [];
  for (const t of targets) {
    for (const p of findPaths(graph, entry, t)) {
      if (seen.has(refKey(p.to))) continue;
      seen.add(refKey(p.to));
      paths.push(p);
    }
  }
  return { graph, paths };
}

export function buildPathsPage(snapshot: Snapshot, parsed: ParsedPathsQuery): PathsPage {
  const { entry, targets, fixes, query } = parsed;
  const analysis = analysePaths(snapshot);
  const before = pathsOf(snapshot, entry, targets);
  const after = fixes.length > 0 ? pathsOf(applyPathFixes(snapshot, fixes), entry, targets) : before;
  const shown = after.paths.map(pathView);
  const afterTargets = new Set(after.paths.map((p) => refKey(p.to)));
  const cuts = rankCuts(after.graph, entry, after.paths).map((c): CutView => ({
    key: String(c.id),
    technique: c.edge.technique,
    title: techniqueInfo(c.edge.technique).title,
    from: nodeView(c.edge.from),
    to: nodeView(c.edge.to),
    onPaths: c.onPaths,
    breaks: c.breaks,
    broken: c.broken.map((i) => shown[i]?.id ?? ""),
    how: techniqueInfo(c.edge.technique).cut ?? "",
  }));
  const { context } = analysis;
  const entries = [
    { value: "internet", label: "The internet" },
    { value: "any-pod", label: "Any compromised pod" },
    ...context.namespaces
      .filter((ns) => (context.podsByNs.get(ns) ?? []).length > 0)
      .map((ns) => ({ value: `any-pod:${ns}`, label: `A compromised pod of ${ns}` })),
  ];
  if (!entries.some((e) => e.value === query.from))
    entries.push({ value: query.from, label: entryLabel(entry) });

  let blast: PathsPage["blast"];
  if (query.view === "blast") {
    const reached = blastRadius(after.graph, entry);
    const columns = new Map<number, BlastColumn>();
    for (const r of reached) {
      const col = columns.get(r.hops) ?? { hops: r.hops, count: 0, items: [] };
      col.count++;
      if (col.items.length < BLAST_ITEMS)
        col.items.push({ node: nodeView(r.ref), assumptions: r.assumptions });
      columns.set(r.hops, col);
    }
    blast = {
      total: reached.length,
      targets: reached.filter((r) => r.ref.kind === "Target").map((r) => nodeView(r.ref)),
      columns: [...columns.values()],
    };
  }

  const lead = shown.find((p) => p.to.label === "cluster-admin") ?? shown[0];
  const targetWords = targets.map((t) => TARGET_LABELS[targetText(t)] ?? targetText(t));
  const headline = lead
    ? `${capital(entryLabel(entry))} reaches ${lead.to.label} in ${lead.hops.length} hop${lead.hops.length === 1 ? "" : "s"}`
    : noPathHeadline(entryLabel(entry), targetWords, hiddenFromPaths(snapshot.gaps).length > 0);
  return {
    query,
    headline,
    errors: parsed.errors,
    entry: entryLabel(entry),
    targets: targets.map((t, i) => ({ value: targetText(t), label: targetWords[i] ?? "" })),
    entries,
    paths: shown,
    cuts,
    ...(fixes.length > 0
      ? {
          whatIf: {
            fixes: fixes.map((f) => ({ value: fixText(f), label: fixLabel(f) })),
            before: before.paths.length,
            after: after.paths.length,
            gone: before.paths.filter((p) => !afterTargets.has(refKey(p.to))).map(pathView),
          },
        }
      : {}),
    suggestions: pathSuggestions(before.paths),
    ...(blast ? { blast } : {}),
    findings: analysis.findings.map((f, i) => ({
      id: `${f.rule}-${i + 1}`,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      chain: chainText(f.path),
      fix: ruleInfo(f.rule).remediation,
      docs: ruleInfo(f.rule).docs,
    })),
    hidden: hiddenFromPaths(snapshot.gaps),
  };
}
