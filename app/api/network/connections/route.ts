// GET /api/network/connections?ns=&dir=&port=&offset=&limit=&q= (with the rest of the page's query): one page of
// the Network page's connection list under its filters, the rows whose names or ports hold `q`, with the counts
// (lib/views/connection-rows.ts). The page shows the first page and asks here for the next ones; the whole list
// is the export's (./export). The same view model (and cache entry) as the page with the same query.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { parsePort } from "@/lib/model/parse-port";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { CONNECTION_PAGE, connectionPage } from "@/lib/views/connection-rows";
import { buildNetworkPage, networkQuery } from "@/lib/views/network-page";
import { text } from "@/lib/views/page-query";

export const dynamic = "force-dynamic";

const query = networkQuery.extend({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(CONNECTION_PAGE).default(CONNECTION_PAGE),
  q: text.pipe(z.string().max(200).optional()),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: all }) => {
  const { offset, limit, q, ...pageQuery } = all;
  // The page says a port it cannot read turns the filter off; an API answer must not silently drop a filter.
  if (pageQuery.port !== undefined) parsePort(pageQuery.port);
  const { snapshot, memo } = await getViewerContext();
  const page = memo(`network-page|${JSON.stringify(pageQuery)}`, () => buildNetworkPage(snapshot, pageQuery));
  return {
    ...connectionPage(page.view, { offset, limit, ...(q ? { q } : {}) }),
    fromMetadata: page.view.fromMetadata,
  };
});
