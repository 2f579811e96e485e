// Vitest global setup: the CLI tests start the compiled `vigil` (bin/vigil.mjs runs dist/cli/), so it is
// rebuilt here, once, when a source changed, before any test file starts it (and never by several at once).
import { ensureCli } from "./build-cli.mjs";

export default async function setup() {
  await ensureCli();
}
