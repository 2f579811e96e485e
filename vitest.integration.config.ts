import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration tests against the real local control plane; started by dev/scripts/test-integration.sh.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["**/*.integration.test.ts"],
    exclude: ["node_modules/**", ".next/**"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
