import "server-only";
import { readSessionToken, viewerOf } from "@/lib/auth/read-session";
import { createRoute } from "@/lib/http/create-route";
import { unauthenticatedError } from "@/lib/errors";

// The wrapper every JSON route of Vigil uses (docs/development.md "Conventions"):
//
//   // GET /api/things?ns=...: what the route is for
//   export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query: z.object({ ns: z.string() }) },
//     async ({ query, viewer }) => { const ctx = await getViewerContext(); return {...}; });
//
// Answers 401 without a session, 405 for any method but GET/HEAD, 400 (bad-input) for a query the schema
// refuses, the status of a VigilError's code otherwise; logs one JSON audit line per request on stdout.

export type { RouteContext, RouteHandlers, RouteViewer } from "@/lib/http/create-route";

export const route = createRoute({
  async readViewer() {
    const token = await readSessionToken();
    if (!token) throw unauthenticatedError();
    return viewerOf(token);
  },
  audit(entry) {
    process.stdout.write(JSON.stringify(entry) + "\n");
  },
  clock: () => performance.now(),
  logError(message) {
    console.error(message);
  },
});
