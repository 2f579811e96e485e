import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { chartNodeOptions, printTable, sampleRss, treeCpuSeconds, treeRssMiB } from "@/dev/bench/measure";
import { adminClient, type AdminClient } from "@/dev/cluster/admin-client";
import { startApp } from "@/dev/cluster/app-harness";
import { paths } from "@/dev/cluster/config";
import { requireControlPlane } from "@/dev/cluster/live-testing";
import { collectionPath } from "@/dev/cluster/seed";
import { generateClusterObjects } from "@/dev/generator/generate-cluster";

// `npm run bench -- live`: Vigil in serviceaccount mode on the local control plane (`npm run cluster -- up`,
// then this adds 10,000 generated pods: 200 namespaces of 50, with 10 policies each, 1,000 roles and 4,000
// bindings; seed 42) against the production build. Measures the time from start to the first ready snapshot
// (/readyz), the first page for a new identity (its SubjectAccessReviews), the time for a NetworkPolicy
// created in the cluster to show on the page, and the server's memory and CPU. A benchmark, never a test.

const PORT = Number(process.env.PORT ?? 3000);
// The server runs as a replica of the chart runs (heap cap, young generation); VIGIL_LIVE_NODE_OPTIONS replaces the
// chart's Node options ("" for V8's defaults).
const NODE_OPTIONS = process.env.VIGIL_LIVE_NODE_OPTIONS ?? chartNodeOptions();
const objects = generateClusterObjects({
  seed: 42,
  namespaces: 200,
  podsPerNamespace: 50,
  policiesPerNamespace: 10,
  roles: 1000,
  bindings: 4000,
});

function meta(o: Record<string, unknown>): { name: string; namespace?: string } {
  return o["metadata"] as { name: string; namespace?: string };
}

/** Creates what is missing, 16 at a time; namespaces first. Existing objects are left as they are. */
async function seed(client: AdminClient): Promise<number> {
  // Seeded by an earlier, complete run (the last object is asked for last): 23,000
  // requests answered 409 would only cost minutes.
  const last = objects.at(-1);
  if (last && (await client.request("GET", `${collectionPath(last)}/${meta(last).name}`)).status === 200)
    return 0;
  const first = objects.filter((o) => o["kind"] === "Namespace");
  const rest = objects.filter((o) => o["kind"] !== "Namespace");
  let created = 0;
  for (const batch of [first, rest]) {
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const o = batch[next++];
        if (!o) continue;
        const res = await client.request("POST", collectionPath(o), o);
        if (res.status === 201) created++;
        else if (res.status !== 409)
          throw new Error(`creating ${meta(o).name}: HTTP ${res.status} ${res.text}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  }
  return created;
}

requireControlPlane();
const client = adminClient();
const seedStart = performance.now();
const created = await seed(client);
const seedS = (performance.now() - seedStart) / 1000;
const pods = objects.filter((o) => o["kind"] === "Pod");
console.log(`seeded ${created} objects (${pods.length} generated pods) in ${seedS.toFixed(0)} s`);

const secret = randomBytes(32).toString("base64url");
const started = performance.now();
const app = await startApp(
  PORT,
  {
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    VIGIL_MODE: "serviceaccount",
    VIGIL_KUBECONFIG: paths.vigilKubeconfig,
    VIGIL_TLS_HANDSHAKES: "off",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_OPTIONS,
  },
  600_000,
);
// Stopped however the measurement ends: a server left on the port would answer the next run in its place.
try {
  const readyS = (performance.now() - started) / 1000;
  const rss = sampleRss(app.pid);
  const cpuAtReady = treeCpuSeconds(app.pid);
  const rssAtReady = treeRssMiB(app.pid);

  const now = Math.floor(Date.now() / 1000);
  const cookie = `next-auth.session-token=${await encode({
    token: {
      sid: "live-bench",
      sub: "bob",
      username: "bob@example.com",
      name: "Bob",
      groups: ["security-reviewers"],
      idToken: "live-bench",
      issuedAt: now,
      expiresAt: now + 3600,
    },
    secret,
  })}`;
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { cookie }, redirect: "manual" });
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  };

  // Two pods of one generated namespace: a policy that lets any pod of the namespace reach the second names
  // itself in the page's explanation of that connection once Vigil has seen it.
  const [a, b] = pods.slice(0, 2).map((p) => meta(p));
  if (!a || !b) throw new Error("the generator made no pods");
  const explain = `/network?from=${a.namespace}%2F${a.name}&to=${b.namespace}%2F${b.name}&at=TCP%2F8080`;
  const firstPage = performance.now();
  const before = await get(explain);
  const firstPageS = (performance.now() - firstPage) / 1000;
  if (before.status !== 200) {
    throw new Error(
      `the network page answered ${before.status} ${before.location ?? ""} (the app's log: .cluster/app-${PORT}.log)`,
    );
  }
  const again = performance.now();
  await get(explain);
  const againMs = performance.now() - again;

  const name = `bench-probe-${Date.now()}`;
  const policy = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: b.namespace },
    spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080 }] }] },
  };
  const changed = performance.now();
  const res = await client.request("POST", collectionPath(policy), policy);
  if (res.status !== 201) throw new Error(`creating the policy: HTTP ${res.status}`);
  let polls = 0;
  for (;;) {
    polls++;
    if ((await get(explain)).text.includes(`${b.namespace}/${name}`)) break;
    if (performance.now() - changed > 300_000) throw new Error("the policy did not show within 5 minutes");
  }
  const showS = (performance.now() - changed) / 1000;
  await client.request("DELETE", `${collectionPath(policy)}/${name}`);

  const peak = rss.stop();
  const cpu = treeCpuSeconds(app.pid);

  const row = {
    pods: pods.length,
    objects: objects.length,
    firstReadyS: Number(readyS.toFixed(1)),
    cpuToReadyS: Number(cpuAtReady.toFixed(1)),
    firstPageNewIdentityS: Number(firstPageS.toFixed(1)),
    samePageAgainMs: Math.round(againMs),
    policyShowsS: Number(showS.toFixed(1)),
    pollsUntilShown: polls,
    rssAtReadyMiB: rssAtReady,
    peakRssMiB: peak,
    serverCpuS: Math.round(cpu),
  };
  console.log(`server NODE_OPTIONS: ${NODE_OPTIONS || "(none: V8's defaults)"}`);
  printTable([row]);
  console.log(`BENCH_JSON ${JSON.stringify({ ...row, nodeOptions: NODE_OPTIONS })}`);
} finally {
  await app.stop();
  client.close();
}
