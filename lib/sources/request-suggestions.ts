import { createHash } from "node:crypto";
import type { Snapshot } from "@/lib/model/types";
import {
  KNOWN_SUGGESTIONS,
  suggestionsFromDiscovery,
  suggestionsFromSnapshot,
  type RequestSuggestions,
} from "@/lib/rbac/request-suggestions";
import type { AccessMode } from "@/lib/sources/access-modes";
import { openApiClient } from "@/lib/sources/live/api-client";
import { accessKubeConfig } from "@/lib/sources/live/kube-config";

// The who-can and check forms' suggestions (lib/rbac/request-suggestions.ts) for one viewer: the cluster's
// aggregated discovery (GET /api and /apis) read with the viewer's own token in token mode and with Vigil's in
// serviceaccount mode (discovery names resources, never objects); the manifests' roles in snapshot mode; the
// known list when discovery cannot be read. Cached for five minutes per credential, so a page costs no request.

const MAX_DISCOVERY_BYTES = 8 * 1024 * 1024;
const TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; value: Promise<RequestSuggestions> }>();

async function readDiscovery(bearerToken?: string): Promise<RequestSuggestions> {
  const client = await openApiClient({
    kubeConfig: accessKubeConfig(),
    ...(bearerToken ? { bearerToken } : {}),
  });
  try {
    const documents: unknown[] = [];
    for (const path of ["/api", "/apis"] as const) {
      const answer = await client.getDiscovery(path, MAX_DISCOVERY_BYTES);
      if (answer.status === 200) documents.push(JSON.parse(answer.body));
    }
    return suggestionsFromDiscovery(documents) ?? KNOWN_SUGGESTIONS;
  } catch {
    // Unreadable discovery (refused, unreachable, another format): the form still works with the known list.
    return KNOWN_SUGGESTIONS;
  } finally {
    client.close();
  }
}

export function requestSuggestions(
  mode: AccessMode,
  snapshot: Snapshot,
  idToken: string,
): Promise<RequestSuggestions> {
  if (mode === "snapshot") return Promise.resolve(suggestionsFromSnapshot(snapshot));
  const key = mode === "token" ? createHash("sha256").update(idToken).digest("hex") : "serviceaccount";
  const now = Date.now();
  for (const [k, v] of cache) if (now - v.at > TTL_MS) cache.delete(k);
  let entry = cache.get(key);
  if (!entry) {
    entry = { at: now, value: readDiscovery(mode === "token" ? idToken : undefined) };
    cache.set(key, entry);
  }
  return entry.value;
}
