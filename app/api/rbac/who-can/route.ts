// GET /api/rbac/who-can?verb=&resource=[&subresource=&apiGroup=&namespace=&name=]: every binding subject allowed
// the request, with its grant chains, over the RBAC objects the signed-in viewer may see.
import { z } from "zod";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { route } from "@/lib/http/route";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { parseAccessRequest } from "@/lib/rbac/parse-access-request";
import { whoCan } from "@/lib/rbac/who-can";
import { AREA_RESOURCES } from "@/lib/views/area-resources";

export const dynamic = "force-dynamic";

const text = z.string().trim().min(1).max(253);
const query = z.object({
  verb: text,
  resource: text,
  subresource: text.optional(),
  apiGroup: z.string().trim().max(253).default(""),
  namespace: text.optional(),
  name: text.optional(),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q }) => {
  const { snapshot, memo } = await getViewerContext();
  const result = whoCan(memo("rbac", () => analyzeRbac(snapshot)).index, parseAccessRequest(q));
  const gaps = snapshot.gaps.filter((g) => (AREA_RESOURCES.rbac as readonly string[]).includes(g.resource));
  return { subjects: result.subjects, notes: result.notes, gaps };
});
