import {
  accessQuestions,
  clusterAccessQuestions,
  gateSnapshot,
  questionKey,
  type AccessQuestion,
} from "@/lib/gating/gate-snapshot";
import { createHash } from "node:crypto";
import { AnswerCache } from "@/lib/gating/answer-cache";
import { cacheTtlMs, identityKey, TtlCache } from "@/lib/gating/ttl-cache";
import type { Decide } from "@/lib/gating/gate-snapshot";
import { sharedSnapshot } from "@/lib/sources/live/shared-source";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { accessKubeConfig } from "@/lib/sources/live/kube-config";
import { manifestPaths, type AccessMode } from "@/lib/sources/access-modes";
import { rbacDecide, type KubernetesIdentity } from "@/lib/gating/rbac-decide";
import { readObjects } from "@/lib/sources/live/read-objects";
import { optInGaps } from "@/lib/sources/live/opt-in-gaps";
import { planHandshakes } from "@/lib/sources/live/handshake-scheduler";
import { reviewQuestions } from "@/lib/sources/live/subject-access-review";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { loadManifests } from "@/lib/sources/load-manifests";
import { manifestFingerprint } from "@/lib/sources/manifest-fingerprint";
import type { Snapshot } from "@/lib/model/types";
import { VigilError } from "@/lib/errors";
import { observeAccessReviews, observeCache, timeLiveRead } from "@/lib/metrics/serving-metrics";

// The three access modes behind one function (docs/architecture.md "Cluster access modes"): the snapshot one viewer may
// see, with `gaps` for what they may not.

// The ungated source of snapshot mode, the files (or the demo), shared and never reaching a viewer without
// gating. Checked at most once a minute and loaded again only when the files changed (manifest-fingerprint.ts):
// the same files keep the same snapshot object, so that every gated snapshot and page computed from it stays
// cached instead of being computed again each minute. On globalThis with the ids below: Next.js may load pages
// and route handlers as separate module graphs, which would otherwise each load (and hold) a copy, with ids
// counted apart.
interface LoadedSource {
  snapshot: Snapshot;
  fingerprint: string;
}
const SOURCES = Symbol.for("vigil.snapshotSources");
const sources = ((globalThis as { [SOURCES]?: SourceState })[SOURCES] ??= {
  // Its keys are the configured files: no byte bound, since the one snapshot this instance serves must stay
  // loaded, and nothing is weighed.
  checks: new TtlCache<LoadedSource>({ ttlMs: 60_000, maxBytes: Number.POSITIVE_INFINITY, sizeOf: () => 0 }),
  last: new Map(),
  ids: new WeakMap(),
  nextId: 1,
});
interface SourceState {
  checks: TtlCache<LoadedSource>;
  last: Map<string, LoadedSource>;
  ids: WeakMap<Snapshot, number>;
  nextId: number;
}

async function loadSnapshotSource(env: Readonly<Record<string, string | undefined>>): Promise<Snapshot> {
  const paths = manifestPaths(env);
  const key = `snapshot:${paths.join(",")}`;
  const loaded = await sources.checks.get(key, async () => {
    // The demo's files are part of the build: loaded once.
    const fingerprint = paths.length > 0 ? await manifestFingerprint(paths) : "demo";
    const previous = sources.last.get(key);
    if (previous?.fingerprint === fingerprint) return previous;
    const snapshot = await (paths.length > 0 ? loadManifests(paths) : loadDemoSnapshot(new Date()));
    const fresh = { snapshot, fingerprint };
    sources.last.set(key, fresh);
    return fresh;
  });
  return loaded.snapshot;
}

async function readLive(
  env: Readonly<Record<string, string | undefined>>,
  bearerToken?: string,
): Promise<Snapshot> {
  // docs/semantics.md §3: TLS Secrets only when the operator opts in (reading them also returns tls.key, which
  // read-objects drops the moment it parses the response).
  const includeTlsSecrets = env.VIGIL_READ_TLS_SECRETS === "true";
  const result = await readObjects({
    kubeConfig: accessKubeConfig(),
    ...(bearerToken ? { bearerToken } : {}),
    includeTlsSecrets,
  });
  const snapshot = buildSnapshot(
    result.objects.map((object) => ({ object, origin: {} })),
    { kind: "live", name: result.server, takenAt: new Date().toISOString() },
  );
  // A viewer who may not list namespaces is read namespace by namespace (VIGIL_NAMESPACES): the snapshot then
  // holds the namespaces where they could read something, and the refusals elsewhere would only name
  // namespaces they cannot see.
  const seen = new Set(snapshot.namespaces.map((n) => n.name));
  const gaps = result.gaps.filter((g) => g.namespace === undefined || seen.has(g.namespace));
  // What Vigil was set not to read (TLS Secrets without VIGIL_READ_TLS_SECRETS) is said as a gap too.
  const read = { ...snapshot, gaps: [...snapshot.gaps, ...gaps, ...optInGaps({ includeTlsSecrets })] };
  // The certificates actually served (CERT-013, and chains as served): planned here, from this read (the
  // cluster's networks it shows decide which addresses are refused), and read in the background by
  // handshake-scheduler.ts; each page then shows what is known (viewer-context.ts). Nothing is dialled here.
  return { ...read, servedCertificates: planHandshakes(read, result.server, env) };
}

/** VIGIL_READ_DEADLINE_SECONDS (default 40): a page says the cluster is unavailable rather than hang. */
function readDeadlineMs(env: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(env.VIGIL_READ_DEADLINE_SECONDS ?? 40);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 40_000;
}

function withDeadline<T>(work: Promise<T>, ms: number, what = "the cluster did not answer"): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new VigilError("unavailable", `${what} within ${Math.round(ms / 1000)} s`)),
      ms,
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

