import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { VigilError } from "@/lib/errors";
import { buildSnapshot, type RawInput } from "@/lib/model/build-snapshot";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import type { Snapshot } from "@/lib/model/types";

// The manifest-file source: files and directories (recursively) read into raw objects, then mapped into a
// snapshot. The text itself is parsed by lib/model/parse-manifest-text.ts.

/** One file larger than this is refused: a manifest set is text, not a data dump. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

async function collectFiles(
  path: string,
  explicit: boolean,
  visited: Set<string>,
  files: string[],
): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new VigilError(
      "unreadable-path",
      `cannot read ${path}: ${code === "ENOENT" ? "no such file or directory" : (code ?? "error")}`,
    );
  }
  const real = await realpath(path);
  if (visited.has(real)) return; // a symlink loop, or the same file named twice
  visited.add(real);
  if (info.isDirectory()) {
    let entries: string[];
    try {
      entries = (await readdir(path)).sort();
    } catch {
      throw new VigilError("unreadable-path", `cannot list directory ${path}`);
    }
    for (const entry of entries) {
      if (entry.startsWith(".") || entry === "node_modules") continue;
      await collectFiles(join(path, entry), false, visited, files);
    }
  } else if (info.isFile()) {
    if (!explicit && !MANIFEST_EXTENSIONS.has(extname(path).toLowerCase())) return;
    if (info.size > MAX_FILE_BYTES) {
      throw new VigilError(
        "invalid-manifest",
        `${path} is ${Math.round(info.size / 1048576)} MiB; a manifest file may be at most ${MAX_FILE_BYTES / 1048576} MiB`,
      );
    }
    files.push(path);
  }
}

/** Reads every manifest under `paths` (files, or directories recursively) into raw objects. */
export async function readManifestObjects(paths: readonly string[]): Promise<RawInput[]> {
  if (paths.length === 0) throw new VigilError("bad-input", "no manifest path given");
  const files: string[] = [];
  const visited = new Set<string>();
  for (const p of paths) await collectFiles(p, true, visited, files);
  const inputs: RawInput[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      throw new VigilError("unreadable-path", `cannot read ${file}`);
    }
    const shown = relative(process.cwd(), file).startsWith("..")
      ? file
      : relative(process.cwd(), file) || file;
    // Not push(...items): a file of 160,000 objects would overflow the call stack with that many arguments.
    for (const input of parseManifestText(text, shown)) inputs.push(input);
  }
  return inputs;
}

/** Loads manifests into a snapshot. */
export async function loadManifests(paths: readonly string[]): Promise<Snapshot> {
  const inputs = await readManifestObjects(paths);
  return buildSnapshot(inputs, {
    kind: "manifests",
    name: paths.join(", "),
    takenAt: new Date().toISOString(),
  });
}
