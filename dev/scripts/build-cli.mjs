// Builds the compiled `vigil` command: lib/cli/main.ts bundled by esbuild into dist/cli/ (docs/cli.md "How the
// command is built"). Run by `npm run build:cli`, by `npm install` (prepare), by `npm run build`, by the test
// setup, and by bin/vigil.mjs itself when the bundle is missing or older than a source it was built from.
// Plain JavaScript on purpose: bin/vigil.mjs imports it under plain Node, where TypeScript does not load.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OUT_DIR = join(ROOT, "dist", "cli");
export const BUNDLE = join(OUT_DIR, "vigil.mjs");
/** Written last by a build: the sources the bundle was made from, which staleReason compares with it. */
const INPUTS_FILE = join(OUT_DIR, "inputs.json");
/** Files whose change means a rebuild although esbuild does not list them as inputs. */
const BUILD_FILES = ["dev/scripts/build-cli.mjs", "tsconfig.json"];

/**
 * Why the bundle must be (re)built, or undefined when it is current: missing, or older than one of the files it
 * was built from (a checkout or an edit gives a file a newer mtime). Stats only those files, about a hundred,
 * so that it costs a millisecond at each start. Without the sources (the bundle copied alone) it is current.
 * @param {string} [root] the checkout (a test gives another)
 * @returns {string | undefined}
 */
export function staleReason(root = ROOT) {
  if (!existsSync(join(root, "lib", "cli", "main.ts"))) return undefined;
  let inputs;
  let built;
  try {
    inputs = JSON.parse(readFileSync(join(root, "dist", "cli", "inputs.json"), "utf8")).inputs;
    built = statSync(join(root, "dist", "cli", "vigil.mjs")).mtimeMs;
  } catch {
    return "it has not been built yet";
  }
  for (const input of inputs) {
    let changed;
    try {
      changed = statSync(join(root, input)).mtimeMs;
    } catch {
      return `${input} is gone since it was built`;
    }
    if (changed > built) return `${input} changed since it was built`;
  }
  return undefined;
}

/**
 * Rebuilds the bundle when it is stale; says why through `onRebuild` first.
 * @param {{ onRebuild?: (reason: string) => void }} [options]
 */
export async function ensureCli({ onRebuild } = {}) {
  const reason = staleReason();
  if (reason === undefined) return;
  onRebuild?.(reason);
  try {
    await buildCli();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(
      `the compiled CLI in dist/cli/ is out of date (${reason}) and could not be rebuilt: ` +
        `${detail.replace(/\s*\n\s*/g, " ")}; run \`npm run build:cli\``,
    );
  }
}

/**
 * Bundles the CLI. Dependencies from npm are bundled too (fewer files to resolve at start), except
 * client-node: it is loaded only by `vigil snapshot`, in a chunk of its own, and stays external as in the app
 * (bundling its ws/undici has broken builds before). Output is written beside the old one, then renamed into
 * place file by file, the inputs list last: a `vigil` starting meanwhile sees either build, never half of one.
 * @param {{ clean?: boolean }} [options] clean: remove chunks of earlier builds (for `npm run build:cli`).
 */
export async function buildCli({ clean = false } = {}) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error("esbuild is not installed (run `npm install` in the checkout)");
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const staging = join(OUT_DIR, `.staging-${process.pid}-${Date.now()}`);
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { vigil: "lib/cli/main.ts" },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node24",
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunk-[hash]",
      external: ["@kubernetes/client-node"],
      // npm packages written as CommonJS call require() for Node's built-ins; an ES module has none of its own.
      banner: {
        js: 'import { createRequire as __vigilCreateRequire } from "node:module"; const require = __vigilCreateRequire(import.meta.url);',
      },
      metafile: true,
      legalComments: "none",
      logLevel: "silent",
    });
    const outputs = readdirSync(staging);
    // Chunks first, the entry after them, so the entry never points at a chunk that is not there yet.
    outputs.sort((a, b) => Number(a === "vigil.mjs") - Number(b === "vigil.mjs"));
    if (clean) {
      for (const old of readdirSync(OUT_DIR)) {
        if (old.startsWith("chunk-") && !outputs.includes(old)) rmSync(join(OUT_DIR, old), { force: true });
      }
    }
    for (const file of outputs) renameSync(join(staging, file), join(OUT_DIR, file));
    const inputs = [
      ...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith("node_modules/")),
      ...BUILD_FILES,
    ];
    const tmpInputs = `${INPUTS_FILE}.${process.pid}`;
    writeFileSync(tmpInputs, JSON.stringify({ inputs: inputs.sort() }, null, 1) + "\n");
    renameSync(tmpInputs, INPUTS_FILE);
    return { outDir: relative(ROOT, OUT_DIR), files: outputs.length, inputs: inputs.length };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // --if-installed (npm's prepare step): an install without devDependencies has no esbuild and no use for it.
  const ifInstalled = process.argv.includes("--if-installed");
  try {
    if (ifInstalled && !existsSync(join(ROOT, "node_modules", "esbuild"))) {
      process.stderr.write("[vigil] esbuild is not installed: the CLI is not compiled (npm run build:cli)\n");
      process.exit(0);
    }
    const { outDir, files, inputs } = await buildCli({ clean: true });
    process.stderr.write(`[vigil] built the CLI into ${outDir}/ (${files} files from ${inputs} sources)\n`);
  } catch (err) {
    process.stderr.write(
      `[vigil] error: cannot build the CLI: ${err instanceof Error ? err.message : err}\n`,
    );
    process.exitCode = 1;
  }
}
