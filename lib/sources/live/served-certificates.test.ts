import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificate, type TestCertificate } from "@/lib/certs/make-test-certificate";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { x509 } from "@/lib/certs/x509";
import {
  addServedCertificates,
  readServedCertificate,
  readServedCertificates,
  servedTargetsFor,
} from "@/lib/sources/live/served-certificates";
import { emptySnapshot } from "@/lib/model/types";

// Real handshakes against TLS servers started here on 127.0.0.1: one that picks its certificate by SNI and
// sends an intermediate, one that accepts TCP and never speaks TLS, and a closed port.

const NOW = new Date("2030-06-15T12:00:00Z");
const DAY = 86_400_000;
const source = { kind: "Ingress", namespace: "shop", name: "web" };

async function keyPem(c: TestCertificate): Promise<string> {
  if (!c.keys) throw new Error("no key");
  const der = await globalThis.crypto.subtle.exportKey("pkcs8", c.keys.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

let root: TestCertificate;
let intermediate: TestCertificate;
let shop: TestCertificate;
let other: TestCertificate;
let tlsServer: tls.Server;
let silentServer: net.Server;
let tlsPort = 0;
let silentPort = 0;
let closedPort = 0;
const silentSockets: net.Socket[] = [];

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
}

beforeAll(async () => {
  const window = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 90 * DAY) };
  root = await makeTestCertificate({ subject: "CN=root", ca: true, ...window });
  intermediate = await makeTestCertificate({ subject: "CN=intermediate", ca: true, issuer: root, ...window });
  shop = await makeTestCertificate({
    subject: "CN=shop.test",
    issuer: intermediate,
    dnsNames: ["shop.test"],
    ...window,
  });
  other = await makeTestCertificate({ subject: "CN=default", dnsNames: ["default.test"], ...window });
  const shopContext = tls.createSecureContext({ key: await keyPem(shop), cert: shop.pem + intermediate.pem });
  tlsServer = tls.createServer({
    key: await keyPem(other),
    cert: other.pem,
    SNICallback: (name, cb) => cb(null, name === "shop.test" ? shopContext : undefined),
  });
  tlsServer.on("secureConnection", (s) => s.end());
  tlsPort = await listen(tlsServer);
  silentServer = net.createServer((socket) => silentSockets.push(socket));
  silentPort = await listen(silentServer);
  const closed = net.createServer();
  closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await Promise.all([new Promise((r) => tlsServer.close(r)), new Promise((r) => silentServer.close(r))]);
});

describe("readServedCertificate", () => {
  it("reads the chain served for the SNI name, leaf first, intermediates included", async () => {
    const served = await readServedCertificate({
      source,
      host: "shop.test",
      address: "127.0.0.1",
      port: tlsPort,
    });
    expect(served.error).toBeUndefined();
    const subjects = x509.PemConverter.decode(served.chain ?? "").map(
      (der) => new x509.X509Certificate(der).subject,
    );
    expect(subjects).toEqual(["CN=shop.test", "CN=intermediate"]);
  });

  it("gets the default certificate for another name, and the scan sees the difference", async () => {
    const served = await readServedCertificate({
      source,
      host: "unknown.test",
      address: "127.0.0.1",
      port: tlsPort,
    });
    const subjects = x509.PemConverter.decode(served.chain ?? "").map(
      (der) => new x509.X509Certificate(der).subject,
    );
    expect(subjects).toEqual(["CN=default"]);
    const scan = scanCertificates(
      {
        ...emptySnapshot(),
        ingresses: [
          {
            namespace: "shop",
            name: "web",
            labels: {},
            annotations: {},
            rules: [],
            tls: [{ hosts: ["unknown.test"], secretName: "shop-tls" }],
          },
        ],
        secrets: [
          {
            namespace: "shop",
            name: "shop-tls",
            type: "kubernetes.io/tls",
            keys: [],
            tls: { certificate: shop.pem },
          },
        ],
        servedCertificates: [served],
      },
      { now: NOW },
    );
    const leaf = scan.certificates.find((c) => c.source.field === "served unknown.test:" + tlsPort);
    expect(leaf?.findings.map((f) => f.rule).sort()).toEqual(["CERT-007", "CERT-010", "CERT-013"]);
  });

  it("reports a closed port as unreachable instead of throwing", async () => {
    const served = await readServedCertificate({ source, host: "127.0.0.1", port: closedPort });
    expect(served).toEqual({
      source,
      host: "127.0.0.1",
      port: closedPort,
      error: "unreachable: connection refused",
    });
  });

  it("gives up on an endpoint that never completes a handshake", async () => {
    const served = await readServedCertificate(
      { source, host: "127.0.0.1", port: silentPort },
      { timeoutMs: 300 },
    );
    expect(served.chain).toBeUndefined();
    expect(served.error).toBe("unreachable: no TLS handshake within 300 ms");
  });

  it("reads many endpoints and keeps their order", async () => {
    const results = await readServedCertificates(
      [
        { source, host: "127.0.0.1", port: closedPort },
        { source, host: "shop.test", address: "127.0.0.1", port: tlsPort },
      ],
      { concurrency: 2 },
    );
    expect(results.map((r) => [r.port, r.chain !== undefined])).toEqual([
      [closedPort, false],
      [tlsPort, true],
    ]);
  });
});

describe("servedTargetsFor", () => {
  it("dials each Ingress TLS host once on 443, skips wildcard hosts, and adds the API server", () => {
    const targets = servedTargetsFor(
      {
        ...emptySnapshot(),
        ingresses: [
          {
            namespace: "shop",
            name: "web",
            labels: {},
            annotations: {},
            rules: [],
            tls: [
              { hosts: ["shop.example.com", "*.example.com"], secretName: "a" },
              { hosts: ["shop.example.com"] },
            ],
          },
        ],
      },
      { host: "10.0.0.1", port: 6443 },
    );
    expect(targets).toEqual([
      { source, host: "shop.example.com", port: 443 },
      { source: { kind: "APIServer", name: "kube-apiserver" }, host: "10.0.0.1", port: 6443 },
    ]);
  });
});

describe("addServedCertificates", () => {
  it("fills servedCertificates with one handshake per endpoint, the API server included", async () => {
    const snapshot = await addServedCertificates(emptySnapshot(), {
      apiServer: { host: "127.0.0.1", port: closedPort },
      timeoutMs: 1000,
    });
    expect(snapshot.servedCertificates).toEqual([
      {
        source: { kind: "APIServer", name: "kube-apiserver" },
        host: "127.0.0.1",
        port: closedPort,
        error: "unreachable: connection refused",
      },
    ]);
  });
});
