import { createHash } from "node:crypto";
import type { z } from "zod";
import { VigilError } from "@/lib/errors";
import { hrefWith } from "@/lib/views/page-query";
import { networkQuery } from "@/lib/views/network-page";
import type { PackedView } from "@/lib/views/pack-network-view";

// What the Network page's graph draws (the packed view), as JSON made once per (snapshot version, gate, filters)
// (docs/network.md "What the page sends"). A large graph is not in the page: the client fetches it from
// /api/network/graph. On the 200-namespace demo it was 0.9 MB of the page's 1.7 MB RSC payload, serialised,
// inlined in the HTML and parsed again for every request; the route sends the text made once (Next.js
// compresses it as it does every response: a route handler cannot hand it bytes already compressed, since
// Next.js drops a route's own Content-Encoding header). A small graph comes in the page as that same text: a
// second request would cost the view more than its bytes do (under load, a request's wait in the server's
// queue, not its size, is most of its time).

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

/**
 * The graph's body for these filters: one view-cache entry per (snapshot version, gate, filters), which the page
 * and the route share. `drawn` gives the packed view when the entry is not there yet.
 */
export function graphBodyFor(
  memo: <T>(name: string, compute: () => T) => T,
  query: GraphQuery,
  drawn: () => PackedView,
): GraphBody {
  return memo(`network-graph|${JSON.stringify(graphPageQuery(query))}`, () => graphBody(drawn()));
}

/**
 * VIGIL_GRAPH_INLINE_KIB (default 32, 0 to 1024): the largest graph JSON, in KiB, that the Network page carries
 * itself instead of having its client fetch it. 0: always fetched.
 */
export function graphInlineMaxBytes(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.VIGIL_GRAPH_INLINE_KIB?.trim();
  if (text === undefined || text === "") return 32 * 1024;
  const kib = Number(text);
  if (!/^\d+$/.test(text) || kib > 1024) {
    throw new VigilError(
      "bad-input",
      `VIGIL_GRAPH_INLINE_KIB must be a whole number of KiB from 0 to 1024, not “${text.slice(0, 40)}”`,
    );
  }
  return kib * 1024;
}

/** The graph's JSON if the page should carry it: at most `maxBytes` bytes of UTF-8. */
export function inlineGraphJson(body: GraphBody, maxBytes: number): string | undefined {
  // A UTF-16 length is at most the UTF-8 length: only a text that may fit is measured exactly.
  if (body.json.length > maxBytes) return undefined;
  return Buffer.byteLength(body.json, "utf8") <= maxBytes ? body.json : undefined;
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
