import { join } from "node:path";

// Where the local control plane keeps its state, and the ports it listens on (all on 127.0.0.1).
// Ports are non-default so a developer's own etcd or cluster is never touched.

export const REPO_ROOT = join(import.meta.dirname, "..", "..");

/** `.cluster/` in the checkout (git-ignored): PKI, kubeconfigs, pid files, logs, the audit log. */
export const CLUSTER_DIR = process.env.VIGIL_CLUSTER_DIR ?? join(REPO_ROOT, ".cluster");

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} is not a port: ${process.env[name]}`);
  }
  return value;
}

export const APISERVER_PORT = port("VIGIL_APISERVER_PORT", 6443);
export const ETCD_CLIENT_PORT = port("VIGIL_ETCD_PORT", 23790);
export const ETCD_PEER_PORT = port("VIGIL_ETCD_PEER_PORT", 23800);

export const APISERVER_URL = `https://127.0.0.1:${APISERVER_PORT}`;
export const ETCD_URL = `http://127.0.0.1:${ETCD_CLIENT_PORT}`;

/** The embedded IdP the API server trusts for user ID tokens (dev/idp). */
export const IDP_PORT = port("VIGIL_IDP_PORT", 9400);
export const IDP_ISSUER = `https://127.0.0.1:${IDP_PORT}`;
export const IDP_AUDIENCE = "vigil";

/** Distinct from the IdP's issuer, as structured authentication requires. */
export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

export const paths = {
  pki: join(CLUSTER_DIR, "pki"),
  etcdData: join("/dev/shm", `vigil-etcd-${ETCD_CLIENT_PORT}`),
  etcdPid: join(CLUSTER_DIR, "etcd.pid"),
  etcdLog: join(CLUSTER_DIR, "etcd.log"),
  apiserverPid: join(CLUSTER_DIR, "kube-apiserver.pid"),
  apiserverLog: join(CLUSTER_DIR, "kube-apiserver.log"),
  auditLog: join(CLUSTER_DIR, "audit.log"),
  auditPolicy: join(CLUSTER_DIR, "audit-policy.yaml"),
  authenticationConfig: join(CLUSTER_DIR, "authentication-config.yaml"),
  adminKubeconfig: join(CLUSTER_DIR, "admin.kubeconfig"),
  /** Vigil's own ServiceAccount vigil/vigil, with a token from the TokenRequest API. */
  vigilKubeconfig: join(CLUSTER_DIR, "vigil.kubeconfig"),
  /** Server and CA only, no user: the base for token mode (each call adds the user's ID token). */
  anonymousKubeconfig: join(CLUSTER_DIR, "server.kubeconfig"),
};
