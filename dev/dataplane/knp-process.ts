import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { AdminClient } from "@/dev/cluster/admin-client";
import { APISERVER_PORT, CLUSTER_DIR, paths } from "@/dev/cluster/config";
import { createOrReplace } from "@/dev/cluster/seed";
import { KNP_MODULE, KNP_VERSION, downloadModule } from "@/dev/dataplane/build-tools";
import { knpTableExists, removeKnpTable } from "@/dev/dataplane/host-network";
import { NODE_NAME } from "@/dev/dataplane/scenario";
import type { RawObject } from "@/lib/sources/live/read-objects";

// kube-network-policies as its own install.yaml deploys it (its ServiceAccount, ClusterRole and binding), run
// on this machine against the local API server. The upstream binary reads its credentials only from the
// in-cluster paths (/var/run/secrets/kubernetes.io/serviceaccount): it runs in a private mount namespace
// where a small tmpfs over /run holds just that token and CA, so nothing on the machine's /run changes.

export const KNP_LOG = join(CLUSTER_DIR, "kube-network-policies.log");
/** install.yaml's queue number; any free NFQUEUE number works. */
const QUEUE_ID = 98;

function log(message: string): void {
  process.stderr.write(`[dataplane] ${message}\n`);
}

/**
 * The ServiceAccount, ClusterRole and ClusterRoleBinding of the module's own install.yaml, or of its
 * install-anp.yaml for the admin policy tiers (it may also list nodes and the v1alpha1 tier kinds).
 */
export function installRbac(tiers = false): RawObject[] {
  const file = tiers ? "install-anp.yaml" : "install.yaml";
  const text = readFileSync(join(downloadModule(KNP_MODULE, KNP_VERSION), file), "utf8");
  return parseAllDocuments(text)
    .map((d) => d.toJS() as RawObject | null)
    .filter(
      (o): o is RawObject =>
        !!o && ["ServiceAccount", "ClusterRole", "ClusterRoleBinding"].includes(String(o["kind"])),
    );
}

async function serviceAccountToken(client: AdminClient): Promise<string> {
  const answer = await client.request(
    "POST",
    "/api/v1/namespaces/kube-system/serviceaccounts/kube-network-policies/token",
    { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3 * 3600 } },
  );
  if (answer.status !== 201 && answer.status !== 200) {
    throw new Error(
      `TokenRequest for kube-system/kube-network-policies: HTTP ${answer.status}: ${answer.text.slice(0, 200)}`,
    );
  }
  return (answer.body as { status: { token: string } }).status.token;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function queueBound(): boolean {
  const text = readFileSync("/proc/net/netfilter/nfnetlink_queue", "utf8");
  return text.split("\n").some((l) => l.trim().split(/\s+/)[0] === String(QUEUE_ID));
}

export interface KnpProcess {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts kube-network-policies and waits until it judges packets. With `tiers` it also enforces
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1, --admin-network-policy and
 * --baseline-admin-network-policy, as install-anp.yaml runs it); it then queues every new connection, so the
 * test starts it after a scenario's objects exist: its informers' first lists hold the whole scenario.
 */
export async function startKnp(binary: string, client: AdminClient, tiers = false): Promise<KnpProcess> {
  for (const o of installRbac(tiers)) await createOrReplace(client, o);
  const token = await serviceAccountToken(client);
  const dir = join(CLUSTER_DIR, "kube-network-policies");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, "token"), token, { mode: 0o600 });
  writeFileSync(join(dir, "ca.crt"), readFileSync(join(paths.pki, "ca.crt")));
  const script = [
    "set -e",
    "mount -t tmpfs -o size=1m,mode=0755 vigil-dataplane /run",
    "mkdir -p /run/secrets/kubernetes.io/serviceaccount",
    'cp "$1/token" "$1/ca.crt" /run/secrets/kubernetes.io/serviceaccount/',
    'shift; exec "$@"',
  ].join("\n");
  const args = [
    `--hostname-override=${NODE_NAME}`,
    `--nfqueue-id=${QUEUE_ID}`,
    "--metrics-bind-address=127.0.0.1:0",
    "--v=2",
    ...(tiers ? ["--admin-network-policy=true", "--baseline-admin-network-policy=true"] : []),
  ];
  const out = openSync(KNP_LOG, "a");
  const child = spawn(
    "unshare",
    ["--mount", "--propagation", "private", "--", "sh", "-c", script, "sh", dir, binary, ...args],
    {
      stdio: ["ignore", out, out],
      env: {
        ...process.env,
        KUBERNETES_SERVICE_HOST: "127.0.0.1",
        KUBERNETES_SERVICE_PORT: String(APISERVER_PORT),
      },
    },
  );
  closeSync(out);
  if (child.pid === undefined) throw new Error("could not start kube-network-policies");
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const started = Date.now();
  // Ready: its informers synced and its table written, and the queue bound (only then are packets judged).
  while (!(knpTableExists() && queueBound())) {
    if (exited !== undefined) {
      const tail = readFileSync(KNP_LOG, "utf8").trimEnd().split("\n").slice(-15).join("\n");
      throw new Error(`kube-network-policies exited (${exited}) while starting; ${KNP_LOG}:\n${tail}`);
    }
    if (Date.now() - started > 60_000)
      throw new Error(`kube-network-policies not ready within 60 s; see ${KNP_LOG}`);
    await delay(100);
  }
  log(
    `kube-network-policies ${KNP_VERSION} ready after ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`,
  );
  const pid = child.pid;
  return {
    pid,
    async stop() {
      // Its table first, so that no packet meets a queue nobody reads (it would be dropped), then the process.
      removeKnpTable();
      if (exited === undefined) {
        // It stops on SIGINT only (then removes its table and waits 5 s); the table is removed here anyway.
        child.kill("SIGKILL");
        const deadline = Date.now() + 10_000;
        while (exited === undefined && Date.now() < deadline) await delay(50);
      }
      removeKnpTable();
    },
  };
}
