import { z } from "zod";
import type { Snapshot } from "@/lib/model/types";
import type { RouteViewer } from "@/lib/http/create-route";

// The one way an export route answers with a file: the format parameter, the file name (what, the namespace,
// the time), the header a JSON file starts with (who made it, from which snapshot), and the download headers.

/** The `format` parameter of every export: `csv` or `json` (the default). */
export const exportFormat = z.enum(["csv", "json"]).default("json");

/** Who made a JSON export, when, and from which snapshot. */
interface ExportHeader {
  generatedAt: string;
  generatedBy: string;
  cluster: string;
  snapshotTakenAt: string;
}

/** `vigil-<what>[-<namespace>]-<UTC time>.<extension>`. */
export function exportFileName(what: string, namespace: string | undefined, now: Date, extension: string) {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return `vigil-${what}${namespace ? `-${namespace}` : ""}-${stamp}.${extension}`;
}

/** A download: never cached, since it holds what one viewer may see. */
export function fileResponse(body: string, filename: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** A CSV or JSON export; `json` gets the header to spread into the document it returns. */
export function exportResponse(options: {
  what: string;
  namespace?: string | undefined;
  format: z.output<typeof exportFormat>;
  snapshot: Snapshot;
  viewer: RouteViewer;
  now: Date;
  csv: () => string;
  json: (header: ExportHeader) => unknown;
}): Response {
  const { what, namespace, format, snapshot, viewer, now } = options;
  const body =
    format === "csv"
      ? options.csv()
      : JSON.stringify(
          options.json({
            generatedAt: now.toISOString(),
            generatedBy: viewer.name,
            cluster: snapshot.source.name,
            snapshotTakenAt: snapshot.source.takenAt,
          }),
          null,
          2,
        );
  const contentType = format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
  return fileResponse(body, exportFileName(what, namespace, now, format), contentType);
}
