import { csvCell } from "@/lib/findings/export-findings";
import type { PathsPage } from "@/lib/views/build-paths-page";

// The /paths answer as files: CSV with one row per hop (a spreadsheet filters by technique or object), JSON with
// the whole answer (paths, hops to cut, what-if, blast radius) for automation. References only, no Secret data.

const COLUMNS = [
  "path",
  "from",
  "to",
  "hop",
  "technique",
  "title",
  "hop_from",
  "hop_to",
  "assumption",
  "evidence",
  "message",
] as const;

export function pathsToCsv(view: PathsPage): string {
  const rows: string[][] = [];
  view.paths.forEach((p, i) => {
    let from = p.from.label;
    p.hops.forEach((h, j) => {
      rows.push([
        String(i + 1),
        p.from.label,
        p.to.label,
        String(j + 1),
        h.technique,
        h.title,
        from,
        h.to.label,
        h.assumption ?? "",
        h.evidence.map((e) => e.text).join(" | "),
        h.message,
      ]);
      from = h.to.label;
    });
  });
  if (view.blast) {
    for (const col of view.blast.columns) {
      for (const item of col.items) {
        rows.push(["", view.entry, item.node.label, String(col.hops), "", "reached", "", "", "", "", ""]);
      }
    }
  }
  return [COLUMNS.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}

interface PathsExportMeta {
  generatedAt: string;
  generatedBy: string;
  cluster: string;
  snapshotTakenAt: string;
}

export function pathsToJson(view: PathsPage, meta: PathsExportMeta) {
  return {
    ...meta,
    query: view.query,
    entry: view.entry,
    targets: view.targets,
    headline: view.headline,
    hidden: view.hidden,
    paths: view.paths,
    cuts: view.cuts,
    ...(view.whatIf ? { whatIf: view.whatIf } : {}),
    ...(view.blast ? { blast: view.blast } : {}),
    findings: view.findings,
  };
}
