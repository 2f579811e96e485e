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
    // The CLI tests start `vigil` as a process, which compiles TypeScript at every start (seconds each on a
    // busy 2-core machine); the budget is for that start-up, never a claim about speed.
    testTimeout: 120_000,
  },
});
