#!/usr/bin/env node
// The `vigil` command from a checkout (`npx vigil ...`): runs lib/cli/main.ts through tsx.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../lib/cli/main.ts");
