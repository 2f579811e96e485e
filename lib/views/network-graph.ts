import { createHash } from "node:crypto";
import type { z } from "zod";
import { hrefWith } from "@/lib/views/page-query";
import { networkQuery } from "@/lib/views/network-page";
import type { PackedView } from "@/lib/views/pack-network-view";

// What the Network page's graph draws (the packed view) is not in the page: the client fetches it from
// /api/network/graph (docs/network.md "What the page sends"). On the 200-namespace demo it was 0.9 MB of the
// page's 1.7 MB RSC payload, serialised, inlined in the HTML and parsed again for every request; as JSON it is
// serialised once per (snapshot version, gate, filters) and each request sends that text (Next.js compresses
// it as it does every response: a route handler cannot hand it bytes already compressed, since Next.js drops
// a route's own Content-Encoding header).

/** What the drawn view depends on: the graph's filters. The selection, the explanation and meeting mode do not. */
export const graphQuery = networkQuery.pick({ ns: true, dir: true, port: true });
export type GraphQuery = z.output<typeof graphQuery>;

/**
 * The Network page's query for these filters alone, in the page's own key order: the unfiltered graph is the
 * same view-model cache entry as the unfiltered page (`network-page|{}`), never a second computation.
 */
export function graphPageQuery(query: GraphQuery): z.output<typeof networkQuery> {
  return networkQuery.parse({
    ...(query.ns !== undefined ? { ns: query.ns } : {}),
    ...(query.dir !== undefined ? { dir: query.dir } : {}),
    ...(query.port !== undefined ? { port: query.port } : {}),
  });
}

/** The graph's URL for a page showing these filters (what the page hands its client component). */
export function graphHref(query: GraphQuery): string {
  return hrefWith("/api/network/graph", { ns: query.ns, dir: query.dir, port: query.port });
}

export interface GraphBody {
  json: string;
  /** A strong validator of these bytes: the same view gives the same tag, any change a new one. */
  etag: string;
}

/** The packed view serialised once: the JSON and its ETag. */
export function graphBody(drawn: PackedView): GraphBody {
  const json = JSON.stringify(drawn);
  const etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"`;
  return { json, etag };
}

/** True when an If-None-Match header names this tag (a list, or `*`; weak tags compare by their opaque part). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}
