// The query parameters of the Access pages, read the same way everywhere: one non-empty string or nothing.

export type Search = Promise<Record<string, string | string[] | undefined>>;

export function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" && s.trim().length > 0 ? s.trim() : undefined;
}

export function all(v: string | string[] | undefined): string[] {
  return (Array.isArray(v) ? v : v !== undefined ? [v] : []).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A link to `path` with `params`, dropping empty values. */
export function hrefWith(path: string, params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, v);
  return `${path}${p.size > 0 ? `?${p.toString()}` : ""}`;
}

/** A path segment as written by a person or a link, decoded once whether or not the router already did. */
export function segment(s: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
