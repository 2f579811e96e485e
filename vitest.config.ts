import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and property tests: everything named *.test.ts(x) except the integration tests, which need the
// local control plane (vitest.integration.config.ts) and the Playwright specs under e2e/.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "**/*.integration.test.ts"],
    environment: "node",
    // The CLI tests start the compiled `vigil`, rebuilt here first when its sources changed.
    globalSetup: ["dev/scripts/vitest-setup-cli.mjs"],
    // A budget for a busy shared 2-core machine, never a claim about speed (benchmarks measure speed).
    testTimeout: 30_000,
  },
});
