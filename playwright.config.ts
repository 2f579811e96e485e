import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";
import { DEV_STATE_DIR, ensureCa } from "./dev/pki";
import { APP_PORT as appPort, FETCHED_GRAPH_APP_PORT, FETCHED_GRAPH_APP_URL } from "./e2e/support/apps";

// End-to-end tests in Debian's Chromium (never a downloaded browser) through the real sign-in at the embedded
// IdP, against the production build (`next build` runs first, in dev/scripts/test-e2e.sh).
//
// VIGIL_E2E_MODE picks the access mode (default snapshot, the bundled demo); token and serviceaccount modes
// also need VIGIL_KUBECONFIG from the local control plane. The IdP's ID tokens live 30 s, so the app refreshes
// them during the run (e2e/auth.spec.ts checks that it does, with sessions sealed as about to expire).

const idpPort = Number(process.env.VIGIL_IDP_PORT ?? 9400);
export const E2E_ID_TOKEN_TTL_SECONDS = 30;
const baseURL = `http://localhost:${appPort}`;

// The app trusts the IdP's certificate through this CA: it must exist before either server starts.
const ca = ensureCa(DEV_STATE_DIR);
const reuse = process.env.VIGIL_E2E_REUSE === "1";
const mode = process.env.VIGIL_E2E_MODE ?? "snapshot";
// Set once in the runner; its workers inherit it, so tests can seal (forged or expired) session cookies.
const secret = (process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url"));
// The scraper's token for /metrics (e2e/metrics.spec.ts), shared with the workers the same way.
const metricsToken = (process.env.VIGIL_METRICS_TOKEN ??= randomBytes(32).toString("base64url"));

function env(extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "NODE_ENV") base[k] = v;
  return { ...base, ...extra };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: Number(process.env.VIGIL_E2E_WORKERS ?? 2),
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    headless: true,
    // The IdP's certificate is signed by the local CA, which the browser does not know.
    ignoreHTTPSErrors: true,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: { executablePath: process.env.VIGIL_CHROMIUM ?? "/usr/bin/chromium" },
  },
  projects: [
    // Each demo user signs in once through the IdP; the specs reuse the saved sessions (e2e/support/sign-in.ts).
    {
      name: "sign-in",
      testMatch: /sign-in\.setup\.ts$/,
      fullyParallel: true,
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
    {
      name: "chromium",
      dependencies: ["sign-in"],
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx dev/idp/server.ts",
      url: `https://127.0.0.1:${idpPort}/.well-known/openid-configuration`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: reuse,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: env({
        VIGIL_IDP_PORT: String(idpPort),
        VIGIL_IDP_ID_TOKEN_TTL: String(E2E_ID_TOKEN_TTL_SECONDS),
        PORT: String(appPort),
        NODE_ENV: "development",
      }),
    },
    // The app, and its second instance whose Network page never carries the graph (e2e/support/apps.ts).
    ...[
      { port: appPort, url: baseURL, extra: {} as Record<string, string> },
      { port: FETCHED_GRAPH_APP_PORT, url: FETCHED_GRAPH_APP_URL, extra: { VIGIL_GRAPH_INLINE_KIB: "0" } },
    ].map(({ port, url, extra }) => ({
      // As `npm start` runs it: idle connections kept 65 s (docs/deployment.md "Keep-alive").
      command: `node_modules/.bin/next start -H 127.0.0.1 -p ${port} --keepAliveTimeout 65000`,
      url: `http://127.0.0.1:${port}/signin`,
      reuseExistingServer: reuse,
      timeout: 120_000,
      // The audit lines of every request would drown the test output.
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      env: env({
        PORT: String(port),
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: secret,
        NODE_EXTRA_CA_CERTS: ca.cert,
        VIGIL_IDP_PORT: String(idpPort),
        VIGIL_MODE: mode,
        VIGIL_METRICS_TOKEN: metricsToken,
        NEXT_TELEMETRY_DISABLED: "1",
        ...extra,
      }),
    })),
  ],
});
