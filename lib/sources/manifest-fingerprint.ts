import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";

// What snapshot mode's files are now, in one string: every file and directory under the configured paths with
// its size and modification time (the walk load-manifests.ts makes, hidden entries and node_modules skipped).
// Equal strings: the files have not changed since the last load, so the loaded snapshot (and every page
// computed from it) stays; a changed, added or removed file changes it. A path that cannot be read gives its
// error code, so that the load runs again and says what is wrong.

async function walk(path: string, visited: Set<string>, out: string[]): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    out.push(`${path}:${(err as NodeJS.ErrnoException).code ?? "error"}`);
    return;
  }
  // A directory by its entries alone (its own time moves with hidden files the loader never reads).
  if (!info.isDirectory()) {
    out.push(`${path}:${info.size}:${info.mtimeMs}:${info.ino}`);
    return;
  }
  out.push(`${path}:directory`);
  const real = await realpath(path).catch(() => path);
  if (visited.has(real)) return;
  visited.add(real);
  let entries: string[];
  try {
    entries = (await readdir(path)).sort();
  } catch {
    out.push(`${path}:unlistable`);
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(".") || entry === "node_modules") continue;
    await walk(join(path, entry), visited, out);
  }
}

export async function manifestFingerprint(paths: readonly string[]): Promise<string> {
  const out: string[] = [];
  const visited = new Set<string>();
  for (const path of paths) await walk(path, visited, out);
  return out.join("\n");
}
