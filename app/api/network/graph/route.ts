// GET /api/network/graph?ns=&dir=&port=: what the Network page's graph draws (the packed view,
// lib/views/pack-network-view.ts) under the graph's filters, for the page's client component when the page does
// not carry it (a graph larger than VIGIL_GRAPH_INLINE_KIB, lib/views/network-graph.ts). Gated like the
// page (the viewer's own snapshot, the same view-model cache entry); the JSON and its ETag are made once per
// (snapshot version, gate, filters) and each request sends that text (304 when If-None-Match names its tag).
// `Cache-Control: no-store` as every JSON route: the browser keeps nothing; the page's client keeps the last
// answer in memory and asks with its tag (docs/network.md "What the page sends").
import { route } from "@/lib/http/route";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { buildNetworkPage } from "@/lib/views/network-page";
import { graphBodyFor, graphPageQuery, graphQuery, matchesEtag } from "@/lib/views/network-graph";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(
  { query: graphQuery },
  async ({ query, request }) => {
    const pageQuery = graphPageQuery(query);
    const { snapshot, memo } = await getViewerContext();
    const body = graphBodyFor(
      memo,
      query,
      () =>
        memo(`network-page|${JSON.stringify(pageQuery)}`, () => buildNetworkPage(snapshot, pageQuery)).drawn,
    );
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ETag: body.etag,
    };
    if (matchesEtag(request.headers.get("if-none-match"), body.etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(request.method === "HEAD" ? null : body.json, { status: 200, headers });
  },
);
