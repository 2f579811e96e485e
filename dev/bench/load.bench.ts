import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { Agent, get } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { join } from "node:path";
import { chartNodeOptions, percentile, printTable, sampleRss, treeCpuSeconds } from "@/dev/bench/measure";
import { sealedSessionCookie, startApp } from "@/dev/cluster/app-harness";
import { viewCacheMaxBytes } from "@/lib/views/view-cache";

// `npm run bench -- load`: a room of people opening Vigil at the same minute. Against the production build
// (`next build` first), in snapshot mode: 50 viewers with signed-in sessions (50 different people whose groups
// are the demo users', sealed with the server's secret like a sign-in would; no refresh token, so the IdP is
// not involved) each loop over the overview, access, network and certificates pages and the JSON routes for
// VIGIL_LOAD_SECONDS (default 60), on the bundled demo and on the large demo (200 namespaces,
// dev/scripts/generate-large-demo.ts). Reports req/s, p50/p95/p99 latency, errors, the server's peak RSS and
// CPU time. A benchmark, never a test. The Network page's latency includes its graph's JSON when its client
// fetches it as it opens (a graph too large for the page to carry).
//
// Each input is measured with one app instance and with two (VIGIL_LOAD_INSTANCES, default "1,2"), as the
// chart's two replicas run: one Node process renders on one core, and a second replica is how Vigil uses a
// second. The viewers' connections are spread over the instances as a Service spreads them (in the kernel,
// with no proxy process of its own taking CPU from the servers); each instance holds its own snapshot, so
// memory is reported per instance (the most any one of them held: what a replica's limit must allow) and in
// total.
//
// VIGIL_LOAD_FULL_CACHES=1 measures a replica whose view cache is full, as one serving an organisation for days
// ends up: before the measured minute, each instance is asked for the pages of every namespace (`?ns=`), then
// every page of the Access page's bindings, for each gate, until its view cache (VIGIL_VIEW_CACHE_MEGABYTES, read
// from /metrics) holds 95% of its budget or the variants run out. The row then says how full it was.
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
/**
 * What a page's client fetches as it opens, timed with the page (a first visit: no ETag of an earlier answer):
 * the Network page's graph when the page does not carry it (larger than VIGIL_GRAPH_INLINE_KIB).
 */
const GRAPH = "/api/network/graph";
const GROUPS = [["team-frontend"], ["security-reviewers"], []] as const;
const INSTANCES = (process.env.VIGIL_LOAD_INSTANCES ?? "1,2").split(",").map(Number);
// The server runs with the chart's Node options (heap cap, young generation), as a replica runs.
// VIGIL_LOAD_NODE_OPTIONS replaces them: "" for V8's own defaults, `--cpu-prof --cpu-prof-dir=...` to profile.
const NODE_OPTIONS = process.env.VIGIL_LOAD_NODE_OPTIONS ?? chartNodeOptions();
const FULL_CACHES = process.env.VIGIL_LOAD_FULL_CACHES === "1";
// VIGIL_LOAD_WARMUP_SECONDS: the viewers first load the servers this long unmeasured, as a replica that has
// served before (compiled code, computed views); 0 by default: the measured minute starts at /readyz.
const WARMUP_SECONDS = Number(process.env.VIGIL_LOAD_WARMUP_SECONDS ?? 0);
// The servers inherit this environment: VIGIL_VIEW_CACHE_MEGABYTES set for the benchmark is their budget too.
const VIEW_CACHE_BUDGET = viewCacheMaxBytes(process.env);

/**
 * One GET as a browser sends it (gzip accepted, the session cookie, the connection kept alive), reading the
 * whole answer. With node:http rather than fetch, and without inflating the gzip a browser would inflate on
 * its own machine: the load generator shares this machine's two cores with the servers it measures, and
 * with fetch it took a quarter of a core (7.7 s of CPU in a 30 s run on the demo; this way, 2 s). With `read`,
 * the answer is kept and inflated, and its text returned (a viewer's first Network page, once).
 */
