import { sealedSessionCookie } from "@/dev/cluster/app-harness";

// `NEXTAUTH_SECRET=... npx tsx dev/bench/what-if-load.ts http://127.0.0.1:PORT`: against a running production
// build (next start) sharing that secret, measures what 8 viewers' simultaneous what-ifs do to another viewer's
// latency, and what the 560-except policy of the security report gets. Sessions are sealed here (no refresh
// token, so no IdP is involved). A benchmark, never a test.

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const secret = process.env.NEXTAUTH_SECRET ?? "";
if (secret.length < 32) throw new Error("NEXTAUTH_SECRET (the server's) is required");

function policy(excepts: number): string {
  const list = Array.from({ length: excepts }, (_, i) => `"${(i * 117 + 1).toString(16)}::1/128"`).join(",");
  const text = `{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"namespace":"g04","name":"w"},"spec":{"podSelector":{},"policyTypes":["Egress"],"egress":[{"to":[{"ipBlock":{"cidr":"::/0","except":[${list}]}}]}]}}`;
  return Buffer.from(text).toString("base64url");
}

async function timed(url: string, cookie: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.arrayBuffer();
  return { ms: Math.round(performance.now() - t), status: res.status, bytes: body.byteLength };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

const alice = await sealedSessionCookie(secret, "alice", ["security-reviewers"]);
const attackers = await Promise.all(
  Array.from({ length: 8 }, (_, i) => sealedSessionCookie(secret, `m${i}`, ["security-reviewers"])),
);
const probe = `${base}/api/namespaces`;
await timed(probe, alice);

const quiet: number[] = [];
for (let i = 0; i < 10; i++) quiet.push((await timed(probe, alice)).ms);

for (const excepts of [560, 64]) {
  const url = `${base}/api/network/what-if?policy=${policy(excepts)}`;
  const single = await timed(url, attackers[0] ?? "");
  const busy: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) busy.push((await timed(probe, alice)).ms);
  })();
  const runs = await Promise.all(attackers.map((c) => timed(url, c)));
  done = true;
  await poll;
  console.log(
    JSON.stringify({
      excepts,
      single,
      concurrent: {
        statuses: runs.map((r) => r.status),
        maxMs: Math.max(...runs.map((r) => r.ms)),
        maxBytes: Math.max(...runs.map((r) => r.bytes)),
      },
      otherViewer: {
        quietP50: pct(quiet, 0.5),
        quietMax: Math.max(...quiet),
        busyP50: pct(busy, 0.5),
        busyMax: Math.max(...busy),
        samples: busy.length,
      },
    }),
  );
}
