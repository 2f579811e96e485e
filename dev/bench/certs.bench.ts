import { percentile, peakRssMiB, printTable, time } from "@/dev/bench/measure";
import { seededRandom } from "@/dev/generator/generate-cluster";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { issueCertificate } from "@/lib/certs/issue-certificate";
import { emptySnapshot, type Ingress, type SecretMeta, type Snapshot } from "@/lib/model/types";

// The certificate scan over 5,000 certificates (target: under 2 s): 5,000 TLS Secrets across 100 namespaces,
// each leaf signed by one of 10 issuing CAs shipped in its `ca.crt` (so every chain is verified), half of
// them served on an Ingress (host coverage, self-signed checks), plus the cluster CA in every namespace.
// Generation is seeded (subjects, hosts, validity windows, which CA signs); ECDSA keys and signatures are
// random by nature, which does not change the work the scan does.

const LEAVES = Number(process.env.CERTS_BENCH_LEAVES ?? 5000);
const CAS = 10;
const NAMESPACES = 100;
const KEYS = 50;
const NOW = new Date("2030-01-01T00:00:00Z");
const DAY = 86_400_000;
const rnd = seededRandom(42);

const genStart = performance.now();
const newKeys = () =>
  globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]) as Promise<CryptoKeyPair>;
// Leaves share a pool of keys: key generation is not what is measured, certificates still all differ.
const keys = await Promise.all(Array.from({ length: KEYS }, newKeys));
const cas = await Promise.all(
  Array.from({ length: CAS }, async (_, i) =>
    issueCertificate({
      subject: `CN=issuing-ca-${i}`,
      ca: true,
      key: await newKeys(),
      serialNumber: (1000 + i).toString(16),
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() + 2000 * DAY),
    }),
  ),
);
const clusterCa = cas[0]?.pem ?? "";
const secrets: SecretMeta[] = [];
const ingresses: Ingress[] = [];
for (let i = 0; i < LEAVES; i++) {
  const namespace = `ns-${i % NAMESPACES}`;
  const ca = cas[Math.floor(rnd() * CAS)];
  const key = keys[i % KEYS];
  if (!ca || !key) throw new Error("generation");
  const host = `app-${i}.ns-${i % NAMESPACES}.example.com`;
  const notAfter = NOW.getTime() + Math.floor(rnd() * 460 - 60) * DAY;
  const cert = await issueCertificate({
    subject: `CN=${host}`,
    issuer: ca,
    key,
    serialNumber: (100000 + i).toString(16),
    // One in a hundred not yet valid (a clock-skewed issuer); the rest issued long before `NOW`.
    notBefore: new Date(rnd() < 0.01 ? NOW.getTime() + 5 * DAY : notAfter - 500 * DAY),
    notAfter: new Date(notAfter),
    dnsNames: [rnd() < 0.9 ? host : `other-${i}.example.com`],
  });
  secrets.push({
    namespace,
    name: `tls-${i}`,
    type: "kubernetes.io/tls",
    keys: ["ca.crt", "tls.crt", "tls.key"],
    tls: { certificate: cert.pem, caCertificate: ca.pem },
  });
  if (i % 2 === 0) {
    ingresses.push({
      namespace,
      name: `web-${i}`,
      labels: {},
      annotations: {},
      rules: [{ host, paths: [] }],
      tls: [{ hosts: [host], secretName: `tls-${i}` }],
      loadBalancer: [],
    });
  }
}
const generationMs = performance.now() - genStart;

const snapshot: Snapshot = {
  ...emptySnapshot(),
  secrets,
  ingresses,
  configMaps: Array.from({ length: NAMESPACES }, (_, i) => ({
    namespace: `ns-${i}`,
    name: "kube-root-ca.crt",
    certificates: { "ca.crt": clusterCa },
  })),
};

const runs: number[] = [];
const cpuRuns: number[] = [];
let last = scanCertificates(snapshot, { now: NOW }); // warm-up: module code paths, OpenSSL contexts
for (let r = 0; r < 5; r++) {
  const cpu = process.cpuUsage();
  const t = time(() => scanCertificates(snapshot, { now: NOW }));
  const used = process.cpuUsage(cpu);
  // CPU time as well as wall time: on a shared machine the wall clock also counts other people's work.
  cpuRuns.push((used.user + used.system) / 1000);
  runs.push(t.ms);
  last = t.result;
}
const parsed = last.certificates.length;
const findings = last.certificates.reduce((n, c) => n + c.findings.length, 0) + last.findings.length;
const byStatus = Object.fromEntries(
  ["expired", "critical", "warning", "ok", "not-yet-valid"].map((s) => [
    s,
    last.certificates.filter((c) => c.status === s).length,
  ]),
);
const median = percentile(runs, 50);
const cpuMedian = percentile(cpuRuns, 50);
const perCertUs = (median * 1000) / parsed;

printTable([
  { measure: "certificates scanned (leaves + ca.crt + cluster CA maps)", value: parsed },
  { measure: "findings", value: findings },
  { measure: "generation (not measured below), ms", value: Math.round(generationMs) },
  { measure: "scan, median of 5, ms", value: Math.round(median) },
  { measure: "scan, worst of 5, ms", value: Math.round(Math.max(...runs)) },
  { measure: "scan CPU time, median of 5, ms", value: Math.round(cpuMedian) },
  { measure: "per certificate, µs", value: Math.round(perCertUs) },
  { measure: "target, ms", value: 2000 },
  { measure: "peak RSS, MiB", value: peakRssMiB() },
]);
console.log("statuses:", byStatus);
console.log(
  `BENCH_JSON ${JSON.stringify({ leaves: LEAVES, certificatesScanned: parsed, findings, scanMedianMs: Math.round(median), scanMaxMs: Math.round(Math.max(...runs)), scanCpuMedianMs: Math.round(cpuMedian), perCertificateUs: Math.round(perCertUs), targetMs: 2000, withinTarget: median < 2000, cpuWithinTarget: cpuMedian < 2000, peakRssMiB: peakRssMiB(), statuses: byStatus })}`,
);