function getPage(
  agent: Agent,
  port: number,
  path: string,
  cookie: string,
  read = false,
): Promise<{ status: number; text?: string }> {
  return new Promise((resolve, reject) => {
    const req = get(
      { host: "127.0.0.1", port, path, agent, headers: { cookie, "accept-encoding": "gzip, deflate, br" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          if (read) chunks.push(chunk);
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (!read) return resolve({ status });
          try {
            resolve({ status, text: inflated(Buffer.concat(chunks), res.headers["content-encoding"]) });
          } catch (err) {
            reject(err as Error);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

function inflated(body: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return gunzipSync(body).toString("utf8");
  if (encoding === "br") return brotliDecompressSync(body).toString("utf8");
  if (encoding === "deflate") return inflateSync(body).toString("utf8");
  return body.toString("utf8");
}

/**
 * Whether a Network page leaves its graph to its client (a graph over VIGIL_GRAPH_INLINE_KIB), read from the page
 * as its client reads it: the page hands the client component its graph (`inlineGraph`) or only its URL, or
 * draws no graph at all (a viewer who may read no workload).
 */
function pageFetchesGraph(html: string): boolean {
  return html.includes(GRAPH) && !html.includes("inlineGraph");
}

/** The view cache's estimated bytes, from the instance's /metrics. */
async function viewCacheBytes(port: number, metricsToken: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  const line = (await res.text()).split("\n").find((l) => l.startsWith('vigil_cache_bytes{cache="views"}'));
  if (res.status !== 200 || line === undefined) throw new Error(`/metrics on ${port}: HTTP ${res.status}`);
  return Number(line.split(" ")[1]);
}

/**
 * Fills an instance's view cache (VIGIL_LOAD_FULL_CACHES): every page for every namespace, and every page of
 * bindings, for each gate's viewer, four requests at a time, until 95% of the budget is held. Returns the bytes
 * held then.
 */
async function fillViewCache(port: number, gateCookies: string[], metricsToken: string): Promise<number> {
  // The namespaces as the security reviewers' gate (GROUPS[1]) sees them: every one.
  const listed = (await (
    await fetch(`http://127.0.0.1:${port}/api/namespaces`, { headers: { cookie: gateCookies[1] ?? "" } })
  ).json()) as { namespaces: { name: string }[] };
  // A namespace's views first: they share the least with each other, so they weigh the most in the heap for
  // their estimated bytes.
  const variants = [
    ...listed.namespaces.flatMap(({ name }) =>
      ["/", "/access", "/network", "/certificates"].map((page) => `${page}?ns=${encodeURIComponent(name)}`),
    ),
    ...Array.from({ length: 100 }, (_, i) => `/access?start=${i * 50}`),
  ].flatMap((url) => gateCookies.map((cookie) => ({ url, cookie })));
  let next = 0;
  let done = 0;
  let held = 0;
  const worker = async () => {
    while (next < variants.length && held < 0.95 * VIEW_CACHE_BUDGET) {
      const v = variants[next++];
      if (!v) break;
      const res = await fetch(`http://127.0.0.1:${port}${v.url}`, { headers: { cookie: v.cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`filling the view cache: ${v.url} answered ${res.status}`);
      // Every 20 answers, how full the cache is now.
      if (++done % 20 === 0) held = await viewCacheBytes(port, metricsToken);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return viewCacheBytes(port, metricsToken);
}

async function run(label: string, instanceCount: number, env: Record<string, string>) {
  const secret = randomBytes(32).toString("base64url");
  const metricsToken = randomBytes(32).toString("base64url");
  const ports = Array.from({ length: instanceCount }, (_, i) => PORT + i);
  // One after the other: two starting at once would each take the other's core while loading the input.
  const servers: Awaited<ReturnType<typeof startApp>>[] = [];
  for (const port of ports) {
    servers.push(
      await startApp(port, {
        ...env,
        NEXTAUTH_SECRET: secret,
        // One public address, as behind a Service: a session sealed by one instance opens on every other.
        NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
        VIGIL_MODE: "snapshot",
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_OPTIONS,
        ...(FULL_CACHES ? { VIGIL_METRICS_TOKEN: metricsToken } : {}),
      }),
    );
  }
  const cookies = await Promise.all(
    Array.from({ length: VIEWERS }, (_, i) =>
      sealedSessionCookie(secret, `viewer-${i}`, GROUPS[i % GROUPS.length] ?? []),
    ),
  );
  // One viewer of each gate (viewer i has the groups GROUPS[i % GROUPS.length]).
  const viewCache = FULL_CACHES
    ? await Promise.all(ports.map((p) => fillViewCache(p, cookies.slice(0, GROUPS.length), metricsToken)))
    : [];
  // Memory from the first request on, warm-up included (what a replica's limit must allow); CPU, latencies and
  // throughput over the measured seconds only. Errors in the warm-up count too.
  const rss = servers.map((s) => sampleRss(s.pid));
  const latencies: number[] = [];
  const byRoute = new Map<string, number[]>(ROUTES.map((r) => [r, []]));
  const errors: string[] = [];
  const started = performance.now() + WARMUP_SECONDS * 1000;
  const end = started + SECONDS * 1000;
  let cpuBefore = servers.map((s) => treeCpuSeconds(s.pid));
  let clientBefore = process.cpuUsage();
  const measuring = setTimeout(() => {
    cpuBefore = servers.map((s) => treeCpuSeconds(s.pid));
    clientBefore = process.cpuUsage();
  }, WARMUP_SECONDS * 1000);
  await Promise.all(
    cookies.map(async (cookie, v) => {
      // A viewer's connections go to one instance, as a Service's session affinity or a kept-alive
      // connection would send them.
      const port = ports[v % ports.length] ?? PORT;
      // A viewer's own connection, kept alive between its requests as a browser keeps it.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      // Whether this viewer's Network page leaves the graph to its client: read from their first one.
      let fetchesGraph: boolean | undefined;
      for (let i = v; performance.now() < end; i++) {
        const route = ROUTES[i % ROUTES.length] ?? "/";
        const t = performance.now();
        try {
          // A page and what its client fetches before it shows (the Network page's graph): one page view.
          const res = await getPage(
            agent,
            port,
            route,
            cookie,
            route === "/network" && fetchesGraph === undefined,
          );
          if (res.status !== 200) errors.push(`${route} ${res.status}`);
          if (res.text !== undefined && res.status === 200) fetchesGraph = pageFetchesGraph(res.text);
          if (route === "/network" && fetchesGraph) {
            const graph = await getPage(agent, port, GRAPH, cookie);
            if (graph.status !== 200) errors.push(`${GRAPH} ${graph.status}`);
          }
        } catch (err) {
          // A reset or a closed keep-alive socket: its code is what matters.
          const code = (err as Error & { code?: string }).code;
          errors.push(`${route} ${(err as Error).message}${code ? ` (${code})` : ""}`);
        }
        if (t >= started) {
          latencies.push(performance.now() - t);
          byRoute.get(route)?.push(performance.now() - t);
        }
      }
      agent.destroy();
    }),
  );
  clearTimeout(measuring);
  const wall = (performance.now() - started) / 1000;
  const peaks = rss.map((r) => r.stop());
  const cpu = servers.reduce((sum, s, i) => sum + treeCpuSeconds(s.pid) - (cpuBefore[i] ?? 0), 0);
  const client = process.cpuUsage(clientBefore);
  await Promise.all(servers.map((s) => s.stop()));
  console.log(`${label}, ${instanceCount} instance(s): p50 / p95 per route`);
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
    instances: instanceCount,
    viewers: VIEWERS,
    requests: latencies.length,
    reqPerS: Math.round(latencies.length / wall),
    p50Ms: Math.round(percentile(latencies, 50)),
    p95Ms: Math.round(percentile(latencies, 95)),
    p99Ms: Math.round(percentile(latencies, 99)),
    errors: errors.length,
    firstErrors: [...new Set(errors)].slice(0, 3).join("; "),
    ...(WARMUP_SECONDS > 0 ? { warmupS: WARMUP_SECONDS } : {}),
    ...(FULL_CACHES
      ? {
          viewCacheMiB: Math.round(Math.min(...viewCache) / 1024 / 1024),
          viewCacheBudgetMiB: Math.round(VIEW_CACHE_BUDGET / 1024 / 1024),
        }
      : {}),
    peakRssMiB: Math.max(...peaks),
    totalRssMiB: peaks.reduce((a, b) => a + b, 0),
    serverCpuS: Math.round(cpu),
    // The load generator's own CPU: what it took from the two cores the servers run on.
    clientCpuS: Math.round((client.user + client.system) / 1e6),
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
for (const n of INSTANCES) {
  if (only.includes("demo")) rows.push(await run("the demo", n, { VIGIL_MANIFESTS: "" }));
  if (only.includes("large"))
    rows.push(await run("large demo, 200 namespaces", n, { VIGIL_MANIFESTS: large }));
}
console.log(`server NODE_OPTIONS: ${NODE_OPTIONS || "(none: V8's defaults)"}`);
printTable(rows);
console.log(`BENCH_JSON ${JSON.stringify({ load: rows, nodeOptions: NODE_OPTIONS })}`);
