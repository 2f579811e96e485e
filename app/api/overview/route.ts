// GET /api/overview?ns=: what the overview page shows (per-area figures, top findings, the expiry timeline),
// per-area counts of what the signed-in viewer may see, and what they may not (gaps).
import { z } from "zod";
import { namespaceName } from "@/lib/views/page-query";
import { countOverview } from "@/lib/views/count-overview";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { route } from "@/lib/http/route";
import { buildOverview } from "@/lib/views/build-overview";

export const dynamic = "force-dynamic";

const query = z.object({
  ns: namespaceName,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q }) => {
  const { viewer, mode, snapshot, memo, now } = await getViewerContext();
  const o = memo(`overview|${q.ns ?? ""}|${now.getTime()}`, () => buildOverview(snapshot, now, q.ns));
  return {
    viewer: { name: viewer.name, groups: viewer.groups },
    mode,
    source: snapshot.source,
    counts: memo("counts", () => countOverview(snapshot)),
    // Every finding is in /api/findings/export; here, what the page draws.
    overview: {
      namespace: o.namespace,
      rbac: o.rbac,
      network: o.network,
      certificates: o.certificates,
      workloads: o.workloads,
    },
    gaps: snapshot.gaps,
  };
});
