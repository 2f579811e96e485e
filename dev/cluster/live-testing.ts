import { existsSync } from "node:fs";
import { paths } from "@/dev/cluster/config";
import { runningPid } from "@/dev/cluster/control-plane";
import { loginWithIdp } from "@/dev/cluster/idp-login";
import { loadKubeConfig } from "@/lib/sources/live/kube-config";
import { readObjects, type ReadOptions, type ReadResult } from "@/lib/sources/live/read-objects";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import type { Snapshot } from "@/lib/model/types";

// Shared by the integration tests: the running local control plane's identities, and real ID tokens.

export type Identity = "admin" | "vigil" | "token-mode";

/** Fails with what to do when the control plane is not running. */
export function requireControlPlane(): void {
  if (runningPid(paths.apiserverPid, "kube-apiserver") === undefined || !existsSync(paths.vigilKubeconfig)) {
    throw new Error(
      "the local control plane is not running: start it with `npm run cluster -- up` (and the IdP with " +
        "`npx tsx dev/idp/server.ts`), or run everything with `npm run test:integration`",
    );
  }
}

export function kubeConfigOf(identity: Identity): ReturnType<typeof loadKubeConfig> {
  const file = {
    admin: paths.adminKubeconfig,
    vigil: paths.vigilKubeconfig,
    "token-mode": paths.anonymousKubeconfig,
  }[identity];
  return loadKubeConfig({ file });
}

const tokens = new Map<string, Promise<string>>();

/** A real ID token for a demo user, signed in at the running IdP once per test file. */
export function idTokenOf(user: "alice" | "bob" | "carol"): Promise<string> {
  let token = tokens.get(user);
  if (!token) {
    token = loginWithIdp(user).then((t) => t.idToken);
    tokens.set(user, token);
  }
  return token;
}

/** The live source as the app uses it: raw objects read with these credentials, mapped into a Snapshot. */
export async function readLiveSnapshot(
  options: ReadOptions,
  takenAt = "2026-11-23T00:00:00.000Z",
): Promise<{ read: ReadResult; snapshot: Snapshot }> {
  const read = await readObjects(options);
  const snapshot = buildSnapshot(
    read.objects.map((object, i) => ({ object, origin: { document: i + 1 } })),
    { kind: "live", name: read.server, takenAt },
  );
  return { read, snapshot: { ...snapshot, gaps: [...snapshot.gaps, ...read.gaps] } };
}
