import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { requireGo, run, vigilCacheDir } from "@/dev/cluster/build-kube";

// The two programs of the dataplane test, built once into the same tool cache as kube-apiserver:
// - kube-network-policies, the Kubernetes project's reference NetworkPolicy implementation, from the Go module
//   proxy at a pinned version (its main package is found in the module itself, not assumed);
// - netprobe (dev/dataplane/netprobe), the listeners and probes run inside the test's network namespaces,
//   rebuilt whenever its source changes (the cache key is a hash of the source).

export const KNP_MODULE = "sigs.k8s.io/kube-network-policies";
export const KNP_VERSION = "v0.8.0";

function log(message: string): void {
  process.stderr.write(`[dataplane] ${message}\n`);
}

export function knpBinaryPath(version = KNP_VERSION): string {
  return join(vigilCacheDir(), `kube-network-policies-${version}`, "bin", "kube-network-policies");
}

/** The directories of a module that hold a main package (a `package main` file that is not a test). */
export function mainPackages(moduleDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const isMain = entries.some(
      (e) =>
        e.isFile() &&
        e.name.endsWith(".go") &&
        !e.name.endsWith("_test.go") &&
        /^package main\b/m.test(readFileSync(join(dir, e.name), "utf8")),
    );
    if (isMain) found.push(relative(moduleDir, dir));
    for (const e of entries) {
      if (e.isDirectory() && e.name !== "testdata" && !e.name.startsWith(".")) walk(join(dir, e.name));
    }
  };
  walk(moduleDir);
  return found.sort();
}

/** `go mod download -json MODULE@VERSION`: where the module's source is (the module cache). */
export function downloadModule(module: string, version: string): string {
  const answer = spawnSync("go", ["mod", "download", "-json", `${module}@${version}`], {
    encoding: "utf8",
    cwd: vigilCacheDir(),
  });
  const info = (() => {
    try {
      return JSON.parse(answer.stdout) as { Dir?: string; Error?: string };
    } catch {
      return {};
    }
  })();
  if (answer.status !== 0 || !info.Dir) {
    throw new Error(
      `go mod download ${module}@${version} failed: ${info.Error ?? answer.stderr.trim() ?? "no answer"}`,
    );
  }
  return info.Dir;
}

const QUEUE_RULE = `queue := &expr.Queue{Num: uint16(c.config.QueueID)}
\tif c.config.FailOpen {
\t\tqueue.Flag = expr.QueueFlagBypass
\t}`;

const COMPAT_FILE = `// Added by Vigil's dataplane test (dev/dataplane/build-tools.ts) for kernels without nft_queue.
package networkpolicy

import (
\t"github.com/google/nftables/binaryutil"
\t"github.com/google/nftables/expr"
\t"github.com/google/nftables/xt"
)

// nfqueueTarget sends the packet to the queue through nft_compat and the xtables NFQUEUE target (revision 3:
// queue number, queue count, flags; flag 1 is bypass), the rule iptables-nft writes for "-j NFQUEUE".
func nfqueueTarget(queueID int, failOpen bool) expr.Any {
\tvar flags uint16
\tif failOpen {
\t\tflags = 1
\t}
\tinfo := xt.Unknown(append(append(binaryutil.NativeEndian.PutUint16(uint16(queueID)),
\t\tbinaryutil.NativeEndian.PutUint16(1)...), binaryutil.NativeEndian.PutUint16(flags)...))
\treturn &expr.Target{Name: "NFQUEUE", Rev: 3, Info: &info}
}
`;

/** Can this kernel's nf_tables queue a packet itself (CONFIG_NFT_QUEUE)? Tried in a scratch namespace. */
export function kernelHasNftQueue(): boolean {
  const ns = "vgdp-queue-check";
  spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  if (spawnSync("ip", ["netns", "add", ns], { stdio: "ignore" }).status !== 0) return false;
  try {
    const ruleset =
      "table inet t {\n chain c {\n  type filter hook postrouting priority 0\n  queue num 98 bypass\n }\n}\n";
    return (
      spawnSync("ip", ["netns", "exec", ns, "nft", "-f", "-"], {
        input: ruleset,
        stdio: ["pipe", "ignore", "ignore"],
      }).status === 0
    );
  } finally {
    spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  }
}

