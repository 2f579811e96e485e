// GET /api/objects?kind=Role&ns=shop&name=deployer: one policy, role or binding as read-only YAML, as the viewer may
// see it. Only the kinds of YAML_KINDS (never a Secret); 403 when the viewer may not read it, 404 when it is not there.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { viewerObjectYaml } from "@/lib/sources/viewer-object-yaml";
import { namespaceName } from "@/lib/views/page-query";
import { YAML_KINDS } from "@/lib/views/object-href";

export const dynamic = "force-dynamic";

const query = z.object({
  kind: z.enum(YAML_KINDS, { error: `kind must be one of ${YAML_KINDS.join(", ")}` }),
  ns: namespaceName,
  name: z.string().min(1).max(253),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q }) => {
  const found = await viewerObjectYaml({ kind: q.kind, name: q.name, ...(q.ns ? { namespace: q.ns } : {}) });
  return found;
});