interface SnapshotGate {
  key: string;
  decide: Decide;
}

/** A snapshot limited to what one viewer may see, and the key its page computations are cached under. */
export interface GatedSnapshot {
  snapshot: Snapshot;
  /** Names the source's version and the gate: equal for viewers who may see exactly the same of it. */
  key: string;
}

// Gated snapshots, shared by the viewers of one gate; short-lived (a new version makes a new key).
// Kept on globalThis: Next.js may load pages and route handlers as separate module graphs, and each would
// otherwise keep (and ask) its own. A gated snapshot's own weight is its arrays (the objects in them are the
// source's): a slot each.
const CACHES = Symbol.for("vigil.servingCaches");
const holder = globalThis as {
  [CACHES]?: { gated: TtlCache<Snapshot>; answers: AnswerCache; gates: TtlCache<SnapshotGate> };
};
holder[CACHES] ??= {
  // A key names the source object and the gate, which decide the gated snapshot: kept while it is used, so
  // that the engine results cached per snapshot object (analyzeNetwork, analysePaths) stay with it.
  gated: new TtlCache<Snapshot>({
    ttlMs: 60_000,
    sliding: true,
    maxBytes: 64 * 1024 * 1024,
    sizeOf: (s) =>
      Object.values(s).reduce<number>((n, v) => n + (Array.isArray(v) ? 32 + 8 * v.length : 8), 0),
  }),
  answers: new AnswerCache({ ttlMs: cacheTtlMs(process.env), maxIdentities: 5_000 }),
  // Snapshot mode's gate of each identity in each source: a key and a function over the source's one RBAC
  // index (rbac-decide.ts), a few hundred bytes however large the source; the gated snapshot itself is shared
  // through `gated`.
  gates: new TtlCache<SnapshotGate>({
    ttlMs: cacheTtlMs(process.env),
    maxBytes: 16 * 1024 * 1024,
    sizeOf: (g) => 512 + 2 * g.key.length,
  }),
};
const { gated: gatedCache, answers: answerCache, gates: gateCache } = holder[CACHES];
observeCache("gated-snapshots", gatedCache);
observeAccessReviews(() => answerCache.asked);
let tokenReads = 0;

function sourceIdOf(source: Snapshot): number {
  let id = sources.ids.get(source);
  if (id === undefined) {
    id = sources.nextId++;
    sources.ids.set(source, id);
  }
  return id;
}

function gateKeyOf(source: Snapshot, decide: Decide): string {
  const digest = createHash("sha256");
  for (const q of accessQuestions(source.namespaces.map((n) => n.name))) {
    digest.update(`${questionKey(q)}=${decide(q)}\n`);
  }
  return digest.digest("hex").slice(0, 32);
}

export async function loadViewerSnapshot(
  mode: AccessMode,
  identity: KubernetesIdentity,
  idToken: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<GatedSnapshot> {
  switch (mode) {
    case "snapshot": {
      const source = await loadSnapshotSource(env);
      const id = sourceIdOf(source);
      const { key, decide } = await gateCache.get(
        `${id}|${identityKey(mode, identity.name, identity.groups)}`,
        async () => {
          const decide = rbacDecide(source, identity);
          return { key: `snapshot:${id}:${gateKeyOf(source, decide)}`, decide };
        },
      );
      return { snapshot: await gatedCache.get(key, async () => gateSnapshot(source, decide)), key };
    }
    case "token":
      // The API server decides, with the user's own token: nothing to gate here, and nothing shared.
      return {
        snapshot: await timeLiveRead("token", withDeadline(readLive(env, idToken), readDeadlineMs(env))),
        key: `token:${++tokenReads}`,
      };
    case "serviceaccount": {
      const shared = sharedSnapshot(env);
      const { version, snapshot: source } = await withDeadline(
        shared.current(),
        readDeadlineMs(env),
        "Vigil's read of the cluster was not ready",
      );
      const namespaces = source.namespaces.map((n) => n.name);
      const who = identityKey(mode, identity.name, identity.groups);
      const ask = (missing: readonly AccessQuestion[]) =>
        reviewQuestions(missing, identity, accessKubeConfig());
      // Cluster-wide first: what the viewer may list everywhere needs no question per namespace.
      const { decide, gateKey } = await withDeadline(
        answerCache.answers(who, clusterAccessQuestions(), "cluster", ask).then(({ decide: cluster }) => {
          const questions = accessQuestions(namespaces, cluster);
          return answerCache.answers(who, questions, `${namespaces.join(",")}|${questions.length}`, ask);
        }),
        readDeadlineMs(env),
        "the API server did not answer Vigil's access reviews",
      );
      const key = `serviceaccount:${version}:${gateKey}`;
      return { snapshot: await gatedCache.get(key, async () => gateSnapshot(source, decide)), key };
    }
  }
}

/**
 * For /readyz: whether the snapshot this instance serves is loaded and current. Snapshot mode: the files (or
 * the demo) loaded; serviceaccount mode: every kind listed by the shared informers and none of their watches
 * failing for over a minute; token mode has no shared snapshot (each viewer's read is their own), so ready
 * once configured. Waits at most `waitMs` for a load in progress: a probe must answer fast; the next probe
 * finds it done.
 */
export async function checkReadiness(
  mode: AccessMode,
  env: Readonly<Record<string, string | undefined>> = process.env,
  waitMs = 2_000,
): Promise<boolean> {
  if (mode === "token") return true;
  if (mode === "snapshot") {
    await withDeadline(loadSnapshotSource(env), waitMs);
    return true;
  }
  const shared = sharedSnapshot(env);
  await withDeadline(shared.current(), waitMs);
  return shared.isCurrent();
}
