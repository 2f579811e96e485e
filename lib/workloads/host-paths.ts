// Host paths whose mount gives the node away (docs/semantics.md §4 and §5): the one list behind the POD-003
// finding and the attack-path edge ATTACK-007. A mount of one of them, of a path below it, or of a parent of it
// (mounting / or /var exposes them too) counts.

interface SensitiveHostPath {
  path: string;
  /**
   * `/var/log`: sensitive for POD-003, but no direct escape for attack paths, which reach the node through it
   * only with permission to read pod logs (ATTACK-008, the log symlink escape) instead of ATTACK-007.
   */
  logs?: true;
}

export const SENSITIVE_HOST_PATHS: readonly SensitiveHostPath[] = [
  { path: "/" },
  { path: "/etc" },
  { path: "/root" },
  { path: "/home" },
  { path: "/boot" },
  { path: "/dev" },
  { path: "/proc" },
  { path: "/sys" },
  { path: "/run" },
  { path: "/var/run" },
  { path: "/var/log", logs: true },
  { path: "/var/lib/kubelet" },
  { path: "/var/lib/docker" },
  { path: "/var/lib/containerd" },
  { path: "/etc/kubernetes" },
];

/** A container runtime's socket, wherever it is mounted from. */
const RUNTIME_SOCKET = /(^|\/)(docker|containerd|crio|cri-dockerd)\.sock$/;
/** The runtime's socket directory under /var/run (the socket inside it). */
const RUNTIME_SOCKET_DIR = /^\/var\/run\/(docker|containerd|crio)$/;

/** The path without trailing slashes; "/" stays "/". */
export function normaliseHostPath(path: string): string {
  const p = path.replace(/\/+$/, "");
  return p === "" ? "/" : p;
}

/** `a` is `b` or lies below it (both normalised). */
export function isUnder(a: string, b: string): boolean {
  return a === b || (b === "/" ? a.startsWith("/") : a.startsWith(`${b}/`));
}

type HostPathRisk = "socket" | "sensitive" | "other";

/** What mounting `path` from the node exposes; without `logs`, /var/log alone does not count as sensitive. */
export function hostPathRisk(path: string, opts: { logs: boolean } = { logs: true }): HostPathRisk {
  const p = normaliseHostPath(path);
  if (RUNTIME_SOCKET.test(p) || RUNTIME_SOCKET_DIR.test(p)) return "socket";
  // Below a sensitive path (below / only as / itself), or a parent of one.
  const sensitive = SENSITIVE_HOST_PATHS.some(
    ({ path: s, logs }) => (opts.logs || !logs) && ((s === "/" ? p === "/" : isUnder(p, s)) || isUnder(s, p)),
  );
  return sensitive ? "sensitive" : "other";
}
