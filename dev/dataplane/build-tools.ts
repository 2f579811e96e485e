import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
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

/** Returns the path of kube-network-policies, building it first when the cache does not have it. */
export async function ensureKubeNetworkPolicies(version = KNP_VERSION): Promise<string> {
  const binary = knpBinaryPath(version);
  if (existsSync(binary)) return binary;
  requireGo("kube-network-policies");
  mkdirSync(vigilCacheDir(), { recursive: true });
  const moduleDir = downloadModule(KNP_MODULE, version);
  const mains = mainPackages(moduleDir).filter((d) => d === "cmd" || d.startsWith("cmd/"));
  if (mains.length !== 1) {
    throw new Error(
      `expected one main package under cmd/ in ${KNP_MODULE}@${version}, found: ${mains.join(", ") || "none"}`,
    );
  }
  const pkg = `${KNP_MODULE}/${mains[0]}`;
  const started = Date.now();
  log(`building ${pkg}@${version} (first time only; a few minutes on 2 cores)`);
  // `go install PKG@VERSION` builds with the module's own go.mod (it has no replace directives). The binary
  // takes the package's last path element as its name: install into a scratch GOBIN, then rename.
  const gobin = join(vigilCacheDir(), `kube-network-policies-${version}`, "gobin");
  rmSync(gobin, { recursive: true, force: true });
  mkdirSync(join(binary, ".."), { recursive: true });
  await run("go", ["install", "-trimpath", "-ldflags=-s -w", `${pkg}@${version}`], vigilCacheDir(), {
    ...process.env,
    GOBIN: gobin,
  });
  const built = join(gobin, mains[0]?.split("/").pop() ?? "cmd");
  renameSync(built, binary);
  rmSync(gobin, { recursive: true, force: true });
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
