// GET /api/overview: per-area counts of what the signed-in viewer may see, and what they may not (gaps).
import { countOverview } from "@/lib/cluster/count-overview";
import { getViewerContext } from "@/lib/cluster/viewer-context";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(async () => {
  const { viewer, mode, snapshot } = await getViewerContext();
  return {
    viewer: { name: viewer.name, groups: viewer.groups },
    mode,
    source: snapshot.source,
    counts: countOverview(snapshot),
    gaps: snapshot.gaps,
  };
});
