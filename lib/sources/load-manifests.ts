import type { Stats } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { VigilError } from "@/lib/errors";
import { buildSnapshot, type RawInput } from "@/lib/model/build-snapshot";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import type { LoadWarning, Snapshot } from "@/lib/model/types";

// The manifest-file source: files and directories (recursively) read into raw objects, then mapped into a
// snapshot. The text itself is parsed by lib/model/parse-manifest-text.ts.

/** One file larger than this is refused: a manifest set is text, not a data dump. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

function kindOf(info: Stats): string {
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

async function collectFiles(
  path: string,
  explicit: boolean,
  visited: Set<string>,
  files: string[],
  unreadable: LoadWarning[],
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
      await collectFiles(join(path, entry), false, visited, files, unreadable);
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
  } else if (explicit || MANIFEST_EXTENSIONS.has(extname(path).toLowerCase())) {
    // Never opened: a FIFO would block the read forever, /dev/zero would never end.
    unreadable.push({
      file: path,
      message: `is ${kindOf(info)}, not a manifest file: not read`,
      unreadable: true,
    });
  }
}

/** True when the object could be a Kubernetes object at all (a mapping with apiVersion and kind). */
function looksLikeObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && "kind" in value && "apiVersion" in value;
}

/** Reads every manifest under `paths` (files, or directories recursively) into raw objects. */
export async function readManifestObjects(
  paths: readonly string[],
  unreadable: LoadWarning[] = [],
): Promise<RawInput[]> {
  if (paths.length === 0) throw new VigilError("bad-input", "no manifest path given");
  const files: string[] = [];
  const visited = new Set<string>();
  for (const p of paths) await collectFiles(p, true, visited, files, unreadable);
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
    const parsed = parseManifestText(text, shown);
    if (text.trim() !== "" && !parsed.some((p) => looksLikeObject(p.object))) {
      // PEM, a binary, prose: say so rather than answer with an empty inventory.
      unreadable.push({
        file: shown,
        message: "holds no Kubernetes object (not YAML or JSON manifests): nothing of it was used",
        unreadable: true,
      });
      continue;
    }
    // Not push(...items): a file of 160,000 objects would overflow the call stack with that many arguments.
    for (const input of parsed) inputs.push(input);
  }
  return inputs;
}

/** Loads manifests into a snapshot. */
export async function loadManifests(paths: readonly string[]): Promise<Snapshot> {
  const unreadable: LoadWarning[] = [];
  const inputs = await readManifestObjects(paths, unreadable);
  const snapshot = buildSnapshot(inputs, {
    kind: "manifests",
    name: paths.join(", "),
    takenAt: new Date().toISOString(),
  });
  return unreadable.length === 0
    ? snapshot
    : { ...snapshot, warnings: [...unreadable, ...snapshot.warnings] };
}
