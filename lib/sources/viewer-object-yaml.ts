import "server-only";
import { readSessionToken } from "@/lib/auth/read-session";
import { unauthenticatedError } from "@/lib/errors";
import { kubernetesIdentity } from "@/lib/sources/access-modes";
import { readObjectYaml, type ObjectRefInput, type ObjectYaml } from "@/lib/sources/object-yaml";
import { getViewerContext } from "@/lib/sources/viewer-context";

/** The YAML view of one object for the signed-in viewer (the route /api/objects and the page /objects/...). */
export async function viewerObjectYaml(ref: ObjectRefInput): Promise<ObjectYaml> {
  const ctx = await getViewerContext();
  // Only token mode needs the viewer's own ID token, and only to send it to the API server.
  const idToken = ctx.mode === "token" ? ((await readSessionToken())?.idToken ?? "") : "";
  if (ctx.mode === "token" && idToken === "") throw unauthenticatedError();
  return readObjectYaml(
    {
      mode: ctx.mode,
      snapshot: ctx.snapshot,
      identity: kubernetesIdentity(ctx.viewer, process.env),
      idToken,
    },
    ref,
  );
}
