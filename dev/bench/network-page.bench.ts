import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { printTable, treeCpuSeconds, treeRssMiB } from "@/dev/bench/measure";
import { sealedSessionCookie, startApp } from "@/dev/cluster/app-harness";

// `npm run bench -- network-page`: what serving the Network page of an organisation costs, against the
// production build (`next build` first), in snapshot mode, for one signed-in viewer who reads everything
// (security-reviewers): on the large demo (200 namespaces, 20 pods each) and on the benchmarks' 10,000-pod
// cluster (200 namespaces, 50 pods each; dev/scripts/generate-large-demo.ts, seed 42). Per input: the first page
// (view model computed), the same page again (view model cached: what remains is rendering and sending), the
// same page as a client-side navigation would fetch it (the RSC payload, `RSC: 1`), and one page of the
// connection list from its API route; bytes, wall time and the server's CPU time of each. A benchmark, never a test.

const ROOT = join(import.meta.dirname, "..", "..");
const PORT = Number(process.env.PORT ?? 3000);

function largeCluster(podsPerNamespace: number): Promise<string> {
  const file = join(ROOT, ".vigil-dev", `large-cluster-200x${podsPerNamespace}.json`);
  if (existsSync(file)) return Promise.resolve(file);
  const gen = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "dev", "scripts", "generate-large-demo.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        VIGIL_LARGE_OUT: file,
        VIGIL_LARGE_NAMESPACES: "200",
        VIGIL_LARGE_PODS_PER_NAMESPACE: String(podsPerNamespace),
      },
      stdio: "inherit",
    },
  );
  return new Promise((resolve, reject) =>
    gen.once("exit", (code) => (code === 0 ? resolve(file) : reject(new Error(`generator exited ${code}`)))),
  );
}

async function run(label: string, manifests: string) {
  const secret = randomBytes(32).toString("base64url");
  const server = await startApp(PORT, {
    VIGIL_MANIFESTS: manifests,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    VIGIL_MODE: "snapshot",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const cookie = await sealedSessionCookie(secret, "reviewer", ["security-reviewers"]);
  const rows: Record<string, string | number>[] = [];
  const get = async (request: string, path: string, headers: Record<string, string> = {}) => {
    const cpu = treeCpuSeconds(server.pid);
    const t = performance.now();
    const res = await fetch(`${server.url}${path}`, {
      headers: { cookie, ...headers },
      // An RSC request is sent on to its cache-busting URL (`?_rsc=`), as the browser would be.
      redirect: headers.RSC ? "follow" : "manual",
    });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.headers.get("location") ?? ""}`);
    rows.push({
      input: label,
      request,
      status: res.status,
      kB: Math.round(body.byteLength / 1024),
      ms: Math.round(ms),
      serverCpuMs: Math.round((treeCpuSeconds(server.pid) - cpu) * 1000),
    });
  };
  try {
    await get("first page", "/network");
    await get("again (cached)", "/network");
    await get("again, RSC payload", "/network", { RSC: "1" });
    await get("connections API, 1 page", "/api/network/connections?limit=100").catch((err: Error) =>
      rows.push({ input: label, request: "connections API, 1 page", status: err.message }),
    );
    rows.push({ input: label, request: "server RSS after", kB: treeRssMiB(server.pid) * 1024 });
  } finally {
    await server.stop();
  }
  return rows;
}

// VIGIL_NETWORK_PAGE_PODS: pods per namespace, comma-separated (default 20, the large demo; 20,50 adds the
// 10,000-pod cluster, whose first page takes minutes on a busy machine).
const rows: Record<string, string | number>[] = [];
for (const pods of (process.env.VIGIL_NETWORK_PAGE_PODS ?? "20").split(",").map(Number)) {
  rows.push(...(await run(`200 namespaces x ${pods} pods`, await largeCluster(pods))));
}
printTable(rows);
console.log(`BENCH_JSON ${JSON.stringify({ networkPage: rows })}`);
