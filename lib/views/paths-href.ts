import type { PathsQuery } from "@/lib/views/build-paths-page";

// Links within /paths and to its export: the query in the URL, defaults left out so links stay short.

const DEFAULT_TO = "cluster-admin,all-nodes,cloud-credentials";

function pathsParams(q: PathsQuery, present?: string): URLSearchParams {
  const p = new URLSearchParams();
  if (q.from !== "internet") p.set("from", q.from);
  if (q.to.join(",") !== DEFAULT_TO) p.set("to", q.to.join(","));
  if (q.fix.length > 0) p.set("fix", q.fix.join(","));
  if (q.view !== "paths") p.set("view", q.view);
  if (present) p.set("present", present);
  return p;
}

export function pathsHref(q: PathsQuery, present?: string): string {
  const p = pathsParams(q, present);
  return `/paths${p.size > 0 ? `?${p.toString()}` : ""}`;
}

export function pathsExportHref(q: PathsQuery, format: "csv" | "json"): string {
  const p = pathsParams(q);
  p.set("format", format);
  return `/api/paths/export?${p.toString()}`;
}
