#!/usr/bin/env node
// The `vigil` command from a checkout (`npx vigil ...`): runs the compiled CLI in dist/cli/ (docs/cli.md "How
// the command is built"). A bundle that is missing or older than a source it was built from is rebuilt first
// (esbuild, well under a second), as `npm run build:cli` would, so the command never runs code that differs
// from the sources beside it; the note saying so goes to stderr only when stderr is a terminal, never into
// what scripts read. When it cannot be rebuilt, one line on stderr says why and what to run; exit 1.
import { BUNDLE, ensureCli } from "../dev/scripts/build-cli.mjs";
import { pathToFileURL } from "node:url";

try {
  await ensureCli({
    onRebuild: (reason) => {
      if (process.stderr.isTTY) process.stderr.write(`vigil: compiling the CLI first (${reason})\n`);
    },
  });
} catch (err) {
  process.stderr.write(`vigil: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
await import(pathToFileURL(BUNDLE).href);
