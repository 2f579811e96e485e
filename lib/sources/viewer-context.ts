import "server-only";
import { createHash } from "node:crypto";
import { redirect } from "next/navigation";
import { readSessionToken, viewerOf, type Viewer } from "@/lib/auth/read-session";
import { loadViewerSnapshot } from "@/lib/sources/load-viewer-snapshot";
import { observeServedCertificates } from "@/lib/sources/live/handshake-scheduler";
import { cacheMaxBytes, cacheTtlMs, identityKey, TtlCache } from "@/lib/gating/ttl-cache";
import { kubernetesIdentity, readAccessMode, type AccessMode } from "@/lib/sources/access-modes";
import type { Snapshot } from "@/lib/model/types";

// What every page and JSON route starts from: who is looking, in which access mode, and the snapshot limited
// to what they may see (with `gaps` for the rest). Cached per identity, briefly, never shared between users.

interface ViewerContext {
  viewer: Viewer;
  mode: AccessMode;
  snapshot: Snapshot;
}

// Bounded by bytes (VIGIL_CACHE_MEGABYTES): a gated snapshot shares most of its objects with the source, but
// each is weighed as if it held them alone, so the bound errs on the safe side.
const viewerCache = new TtlCache<Snapshot>({
  ttlMs: cacheTtlMs(process.env),
  maxBytes: cacheMaxBytes(process.env),
});

export async function getViewerContext(): Promise<ViewerContext> {
  const token = await readSessionToken();
  // proxy.ts has already sent anyone without a session to the sign-in page; this is the second check.
  if (!token) redirect("/signin");
  const mode = readAccessMode(process.env);
  const viewer = viewerOf(token);
  const identity = kubernetesIdentity(viewer, process.env);
  const credential = mode === "token" ? createHash("sha256").update(token.idToken).digest("hex") : "";
  const snapshot = await viewerCache.get(identityKey(mode, identity.name, identity.groups, credential), () =>
    loadViewerSnapshot(mode, identity, token.idToken),
  );
  // Served certificates as known now (handshakes run in the background, never in this request).
  return { viewer, mode, snapshot: observeServedCertificates(snapshot) };
}
