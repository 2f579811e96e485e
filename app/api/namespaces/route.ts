// GET /api/namespaces: the namespaces the signed-in viewer may see, with their labels.
import { getViewerContext } from "@/lib/sources/viewer-context";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(async () => {
  const { snapshot, mode } = await getViewerContext();
  return {
    mode,
    namespaces: snapshot.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
    gaps: snapshot.gaps.filter((g) => g.resource === "namespaces"),
  };
});
