import { VigilError } from "@/lib/errors";
import type { KubernetesIdentity } from "@/lib/gating/rbac-decide";

// The access mode (docs/architecture.md "Cluster access modes"), chosen by VIGIL_MODE, and the viewer's identity as the
// API server would see it: the IdP's user name and groups with the prefixes the API server's authentication
// configuration adds (VIGIL_USERNAME_PREFIX, VIGIL_GROUPS_PREFIX; empty by default).

export type AccessMode = "snapshot" | "token" | "serviceaccount";

const MODES: readonly AccessMode[] = ["snapshot", "token", "serviceaccount"];

export function readAccessMode(env: Readonly<Record<string, string | undefined>>): AccessMode {
  const value = (env.VIGIL_MODE ?? "snapshot").trim();
  if ((MODES as readonly string[]).includes(value)) return value as AccessMode;
  throw new VigilError("bad-input", `VIGIL_MODE must be one of ${MODES.join(", ")}; got "${value}"`);
}

export function kubernetesIdentity(
  viewer: { name: string; groups: readonly string[] },
  env: Readonly<Record<string, string | undefined>>,
): KubernetesIdentity {
  const userPrefix = env.VIGIL_USERNAME_PREFIX ?? "";
  const groupPrefix = env.VIGIL_GROUPS_PREFIX ?? "";
  return { name: userPrefix + viewer.name, groups: viewer.groups.map((g) => groupPrefix + g) };
}

/** The manifest paths of snapshot mode (VIGIL_MANIFESTS, comma-separated); empty means the bundled demo. */
export function manifestPaths(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env.VIGIL_MANIFESTS ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}
