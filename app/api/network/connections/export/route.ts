// GET /api/network/connections/export?format=csv|json&ns=&dir=&port= (the page's query): the Network page's full connection list
// as filtered, with what the viewer may not read, as a file.
import { exportFormat, exportResponse } from "@/lib/http/export-file";
import { route } from "@/lib/http/route";
import { parsePort } from "@/lib/model/parse-port";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { connectionsToCsv, networkConnections } from "@/lib/views/network-connections";
import { buildNetworkPage, networkQuery } from "@/lib/views/network-page";

export const dynamic = "force-dynamic";

const query = networkQuery.extend({ format: exportFormat });

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
  return exportResponse({
    what: "network-connections",
    namespace: pageQuery.ns,
    format,
    snapshot,
    viewer,
    now: new Date(),
    csv: () => connectionsToCsv(list),
    json: (header) => ({ ...header, ...list }),
  });
});
