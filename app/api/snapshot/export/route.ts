// GET /api/snapshot/export: what the viewer sees, saved as manifests that snapshot mode and `vigil` open offline.
import { stringify } from "yaml";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { exportFileName, fileResponse } from "@/lib/http/export-file";
import { route } from "@/lib/http/route";
import { snapshotToManifests } from "@/lib/model/snapshot-to-manifests";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(async () => {
  const { snapshot } = await getViewerContext();
  const body = `# Saved by Vigil: open it with VIGIL_MANIFESTS=<this file> npm run demo, or npx vigil ... --manifests <this file>\n${stringify(snapshotToManifests(snapshot))}`;
  const filename = exportFileName("snapshot", undefined, new Date(), "yaml");
  return fileResponse(body, filename, "application/yaml; charset=utf-8");
});
