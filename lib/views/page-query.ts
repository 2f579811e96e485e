import { z } from "zod";

// The query string of a page, read the same way on every page: a parameter is one non-empty trimmed string or
// absent; a repeated parameter takes its first value unless the schema asks for all of them; an unknown value
// of a closed set reads as absent (a hand-edited URL gives the default view, never an error page).

/** What Next.js hands a page as `searchParams`, once awaited. */
export type SearchParams = Record<string, string | string[] | undefined>;

function first(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== "string") return undefined;
  const trimmed = s.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** One free-text parameter. */
export const text = z.preprocess(first, z.string().optional());

/** Every non-empty value of a repeated parameter (`?group=a&group=b`). */
export const texts = z.preprocess(
  (v) =>
    (Array.isArray(v) ? v : [v])
      .filter((s): s is string => typeof s === "string")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  z.array(z.string()),
);

/** One of `values`, or absent for anything else. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(first, z.enum(values).optional().catch(undefined));
}

/** True exactly when the parameter is `value` (`?rows=all`, `?present=1`). */
export function flag(value: string) {
  return z.preprocess(first, z.string().optional()).transform((v) => v === value);
}

/** Reads a page's query with its schema; never throws, since every field has a fallback. */
export function parseQuery<S extends z.ZodType>(schema: S, params: SearchParams): z.output<S> {
  return schema.parse(params);
}

/** A link to `path` with `params`, dropping empty values. */
export function hrefWith(path: string, params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, v);
  return `${path}${p.size > 0 ? `?${p.toString()}` : ""}`;
}

/** A path segment as written by a person or a link, decoded once whether or not the router already did. */
export function pathSegment(s: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** An optional namespace name in an API query (`?ns=`): a DNS label, as the API server allows. */
export const namespaceName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a namespace name")
  .max(63)
  .optional();
