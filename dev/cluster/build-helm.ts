import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { requireGo, run, vigilCacheDir } from "@/dev/cluster/build-kube";

// Builds helm from the Go module proxy, once, into the tool cache outside the repository (as the
// kube-apiserver): the chart test (deploy/helm/chart.integration.test.ts) renders deploy/helm/vigil with it.
// `npx tsx dev/cluster/build-helm.ts` builds it (or finds it) and prints its path; test-integration.sh runs it.

export const HELM_VERSION = "v3.22.0";

export function helmPath(version = HELM_VERSION): string {
  return join(vigilCacheDir(), `helm-${version}`, "helm");
}

/** Returns the path of helm, building it first when the cache does not have it. */
export async function ensureHelm(version = HELM_VERSION): Promise<string> {
  const binary = helmPath(version);
  if (existsSync(binary)) return binary;
  requireGo("helm");
  const dir = join(vigilCacheDir(), `helm-${version}`);
  const partial = join(dir, `bin.partial-${process.pid}`);
  mkdirSync(partial, { recursive: true });
  process.stderr.write(
    `[build-helm] building helm ${version} into ${dir} (first time only; minutes on 2 cores)\n`,
  );
  try {
    await run("go", ["install", "-trimpath", "-ldflags=-s -w", `helm.sh/helm/v3/cmd/helm@${version}`], dir, {
      ...process.env,
      GOBIN: partial,
      GOFLAGS: "-mod=mod",
    });
    renameSync(join(partial, "helm"), binary);
  } catch (err) {
    throw new Error(
      `could not build helm ${version} from the Go module proxy (${err instanceof Error ? err.message : String(err)}); ` +
        `install helm ${version} as ${binary} by hand`,
    );
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  const check = spawnSync(binary, ["version", "--short"], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`${binary} does not run: ${check.stderr.trim()}`);
  return binary;
}

if (import.meta.filename === process.argv[1]) {
  ensureHelm().then(
    (path) => console.log(path),
    (err: unknown) => {
      process.stderr.write(`[build-helm] error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
