import type { z } from "zod";
import { errorResponseOf, methodNotAllowedError, VigilError } from "@/lib/errors";

// The JSON route wrapper's logic, with its dependencies passed in so that tests can drive it without Next.js:
// session check (401), GET/HEAD only (405 for every other method, signed in or not), zod query parsing
// (400 bad-input), errors mapped in one place (lib/errors.ts), and one audit line per request.

export interface RouteViewer {
  name: string;
  groups: readonly string[];
}

export interface RouteContext<Q> {
  request: Request;
  query: Q;
  viewer: RouteViewer;
}

export interface AuditEntry {
  time: string;
  type: "audit";
  user: string | null;
  groups: readonly string[];
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

interface RouteDeps {
  /** The signed-in viewer; throws VigilError("unauthenticated") when there is none. */
  readViewer(request: Request): Promise<RouteViewer>;
  audit(entry: AuditEntry): void;
  /** Milliseconds, for the duration only. */
  clock(): number;
  logError(message: string): void;
}

type RouteHandler<Q> = (context: RouteContext<Q>) => Promise<unknown> | unknown;

type MethodHandler = (request: Request) => Promise<Response>;

export interface RouteHandlers {
  GET: MethodHandler;
  HEAD: MethodHandler;
  POST: MethodHandler;
  PUT: MethodHandler;
  PATCH: MethodHandler;
  DELETE: MethodHandler;
}

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

/** The query string as an object: a repeated parameter becomes an array, a single one a string. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? "") : all;
  }
  return out;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) =>
      i.path.length > 0 ? `query parameter "${i.path.map(String).join(".")}": ${i.message}` : i.message,
    )
    .join("; ");
}

function isNextSignal(err: unknown): boolean {
  const digest = typeof err === "object" && err !== null && "digest" in err ? err.digest : undefined;
  return typeof digest === "string" && digest.startsWith("NEXT_");
}

export function createRoute(deps: RouteDeps) {
  function route<S extends z.ZodType>(
    options: { query: S },
    handler: RouteHandler<z.infer<S>>,
  ): RouteHandlers;
  function route(handler: RouteHandler<Record<string, string | string[]>>): RouteHandlers;
  function route(
    a: { query: z.ZodType } | RouteHandler<Record<string, string | string[]>>,
    b?: RouteHandler<unknown>,
  ): RouteHandlers {
    const schema = typeof a === "function" ? undefined : a.query;
    const handler = (typeof a === "function" ? a : b) as RouteHandler<unknown>;

    async function serve(request: Request): Promise<Response> {
      const started = deps.clock();
      const url = new URL(request.url);
      let viewer: RouteViewer | undefined;
      let response: Response;
      try {
        if (request.method !== "GET" && request.method !== "HEAD") {
          throw methodNotAllowedError(request.method);
        }
        viewer = await deps.readViewer(request);
        let query: unknown = queryObject(url.searchParams);
        if (schema) {
          const parsed = schema.safeParse(query);
          if (!parsed.success) throw new VigilError("bad-input", describeIssues(parsed.error.issues));
          query = parsed.data;
        }
        const body = await handler({ request, query, viewer });
        // A handler may answer with a whole Response: a file download (CSV, JSON export, snapshot).
        response =
          body instanceof Response
            ? body
            : new Response(request.method === "HEAD" ? null : JSON.stringify(body), {
                status: 200,
                headers: JSON_HEADERS,
              });
      } catch (err) {
        // Next.js signals redirect() and notFound() by throwing: those are not errors of ours.
        if (isNextSignal(err)) throw err;
        if (!(err instanceof VigilError)) {
          deps.logError(
            `${request.method} ${url.pathname} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
          );
        }
        response = errorResponseOf(err);
        if (request.method === "HEAD") {
          response = new Response(null, { status: response.status, headers: response.headers });
        }
      }
      deps.audit({
        time: new Date().toISOString(),
        type: "audit",
        user: viewer?.name ?? null,
        groups: viewer?.groups ?? [],
        method: request.method,
        route: url.pathname,
        status: response.status,
        durationMs: Math.round((deps.clock() - started) * 10) / 10,
      });
      return response;
    }

    return { GET: serve, HEAD: serve, POST: serve, PUT: serve, PATCH: serve, DELETE: serve };
  }
  return route;
}
