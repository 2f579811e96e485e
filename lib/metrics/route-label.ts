// The `route` label of the request metrics: the app route a path is served by ("/access/roles/[kind]/[...name]"),
// never the path itself, so that the number of series stays that of Vigil's routes whatever is requested.
// The routes come from Next.js's own build output (.next/routes-manifest.json, the table `next start` matches
// requests with), so a page added later is labelled without a list here to keep up to date.

export interface RouteTable {
  exact: ReadonlyMap<string, string>;
  patterns: readonly { page: string; regex: RegExp }[];
}

/** A path no route serves (a 404): one label for all of them. */
export const UNMATCHED = "other";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function routesOf(list: unknown): { page: string; regex: string }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((r) =>
    isRecord(r) && typeof r["page"] === "string" && typeof r["regex"] === "string"
      ? [{ page: r["page"], regex: r["regex"] }]
      : [],
  );
}

/** The table of a parsed routes-manifest.json; an empty table for anything else. */
export function routeTableOf(manifest: unknown): RouteTable {
  const m = isRecord(manifest) ? manifest : {};
  const exact = new Map<string, string>();
  for (const r of routesOf(m["staticRoutes"])) exact.set(r.page, r.page);
  const patterns = routesOf(m["dynamicRoutes"]).flatMap((r) => {
    try {
      return [{ page: r.page, regex: new RegExp(r.regex) }];
    } catch {
      return [];
    }
  });
  return { exact, patterns };
}

/** The route label of a request's path (its query is ignored). */
export function routeLabel(table: RouteTable, url: string): string {
  const q = url.search(/[?#]/);
  const path = q >= 0 ? url.slice(0, q) : url;
  if (path.startsWith("/_next/static/")) return "/_next/static";
  if (path.startsWith("/_next/")) return "/_next";
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const exact = table.exact.get(trimmed);
  if (exact !== undefined) return exact;
  for (const p of table.patterns) if (p.regex.test(path)) return p.page;
  return UNMATCHED;
}
