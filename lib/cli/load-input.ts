import { formatWarning } from "@/lib/model/parse-manifest-text";
import { loadManifests } from "@/lib/sources/load-manifests";
import type { Snapshot } from "@/lib/model/types";

/**
 * Loads `--manifests` for a subcommand. Content problems that do not stop the analysis (an unknown kind, a field
 * of the wrong type) go to stderr as `vigil: warning: ...` lines, so stdout stays one JSON document.
 */
export async function loadInput(
  paths: readonly string[],
  stderr: (line: string) => void = (l) => process.stderr.write(l),
): Promise<Snapshot> {
  const snapshot = await loadManifests(paths);
  const shown = snapshot.warnings.slice(0, 50);
  for (const w of shown) stderr(`vigil: warning: ${formatWarning(w)}\n`);
  if (snapshot.warnings.length > shown.length)
    stderr(`vigil: warning: ... and ${snapshot.warnings.length - shown.length} more\n`);
  return snapshot;
}