/**
 * Returns the path of kube-network-policies, building it first when the cache does not have it. With
 * `nftCompat`, for kernels built without nft_queue (CONFIG_NFT_QUEUE) but with nft_compat and the xtables
 * NFQUEUE target, its two queue rules are written through nft_compat instead: one statement of its nftables
 * plumbing changes; which packets are queued and every verdict stay upstream's code.
 */
export async function ensureKubeNetworkPolicies(
  options: { nftCompat: boolean },
  version = KNP_VERSION,
): Promise<string> {
  const binary = knpBinaryPath(version) + (options.nftCompat ? "-nftcompat" : "");
  if (existsSync(binary)) return binary;
  requireGo("kube-network-policies");
  mkdirSync(vigilCacheDir(), { recursive: true });
  const moduleDir = downloadModule(KNP_MODULE, version);
  const mains = mainPackages(moduleDir).filter((d) => d === "cmd" || d.startsWith("cmd/"));
  if (mains.length !== 1 || !mains[0]) {
    throw new Error(
      `expected one main package under cmd/ in ${KNP_MODULE}@${version}, found: ${mains.join(", ") || "none"}`,
    );
  }
  const main = mains[0];
  const pkg = `${KNP_MODULE}/${main}`;
  const started = Date.now();
  log(
    `building ${pkg}@${version}${options.nftCompat ? " (queue rules through nft_compat)" : ""} (first time only; minutes on 2 cores)`,
  );
  mkdirSync(join(binary, ".."), { recursive: true });
  if (!options.nftCompat) {
    // `go install PKG@VERSION` builds with the module's own go.mod (it has no replace directives). The binary
    // takes the package's last path element as its name: install into a scratch GOBIN, then rename.
    const gobin = join(vigilCacheDir(), `kube-network-policies-${version}`, "gobin");
    rmSync(gobin, { recursive: true, force: true });
    await run("go", ["install", "-trimpath", "-ldflags=-s -w", `${pkg}@${version}`], vigilCacheDir(), {
      ...process.env,
      GOBIN: gobin,
    });
    renameSync(join(gobin, main.split("/").pop() ?? "cmd"), binary);
    rmSync(gobin, { recursive: true, force: true });
  } else {
    const src = join(vigilCacheDir(), `kube-network-policies-${version}`, "src-nftcompat");
    rmSync(src, { recursive: true, force: true });
    cpSync(moduleDir, src, { recursive: true });
    spawnSync("chmod", ["-R", "u+w", src]);
    const controller = join(src, "pkg", "networkpolicy", "controller.go");
    const text = readFileSync(controller, "utf8");
    const count = text.split(QUEUE_RULE).length - 1;
    if (count !== 2)
      throw new Error(`expected the queue rule twice in ${controller}, found it ${count} times`);
    writeFileSync(
      controller,
      text.replaceAll(QUEUE_RULE, "queue := nfqueueTarget(c.config.QueueID, c.config.FailOpen)"),
    );
    writeFileSync(join(src, "pkg", "networkpolicy", "nfqueue_compat.go"), COMPAT_FILE);
    await run("go", ["build", "-trimpath", "-ldflags=-s -w", "-o", `${binary}.partial`, `./${main}`], src, {
      ...process.env,
      GOFLAGS: "-mod=mod",
    });
    renameSync(`${binary}.partial`, binary);
  }
  log(`built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
  return binary;
}

const NETPROBE_SRC = join(import.meta.dirname, "netprobe");

/** Builds netprobe from dev/dataplane/netprobe (standard library only) unless this source was built before. */
export async function ensureNetprobe(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of readdirSync(NETPROBE_SRC).sort()) {
    hash.update(name).update(readFileSync(join(NETPROBE_SRC, name)));
  }
  const dir = join(vigilCacheDir(), `netprobe-${hash.digest("hex").slice(0, 16)}`);
  const binary = join(dir, "netprobe");
  if (existsSync(binary)) return binary;
  requireGo("netprobe");
  mkdirSync(dir, { recursive: true });
  log(`building netprobe into ${dir}`);
  await run("go", ["build", "-trimpath", "-o", `${binary}.partial`, "."], NETPROBE_SRC, {
    ...process.env,
    GOFLAGS: "-mod=mod",
    GOTOOLCHAIN: "local",
  });
  renameSync(`${binary}.partial`, binary);
  writeFileSync(join(dir, "source"), `${NETPROBE_SRC}\n`);
  return binary;
}
