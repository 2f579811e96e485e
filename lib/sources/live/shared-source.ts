import { accessKubeConfig } from "@/lib/sources/live/kube-config";
import { planHandshakes } from "@/lib/sources/live/handshake-scheduler";
import { SharedSnapshot } from "@/lib/sources/live/shared-snapshot";
import { observeInformers } from "@/lib/metrics/serving-metrics";

// The one SharedSnapshot of this process (serviceaccount mode), started on first use. Kept on globalThis:
// Next.js may load route handlers, pages and the proxy as separate module graphs, and each would otherwise
// open its own informers.

const KEY = Symbol.for("vigil.sharedSnapshot");
const holder = globalThis as { [KEY]?: SharedSnapshot };

export function sharedSnapshot(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SharedSnapshot {
  if (holder[KEY]) return holder[KEY];
  const shared = new SharedSnapshot({
    // Where the cluster is comes from the process's own settings, as for every live read.
    kubeConfig: accessKubeConfig(),
    // docs/semantics.md §3: TLS Secrets only when the operator opts in (tls.key is dropped on arrival).
    includeTlsSecrets: env.VIGIL_READ_TLS_SECRETS === "true",
    planServed: (snapshot, server) => planHandshakes(snapshot, server, env),
    minRebuildMs: 1_000,
    staleAfterMs: 60_000,
    listWatch: {
      pageSize: 500,
      // client-go's reflector watches for 5 to 10 minutes at a time; so does Vigil.
      watchSeconds: 300,
      backoff: { baseMs: 1_000, maxMs: 30_000 },
      recheckMs: 300_000,
    },
  });
  holder[KEY] = shared;
  // /metrics reads whichever SharedSnapshot the process holds now (a test may close and reopen it).
  observeInformers(() => (holder[KEY] ?? shared).stats());
  return shared;
}

/** Stops the informers (tests, and a process that is shutting down). */
export function closeSharedSnapshot(): void {
  holder[KEY]?.close();
  delete holder[KEY];
}
