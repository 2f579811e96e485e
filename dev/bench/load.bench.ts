import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { percentile, printTable, sampleRss, treeCpuSeconds } from "@/dev/bench/measure";
import { startApp } from "@/dev/cluster/app-harness";

// `npm run bench -- load`: a room of people opening Vigil at the same minute. Against the production build
// (`next build` first), in snapshot mode: 50 viewers with signed-in sessions (50 different people whose groups
// are the demo users', sealed with the server's secret like a sign-in would; no refresh token, so the IdP is
// not involved) each loop over the overview, access, network and certificates pages and the JSON routes for
// VIGIL_LOAD_SECONDS (default 60), on the bundled demo and on the large demo (200 namespaces,
// dev/scripts/generate-large-demo.ts). Reports req/s, p50/p95/p99 latency, errors, the server's peak RSS and
// CPU time. A benchmark, never a test. The Network page's latency includes its graph's JSON, which its client
// fetches as it opens.

const ROOT = join(import.meta.dirname, "..", "..");
const PORT = Number(process.env.PORT ?? 3000);
const SECONDS = Number(process.env.VIGIL_LOAD_SECONDS ?? 60);
const VIEWERS = Number(process.env.VIGIL_LOAD_VIEWERS ?? 50);
const ROUTES = [
  "/",
  "/access",
  "/network",
  "/certificates",
  "/api/overview",
  "/api/certificates",
  "/api/namespaces",
];
/** What a page's client fetches as it opens, timed with the page (a first visit: no ETag of an earlier answer). */
const FETCHED_BY: Record<string, string[]> = { "/network": ["/api/network/graph"] };
const GROUPS = [["team-frontend"], ["security-reviewers"], []] as const;

async function cookieFor(i: number, secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = {
    sid: `load-${i}`,
    sub: `viewer-${i}`,
    username: `viewer-${i}@example.com`,
    name: `Viewer ${i}`,
    groups: [...(GROUPS[i % GROUPS.length] ?? [])],
    idToken: "load-bench",
    issuedAt: now,
    expiresAt: now + 3600,
  };
  return `next-auth.session-token=${await encode({ token, secret })}`;
}

async function run(label: string, env: Record<string, string>) {
  const secret = randomBytes(32).toString("base64url");
  const server = await startApp(PORT, {
    ...env,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    VIGIL_MODE: "snapshot",
    NEXT_TELEMETRY_DISABLED: "1",
    // VIGIL_LOAD_NODE_OPTIONS: node flags for the server alone (`--cpu-prof --cpu-prof-dir=...` to profile it).
    ...(process.env.VIGIL_LOAD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.VIGIL_LOAD_NODE_OPTIONS } : {}),
  });
  const pid = server.pid;
  const cookies = await Promise.all(Array.from({ length: VIEWERS }, (_, i) => cookieFor(i, secret)));
  const cpuBefore = treeCpuSeconds(pid);
  const rss = sampleRss(pid);
  const latencies: number[] = [];
  const byRoute = new Map<string, number[]>(ROUTES.map((r) => [r, []]));
  const errors: string[] = [];
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    cookies.map(async (cookie, v) => {
      for (let i = v; performance.now() < end; i++) {
        const route = ROUTES[i % ROUTES.length] ?? "/";
        const t = performance.now();
        try {
          // A page and what its client fetches before it shows (the Network page's graph): one page view.
          for (const url of [route, ...(FETCHED_BY[route] ?? [])]) {
            const res = await fetch(`http://127.0.0.1:${PORT}${url}`, {
              headers: { cookie },
              redirect: "manual",
            });
            await res.arrayBuffer();
            if (res.status !== 200) errors.push(`${url} ${res.status}`);
          }
        } catch (err) {
          // fetch says only "fetch failed": the cause (a reset, a closed keep-alive socket) is what matters.
          const cause = (err as Error & { cause?: Error & { code?: string } }).cause;
          errors.push(
            `${route} ${(err as Error).message}${cause ? ` (${cause.code ?? ""} ${cause.message})` : ""}`,
          );
        }
        latencies.push(performance.now() - t);
        byRoute.get(route)?.push(performance.now() - t);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const peak = rss.stop();
  const cpu = treeCpuSeconds(pid) - cpuBefore;
  await server.stop();
  console.log(`${label}: p50 / p95 per route`);
  console.table(
    [...byRoute].map(([route, ms]) => ({
      route,
      requests: ms.length,
      p50Ms: Math.round(percentile(ms, 50)),
      p95Ms: Math.round(percentile(ms, 95)),
    })),
  );
  return {
    input: label,
    viewers: VIEWERS,
    requests: latencies.length,
    reqPerS: Math.round(latencies.length / wall),
    p50Ms: Math.round(percentile(latencies, 50)),
    p95Ms: Math.round(percentile(latencies, 95)),
    p99Ms: Math.round(percentile(latencies, 99)),
    errors: errors.length,
    firstErrors: [...new Set(errors)].slice(0, 3).join("; "),
    peakRssMiB: peak,
    serverCpuS: Math.round(cpu),
    wallS: Math.round(wall),
  };
}

const large = join(ROOT, ".vigil-dev", "large-cluster-200.json");
if (!existsSync(large)) {
  const gen = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "dev", "scripts", "generate-large-demo.ts")],
    {
      cwd: ROOT,
      env: { ...process.env, VIGIL_LARGE_OUT: large, VIGIL_LARGE_NAMESPACES: "200" },
      stdio: "inherit",
    },
  );
  await new Promise((resolve) => gen.once("exit", resolve));
}
// VIGIL_LOAD_INPUTS=demo or =large runs one of the two (both by default).
const only = process.env.VIGIL_LOAD_INPUTS ?? "demo,large";
const rows = [];
if (only.includes("demo")) rows.push(await run("the demo", { VIGIL_MANIFESTS: "" }));
if (only.includes("large")) rows.push(await run("large demo, 200 namespaces", { VIGIL_MANIFESTS: large }));
printTable(rows);
console.log(`BENCH_JSON ${JSON.stringify({ load: rows })}`);
