// GET /api/paths/export?from=&to=&fix=&view=&format=csv|json: the /paths answer for the same query, as a file.
import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { exportFormat, exportResponse } from "@/lib/http/export-file";
import { route } from "@/lib/http/route";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { buildPathsPage, readPathsQuery } from "@/lib/views/build-paths-page";
import { pathsToCsv, pathsToJson } from "@/lib/views/paths-export";

export const dynamic = "force-dynamic";

const text = z.union([z.string().max(2000), z.array(z.string().max(300)).max(20)]).optional();
const query = z.object({
  from: z.string().max(300).optional(),
  to: text,
  fix: text,
  view: z.enum(["paths", "blast"]).optional(),
  format: exportFormat,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q, viewer }) => {
  const parsed = readPathsQuery(q);
  if (parsed.errors.length > 0) throw new VigilError("bad-input", parsed.errors.join("; "));
  const { snapshot } = await getViewerContext();
  const view = buildPathsPage(snapshot, parsed);
  return exportResponse({
    what: "paths",
    format: q.format,
    snapshot,
    viewer,
    now: new Date(),
    csv: () => pathsToCsv(view),
    json: (header) => pathsToJson(view, header),
  });
});
