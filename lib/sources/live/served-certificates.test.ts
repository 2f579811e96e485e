import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCertificate, type IssuedCertificate } from "@/lib/certs/issue-certificate";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { x509 } from "@/lib/certs/x509";
import {
  planServedCertificates,
  readServedCertificate,
  type ConnectTls,
  type HandshakeOptions,
} from "@/lib/sources/live/served-certificates";
import { addressChecker } from "@/lib/sources/live/handshake-address-policy";
import { emptySnapshot, type Ingress } from "@/lib/model/types";

// Real handshakes against TLS servers started here on 127.0.0.1: one that picks its certificate by SNI and
// sends an intermediate, one that accepts TCP and never speaks TLS, and a closed port. Loopback is refused
// unless allowed, so these tests allow 127.0.0.0/8 explicitly; the refusals are tested with a connect function
// that records every call (a refused target must never reach it).

const NOW = new Date("2030-06-15T12:00:00Z");
const DAY = 86_400_000;
const source = { kind: "Ingress", namespace: "shop", name: "web" };

async function keyPem(c: IssuedCertificate): Promise<string> {
  if (!c.keys) throw new Error("no key");
  const der = await globalThis.crypto.subtle.exportKey("pkcs8", c.keys.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let shop: IssuedCertificate;
let other: IssuedCertificate;
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
  root = await issueCertificate({ subject: "CN=root", ca: true, ...window });
  intermediate = await issueCertificate({ subject: "CN=intermediate", ca: true, issuer: root, ...window });
  shop = await issueCertificate({
    subject: "CN=shop.test",
    issuer: intermediate,
    dnsNames: ["shop.test"],
    ...window,
  });
  other = await issueCertificate({ subject: "CN=default", dnsNames: ["default.test"], ...window });
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

/** Loopback allowed, as an operator would allow a range with VIGIL_HANDSHAKE_ALLOWED_RANGES. */
const LOOPBACK_ALLOWED: HandshakeOptions = {
  timeoutMs: 3000,
  check: addressChecker({ allowed: ["127.0.0.0/8"], cluster: [] }),
};
const DEFAULT_POLICY = addressChecker({ allowed: [], cluster: [] });

/** A connect function that records its calls and then dials for real (loopback only, in these tests). */
function recordingConnect(): { connect: ConnectTls; calls: tls.ConnectionOptions[] } {
  const calls: tls.ConnectionOptions[] = [];
  return {
    calls,
    connect: (options) => {
      calls.push(options);
      return tls.connect(options);
    },
  };
}

function ingressWith(loadBalancer: Ingress["loadBalancer"], hosts: string[]): Ingress {
  return {
    namespace: "shop",
    name: "web",
    labels: {},
    annotations: {},
    rules: [],
    tls: [{ hosts, secretName: "a" }],
    loadBalancer,
  };
}

describe("readServedCertificate", () => {
  it("reads the chain served for the SNI name, leaf first, intermediates included", async () => {
    const { connect, calls } = recordingConnect();
    const served = await readServedCertificate(
      { source, host: "shop.test", address: "127.0.0.1", port: tlsPort },
      { ...LOOPBACK_ALLOWED, connect },
    );
    expect(served.error).toBeUndefined();
    expect(calls.map((c) => [c.host, c.servername])).toEqual([["127.0.0.1", "shop.test"]]);
    const subjects = x509.PemConverter.decode(served.chain ?? "").map(
      (der) => new x509.X509Certificate(der).subject,
    );
    expect(subjects).toEqual(["CN=shop.test", "CN=intermediate"]);
  });

  it("gets the default certificate for another name, and the scan sees the difference", async () => {
    const served = await readServedCertificate(
      { source, host: "unknown.test", address: "127.0.0.1", port: tlsPort },
      LOOPBACK_ALLOWED,
    );
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
            loadBalancer: [{ ip: "127.0.0.1" }],
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
    const served = await readServedCertificate(
      { source, host: "shop.test", address: "127.0.0.1", port: closedPort },
      LOOPBACK_ALLOWED,
    );
    expect(served).toEqual({
      source,
      host: "shop.test",
      port: closedPort,
      address: "127.0.0.1",
      notRead: "unreachable",
      error: "unreachable: connection refused",
    });
  });

  it("gives up on an endpoint that never completes a handshake", async () => {
    const served = await readServedCertificate(
      { source, host: "shop.test", address: "127.0.0.1", port: silentPort },
      { ...LOOPBACK_ALLOWED, timeoutMs: 300 },
    );
    expect(served.chain).toBeUndefined();
    expect(served.error).toBe("unreachable: no TLS handshake within 300 ms");
  });

  it.each([
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "a cloud metadata endpoint"],
    ["fd00:ec2::254", "a cloud metadata endpoint"],
    ["10.1.2.3", "private (RFC 1918)"],
    ["::ffff:169.254.169.254", "a cloud metadata endpoint"],
  ])("refuses %s (%s) before any packet is sent", async (address, why) => {
    const { connect, calls } = recordingConnect();
    const lookups: string[] = [];
    const served = await readServedCertificate(
      { source, host: "shop.test", address, port: tlsPort },
      {
        timeoutMs: 300,
        check: DEFAULT_POLICY,
        connect,
        lookup: async (h) => {
          lookups.push(h);
          return [];
        },
      },
    );
    expect(served.notRead).toBe("refused");
    expect(served.error).toBe(`refused: ${address} is ${why}`);
    expect(served.chain).toBeUndefined();
    expect(calls).toEqual([]);
    expect(lookups).toEqual([]);
  });

  it("resolves a load-balancer host name, refuses it when any address is refused, and never dials", async () => {
    const { connect, calls } = recordingConnect();
    const served = await readServedCertificate(
      { source, host: "shop.test", address: "lb.example.net", port: tlsPort },
      {
        timeoutMs: 300,
        check: DEFAULT_POLICY,
        connect,
        lookup: async () => ["203.0.113.7", "169.254.169.254"],
      },
    );
    expect(served.notRead).toBe("refused");
    expect(served.error).toBe(
      "refused: lb.example.net resolves to a refused address (169.254.169.254 is a cloud metadata endpoint)",
    );
    expect(calls).toEqual([]);
  });

  it("dials the address a host name resolved to, with the TLS host as SNI (no second lookup)", async () => {
    const { connect, calls } = recordingConnect();
    const served = await readServedCertificate(
      { source, host: "shop.test", address: "lb.example.net", port: tlsPort },
      { ...LOOPBACK_ALLOWED, connect, lookup: async () => ["127.0.0.1"] },
    );
    expect(served.chain).toBeDefined();
    expect(calls.map((c) => [c.host, c.port, c.servername])).toEqual([["127.0.0.1", tlsPort, "shop.test"]]);
  });

  it("dials the API server named by the operator without the address check", async () => {
    const { connect, calls } = recordingConnect();
    const served = await readServedCertificate(
      {
        source: { kind: "APIServer", name: "kube-apiserver" },
        host: "127.0.0.1",
        address: "127.0.0.1",
        port: tlsPort,
        trusted: true,
      },
      { timeoutMs: 3000, check: DEFAULT_POLICY, connect },
    );
    expect(served.chain).toBeDefined();
    // An IP literal is never sent as SNI.
    expect(calls.map((c) => [c.host, c.servername])).toEqual([["127.0.0.1", undefined]]);
  });
});

describe("planServedCertificates", () => {
  const plan = (ingresses: Ingress[], perSnapshot = 64) =>
    planServedCertificates(
      { ...emptySnapshot(), ingresses },
      { apiServer: { host: "10.0.0.1", port: 6443 }, check: DEFAULT_POLICY, perSnapshot },
    );

  it("plans the API server first, then each Ingress TLS host once at its load balancer, skipping wildcards", () => {
    const planned = plan([
      ingressWith([{ ip: "203.0.113.7" }], ["shop.example.com", "*.example.com", "shop.example.com"]),
    ]);
    expect(planned.map((p) => [p.source.kind, p.host, p.port, p.address, p.notRead])).toEqual([
      ["APIServer", "10.0.0.1", 6443, "10.0.0.1", "pending"],
      ["Ingress", "shop.example.com", 443, "203.0.113.7", "pending"],
    ]);
  });

  it("refuses an Ingress without a load-balancer address: its host names say nothing about where it is served", () => {
    const planned = plan([ingressWith([], ["169.254.169.254"])]);
    expect(planned[1]).toEqual({
      source,
      host: "169.254.169.254",
      port: 443,
      notRead: "refused",
      error: "refused: the Ingress has no load-balancer address in its status",
    });
  });

  it("refuses a load-balancer IP in a refused range at once, and keeps a host name for the background check", () => {
    const planned = plan([
      ingressWith([{ ip: "127.0.0.1" }], ["a.example.com"]),
      { ...ingressWith([{ hostname: "lb.example.net" }], ["b.example.com"]), name: "other" },
    ]);
    expect(planned.slice(1).map((p) => [p.address, p.notRead, p.error])).toEqual([
      ["127.0.0.1", "refused", "refused: 127.0.0.1 is loopback"],
      ["lb.example.net", "pending", "handshake pending: shown on a later page load"],
    ]);
  });

  it("lists endpoints beyond the per-snapshot budget as refused, never as read", () => {
    const hosts = Array.from({ length: 5 }, (_, i) => `h${i}.example.com`);
    const planned = plan([ingressWith([{ ip: "203.0.113.7" }], hosts)], 3);
    // The API server and two hosts fit; three hosts are over.
    expect(planned.map((p) => p.notRead)).toEqual([
      "pending",
      "pending",
      "pending",
      "refused",
      "refused",
      "refused",
    ]);
    expect(planned[5]?.error).toBe("refused: over the budget of 3 handshakes per snapshot");
  });
});
