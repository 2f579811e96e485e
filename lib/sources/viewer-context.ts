import "server-only";
import { createHash } from "node:crypto";
import { redirect } from "next/navigation";
import { readSessionToken, viewerOf, type Viewer } from "@/lib/auth/read-session";
import { loadViewerSnapshot, type GatedSnapshot } from "@/lib/sources/load-viewer-snapshot";
import { observeServedCertificates } from "@/lib/sources/live/handshake-scheduler";
import { ViewCache, viewCacheMaxBytes } from "@/lib/views/view-cache";
import { cacheMaxBytes, cacheTtlMs, identityKey, TtlCache } from "@/lib/gating/ttl-cache";
import { estimateBytes } from "@/lib/gating/estimate-bytes";
import { kubernetesIdentity, readAccessMode, type AccessMode } from "@/lib/sources/access-modes";
import type { Snapshot } from "@/lib/model/types";
import { observeCache, timeViewCompute } from "@/lib/metrics/serving-metrics";

// What every page and JSON route starts from: who is looking, in which access mode, and the snapshot limited
// to what they may see (with `gaps` for the rest). Cached per identity, briefly, never shared between users.

interface ViewerContext {
  viewer: Viewer;
  mode: AccessMode;
  snapshot: Snapshot;
  /**
   * An engine result or view model of this snapshot, computed once per (snapshot version, gate, `name`) and
   * shared by the viewers of that gate. `name` must say everything the result depends on besides the snapshot
   * (the query, and the minute when it depends on the time: see `now`).
   */
  memo<T>(name: string, compute: () => T): T;
  /** The current minute: results that depend on the time are cached per minute and computed at its start. */
  now: Date;
}

// Bounded by bytes (VIGIL_CACHE_MEGABYTES): a gated snapshot shares most of its objects with the source, but
// each is weighed as if it held them alone, so the bound errs on the safe side.
// Both on globalThis: Next.js may load pages and route handlers as separate module graphs.
const VIEWERS = Symbol.for("vigil.viewerCache");
const VIEWS = Symbol.for("vigil.viewCache");
const holder = globalThis as { [VIEWERS]?: TtlCache<GatedSnapshot>; [VIEWS]?: ViewCache };
holder[VIEWERS] ??= new TtlCache<GatedSnapshot>({
  ttlMs: cacheTtlMs(process.env),
  maxBytes: cacheMaxBytes(process.env),
  sizeOf: (g) => estimateBytes(g.snapshot),
});
const viewerCache = holder[VIEWERS];
observeCache("viewer-snapshots", viewerCache);

function sharedViewCache(): ViewCache {
  if (!holder[VIEWS]) {
    holder[VIEWS] = new ViewCache({ maxBytes: viewCacheMaxBytes(process.env) });
    observeCache("views", holder[VIEWS]);
  }
  return holder[VIEWS];
}

export async function getViewerContext(): Promise<ViewerContext> {
  const token = await readSessionToken();
  // proxy.ts has already sent anyone without a session to the sign-in page; this is the second check.
  if (!token) redirect("/signin");
  const mode = readAccessMode(process.env);
  const viewer = viewerOf(token);
  const identity = kubernetesIdentity(viewer, process.env);
  const credential = mode === "token" ? createHash("sha256").update(token.idToken).digest("hex") : "";
  const load = () => loadViewerSnapshot(mode, identity, token.idToken);
  // Token mode's reads are each viewer's own, kept here per identity and token. Snapshot and serviceaccount
  // modes keep each identity's gate (a key and a few answers) in load-viewer-snapshot.ts and share the gated
  // snapshot between the viewers of one gate; weighing it here again per identity cost more than the gating.
  const gated =
    mode === "token"
      ? await viewerCache.get(identityKey(mode, identity.name, identity.groups, credential), load)
      : await load();
  // Served certificates as known now (handshakes run in the background, never in this request); what is
  // computed from them is cached per what is known.
  const snapshot = observeServedCertificates(gated.snapshot);
  const served =
    snapshot.servedCertificates.length === 0
      ? ""
      : createHash("sha256").update(JSON.stringify(snapshot.servedCertificates)).digest("hex").slice(0, 16);
  const views = sharedViewCache();
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  return {
    viewer,
    mode,
    snapshot,
    memo: (name, compute) =>
      views.get(`${gated.key}|${served}|${name}`, () => timeViewCompute(name, compute)),
    now: new Date(minute),
  };
}
