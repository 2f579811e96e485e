import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { adminClient } from "@/dev/cluster/admin-client";
import { ensureKubeApiserver, kubeCacheDir, lastBuildSeconds, KUBE_VERSION } from "@/dev/cluster/build-kube";
import {
  APISERVER_PORT,
  APISERVER_URL,
  CLUSTER_DIR,
  ETCD_CLIENT_PORT,
  ETCD_PEER_PORT,
  ETCD_URL,
  IDP_AUDIENCE,
  IDP_ISSUER,
  SERVICE_ACCOUNT_ISSUER,
  paths,
} from "@/dev/cluster/config";
import { DEV_STATE_DIR, ensureCa, ensureLeaf } from "@/dev/pki";

// The local control plane of the tests and the live demo: Debian's etcd on tmpfs and a kube-apiserver built
// from the Go module proxy, on 127.0.0.1 only. No controller manager, no scheduler, no kubelet: objects are
// seeded as written (dev/cluster/seed.ts). State lives in .cluster/ (git-ignored); the audit log survives
// `down` so the tests can read it afterwards.

export function log(message: string): void {
  process.stderr.write(`[cluster] ${message}\n`);
}

// ---------------------------------------------------------------- processes and pid files

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid in `file` when that process is alive AND is the program we started (pids get reused). */
export function runningPid(file: string, program: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes(program) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function startDetached(binary: string, args: string[], logFile: string, pidFile: string): number {
  const out = openSync(logFile, "a");
  const child = spawn(binary, args, { detached: true, stdio: ["ignore", out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${binary}`);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  return child.pid;
}

async function stopProcess(file: string, program: string): Promise<void> {
  const pid = runningPid(file, program);
  if (pid !== undefined) {
    log(`stopping ${program} (pid ${pid})`);
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 20_000;
    while (pidAlive(pid) && Date.now() < deadline) await delay(100);
    if (pidAlive(pid)) {
      log(`${program} did not stop within 20 s: killing it`);
      process.kill(pid, "SIGKILL");
    }
  }
  rmSync(file, { force: true });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Polls `probe` until it answers true, the process dies, or the deadline passes. */
async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { pidFile: string; program: string; logFile: string; timeoutMs: number },
): Promise<void> {
  const started = Date.now();
  let interval = 100;
  while (Date.now() - started < opts.timeoutMs) {
    if (await probe().catch(() => false)) {
      log(`${what} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    if (runningPid(opts.pidFile, opts.program) === undefined) {
      throw new Error(
        `${opts.program} exited while starting; last lines of ${opts.logFile}:\n${tail(opts.logFile)}`,
      );
    }
    await delay(interval);
    interval = Math.min(interval * 2, 1000);
  }
  throw new Error(
    `${what} not ready within ${opts.timeoutMs / 1000} s; see ${opts.logFile}:\n${tail(opts.logFile)}`,
  );
}

// ---------------------------------------------------------------- etcd

/** Debian's etcd; installed with apt-get when missing. */
export function ensureEtcd(): string {
  const found = spawnSync("sh", ["-c", "command -v etcd"], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  log("etcd is missing: installing Debian's etcd-server (apt-get)");
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const run = (args: string[]) =>
    spawnSync(prefix[0] ?? args[0] ?? "", [...prefix.slice(1), ...(asRoot ? args.slice(1) : args)], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0;
  const ok =
    run(["apt-get", "install", "-y", "etcd-server"]) ||
    (run(["apt-get", "update"]) && run(["apt-get", "install", "-y", "etcd-server"]));
  const after = spawnSync("sh", ["-c", "command -v etcd"], { encoding: "utf8" }).stdout.trim();
  if (!ok || !after) {
    throw new Error(
      "etcd is required and could not be installed. Install Debian's package as root: apt-get install etcd-server",
    );
  }
  return after;
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

async function startEtcd(): Promise<void> {
  if (runningPid(paths.etcdPid, "etcd") !== undefined) {
    log(`etcd already running on ${ETCD_URL}`);
    return;
  }
  const etcd = ensureEtcd();
  // A fresh store each time: the seed is the cluster's whole content.
  rmSync(paths.etcdData, { recursive: true, force: true });
  mkdirSync(paths.etcdData, { recursive: true, mode: 0o700 });
  const peer = `http://127.0.0.1:${ETCD_PEER_PORT}`;
  startDetached(
    etcd,
    [
      "--name=vigil",
      `--data-dir=${paths.etcdData}`,
      `--listen-client-urls=${ETCD_URL}`,
      `--advertise-client-urls=${ETCD_URL}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=vigil=${peer}`,
      "--initial-cluster-state=new",
      "--logger=zap",
      "--log-outputs=stderr",
    ],
    paths.etcdLog,
    paths.etcdPid,
  );
  await waitFor("etcd", () => httpOk(`${ETCD_URL}/health`), {
    pidFile: paths.etcdPid,
    program: "etcd",
    logFile: paths.etcdLog,
    timeoutMs: 30_000,
  });
}

// ---------------------------------------------------------------- kube-apiserver

function writePki(): void {
  const ca = ensureCa(paths.pki, "ca", "Vigil local control plane CA");
  ensureLeaf(paths.pki, "apiserver", ca, {
    commonName: "kube-apiserver",
    dnsNames: ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"],
    ipAddresses: ["127.0.0.1", "10.96.0.1"],
    usage: "server",
  });
  // The harness's identity: system:masters bypasses authorization. Never given to Vigil.
  ensureLeaf(paths.pki, "admin", ca, {
    commonName: "vigil-harness-admin",
    organizations: ["system:masters"],
    usage: "client",
  });
  const saKey = join(paths.pki, "sa.key");
  if (!existsSync(saKey)) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(saKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(join(paths.pki, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
  }
}

function indent(text: string, spaces: number): string {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => " ".repeat(spaces) + l)
    .join("\n");
}

/** Structured JWT authentication trusting the embedded IdP (apiserver.config.k8s.io/v1, GA in 1.34). */
export function authenticationConfig(idpCaPem: string): string {
  return [
    "apiVersion: apiserver.config.k8s.io/v1",
    "kind: AuthenticationConfiguration",
    "jwt:",
    "  - issuer:",
    `      url: ${IDP_ISSUER}`,
    "      audiences:",
    `        - ${IDP_AUDIENCE}`,
    "      certificateAuthority: |",
    indent(idpCaPem, 8),
    "    claimMappings:",
    "      username:",
    "        claim: email",
    '        prefix: ""',
    "      groups:",
    "        claim: groups",
    '        prefix: ""',
    "",
  ].join("\n");
}

/** Every request, by anyone, at Metadata level: the tests read who did what, with which verb and answer. */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: Metadata
`;

export function adminKubeconfig(): string {
  const b64 = (f: string) => readFileSync(join(paths.pki, f)).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: vigil-local",
    "    cluster:",
    `      server: ${APISERVER_URL}`,
    `      certificate-authority-data: ${b64("ca.crt")}`,
    "users:",
    "  - name: harness-admin",
    "    user:",
    `      client-certificate-data: ${b64("admin.crt")}`,
    `      client-key-data: ${b64("admin.key")}`,
    "contexts:",
    "  - name: vigil-local-admin",
    "    context: { cluster: vigil-local, user: harness-admin }",
    "current-context: vigil-local-admin",
    "",
  ].join("\n");
}

/** A kubeconfig for `user` (a token, or nothing at all for token mode where each call brings its own). */
export function userKubeconfig(userName: string, token?: string): string {
  const ca = readFileSync(join(paths.pki, "ca.crt")).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: vigil-local",
    "    cluster:",
    `      server: ${APISERVER_URL}`,
    `      certificate-authority-data: ${ca}`,
    "users:",
    `  - name: ${userName}`,
    token === undefined ? "    user: {}" : `    user:\n      token: ${token}`,
    "contexts:",
    "  - name: vigil-local",
    `    context: { cluster: vigil-local, user: ${userName} }`,
    "current-context: vigil-local",
    "",
  ].join("\n");
}

async function apiserverReady(): Promise<boolean> {
  const client = adminClient();
  try {
    const answer = await client.request("GET", "/readyz");
    return answer.status === 200;
  } finally {
    client.close();
  }
}

async function startApiserver(): Promise<void> {
  if (runningPid(paths.apiserverPid, "kube-apiserver") !== undefined) {
    log(`kube-apiserver already running on ${APISERVER_URL}`);
    return;
  }
  const binary = await ensureKubeApiserver();
  writePki();
  const idpCa = ensureCa(DEV_STATE_DIR);
  writeFileSync(paths.authenticationConfig, authenticationConfig(readFileSync(idpCa.cert, "utf8")));
  writeFileSync(paths.auditPolicy, AUDIT_POLICY);
  // One audit log per run: the previous run's stays next to it for a while.
  if (existsSync(paths.auditLog)) renameSync(paths.auditLog, `${paths.auditLog}.previous`);
  const pki = (f: string) => join(paths.pki, f);
  startDetached(
    binary,
    [
      `--etcd-servers=${ETCD_URL}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      // The kubernetes Service endpoints may not point at loopback, and nothing here needs them.
      "--endpoint-reconciler-type=none",
      `--secure-port=${APISERVER_PORT}`,
      `--tls-cert-file=${pki("apiserver.crt")}`,
      `--tls-private-key-file=${pki("apiserver.key")}`,
      `--client-ca-file=${pki("ca.crt")}`,
      "--authorization-mode=Node,RBAC",
      // As real clusters run: without it validation rejects privileged pods before Pod Security admission sees them.
      "--allow-privileged=true",
      `--authentication-config=${paths.authenticationConfig}`,
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki("sa.pub")}`,
      `--service-account-signing-key-file=${pki("sa.key")}`,
      "--service-cluster-ip-range=10.96.0.0/16",
      `--audit-policy-file=${paths.auditPolicy}`,
      `--audit-log-path=${paths.auditLog}`,
      "--audit-log-mode=blocking",
      // No controller manager creates `default` ServiceAccounts: pods are seeded as written.
      "--disable-admission-plugins=ServiceAccount",
      `--cert-dir=${join(CLUSTER_DIR, "apiserver-certs")}`,
      "--v=1",
    ],
    paths.apiserverLog,
    paths.apiserverPid,
  );
  await waitFor("kube-apiserver /readyz", apiserverReady, {
    pidFile: paths.apiserverPid,
    program: "kube-apiserver",
    logFile: paths.apiserverLog,
    timeoutMs: 180_000,
  });
}

// ---------------------------------------------------------------- commands

export async function up(options: { seed: (now: Date) => Promise<void> }): Promise<void> {
  mkdirSync(CLUSTER_DIR, { recursive: true, mode: 0o700 });
  const alreadyUp =
    runningPid(paths.apiserverPid, "kube-apiserver") !== undefined &&
    runningPid(paths.etcdPid, "etcd") !== undefined;
  if (alreadyUp) {
    log(`already running: ${APISERVER_URL} (run "npm run cluster -- down" first for a fresh one)`);
    return;
  }
  // A half-running pair (one crashed) is stopped first: the store and the server start fresh together.
  await down({ quiet: true });
  await startEtcd();
  await startApiserver();
  writeFileSync(paths.adminKubeconfig, adminKubeconfig(), { mode: 0o600 });
  writeFileSync(paths.anonymousKubeconfig, userKubeconfig("token-mode"));
  try {
    await options.seed(new Date());
  } catch (err) {
    // A half-seeded cluster would pass for a ready one on the next `up`: stop it.
    await down({ quiet: true });
    throw err;
  }
  log(`up: ${APISERVER_URL}; admin kubeconfig (harness only): ${paths.adminKubeconfig}`);
  log(`Vigil's own read-only identity (serviceaccount mode): ${paths.vigilKubeconfig}`);
}

export async function down(options: { quiet?: boolean } = {}): Promise<void> {
  await stopProcess(paths.apiserverPid, "kube-apiserver");
  await stopProcess(paths.etcdPid, "etcd");
  rmSync(paths.etcdData, { recursive: true, force: true });
  if (!options.quiet) log(`down (the audit log stays: ${paths.auditLog})`);
}

export async function status(): Promise<boolean> {
  const etcd = runningPid(paths.etcdPid, "etcd");
  const apiserver = runningPid(paths.apiserverPid, "kube-apiserver");
  const ready = apiserver !== undefined && (await apiserverReady().catch(() => false));
  const built = existsSync(join(kubeCacheDir(), "bin", "kube-apiserver"));
  const seconds = lastBuildSeconds();
  const lines = [
    `etcd:           ${etcd ? `running (pid ${etcd}) on ${ETCD_URL}` : "stopped"}`,
    `kube-apiserver: ${apiserver ? `running (pid ${apiserver}) on ${APISERVER_URL}, ${ready ? "ready" : "NOT ready"}` : "stopped"}`,
    `build cache:    ${kubeCacheDir()} (${KUBE_VERSION}, ${built ? `built${seconds ? ` in ${seconds} s` : ""}` : "not built yet"})`,
    `etcd client/peer ports: ${ETCD_CLIENT_PORT}/${ETCD_PEER_PORT}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return ready && etcd !== undefined;
}
