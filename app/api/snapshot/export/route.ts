// GET /api/snapshot/export: what the viewer sees, saved as manifests that snapshot mode and `vigil` open offline.
import { stringify } from "yaml";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { route } from "@/lib/http/route";
import { snapshotToManifests } from "@/lib/model/snapshot-to-manifests";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(async () => {
  const { snapshot } = await getViewerContext();
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const body = `# Saved by Vigil: open it with VIGIL_MANIFESTS=<this file> npm run demo, or npx vigil ... --manifests <this file>\n${stringify(snapshotToManifests(snapshot))}`;
  return new Response(body, {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="vigil-snapshot-${stamp}.yaml"`,
      "Cache-Control": "no-store",
    },
  });
});
