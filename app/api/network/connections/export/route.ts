// GET /api/network/connections/export?format=csv|json&ns=&dir=&port= (the page's query): the Network page's full connection list
// as filtered, with what the viewer may not read, as a file.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { parsePort } from "@/lib/model/parse-port";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { connectionsToCsv, networkConnections } from "@/lib/views/network-connections";
import { buildNetworkPage, networkQuery } from "@/lib/views/network-page";

export const dynamic = "force-dynamic";

const query = networkQuery.extend({ format: z.enum(["csv", "json"]).default("json") });

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q, viewer }) => {
  const { format, ...pageQuery } = q;
  // The page says a port it cannot read turns the filter off; a file must not silently drop a filter.
  if (pageQuery.port !== undefined) parsePort(pageQuery.port);
  const { snapshot, memo } = await getViewerContext();
  // The same view model (and cache entry) as the page with this query: the file lists what the page lists.
  const page = memo(`network-page|${JSON.stringify(pageQuery)}`, () => buildNetworkPage(snapshot, pageQuery));
  const list = networkConnections(page.view, snapshot.gaps, {
    ...(pageQuery.ns ? { namespace: pageQuery.ns } : {}),
    direction: page.direction,
    ...(page.port ? { port: `${page.port.protocol}/${page.port.port}` } : {}),
  });
  const now = new Date();
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const filename = `vigil-network-connections${pageQuery.ns ? `-${pageQuery.ns}` : ""}-${stamp}.${format}`;
  const body =
    format === "csv"
      ? connectionsToCsv(list)
      : JSON.stringify(
          {
            generatedAt: now.toISOString(),
            generatedBy: viewer.name,
            cluster: snapshot.source.name,
            snapshotTakenAt: snapshot.source.takenAt,
            ...list,
          },
          null,
          2,
        );
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
