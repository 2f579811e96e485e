import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  issueCertificate,
  type IssuedCertificate,
  type CertificateOptions,
} from "@/lib/certs/issue-certificate";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import type { CertScan, ScannedCertificate } from "@/lib/certs/types";
import { emptySnapshot, type Ingress, type SecretMeta, type Snapshot } from "@/lib/model/types";

// Every check of docs/semantics.md §3 on certificates generated here, against a fixed clock.

const NOW = new Date("2030-06-15T12:00:00Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

function make(
  subject: string,
  days: [number, number],
  more: Partial<CertificateOptions> = {},
): Promise<IssuedCertificate> {
  return issueCertificate({ subject, notBefore: at(days[0]), notAfter: at(days[1]), ...more });
}

function tlsSecret(namespace: string, name: string, certificate: string, caCertificate?: string): SecretMeta {
  return {
    namespace,
    name,
    type: "kubernetes.io/tls",
    keys: caCertificate ? ["ca.crt", "tls.crt", "tls.key"] : ["tls.crt", "tls.key"],
    tls: { certificate, ...(caCertificate ? { caCertificate } : {}) },
  };
}

function ingress(namespace: string, name: string, hosts: string[], secretName: string): Ingress {
  return {
    namespace,
    name,
    labels: {},
    annotations: {},
    rules: hosts.map((host) => ({ host, paths: [] })),
    tls: [{ hosts, secretName }],
    loadBalancer: [],
  };
}

function scan(
  parts: Partial<Snapshot>,
  options: { criticalDays?: number; warningDays?: number } = {},
): CertScan {
  return scanCertificates({ ...emptySnapshot(), ...parts }, { now: NOW, ...options });
}

function only(result: CertScan, kind: string, field: string, index = 0): ScannedCertificate {
  const found = result.certificates.filter(
    (c) => c.source.kind === kind && c.source.field === field && c.index === index,
  );
  expect(found).toHaveLength(1);
  return found[0] as ScannedCertificate;
}

const rules = (c: ScannedCertificate) => c.findings.map((f) => f.rule);

let ca: IssuedCertificate;
let otherCa: IssuedCertificate;
let shortCa: IssuedCertificate;
let intermediate: IssuedCertificate;
let shop: IssuedCertificate;
let viaIntermediate: IssuedCertificate;
let wildcard: IssuedCertificate;
let selfSigned: IssuedCertificate;
let outlivesIssuer: IssuedCertificate;

beforeAll(async () => {
  ca = await make("CN=cluster-ca", [-400, 3000], { ca: true });
  otherCa = await make("CN=cluster-ca", [-400, 3000], { ca: true }); // same name, other key
  shortCa = await make("CN=short-lived-ca", [-100, 10], { ca: true });
  intermediate = await make("CN=intermediate", [-100, 1000], { ca: true, issuer: ca });
  shop = await make("CN=shop.example.com", [-10, 80], { issuer: ca, dnsNames: ["shop.example.com"] });
  viaIntermediate = await make("CN=api.example.com", [-10, 80], {
    issuer: intermediate,
    dnsNames: ["api.example.com"],
  });
  wildcard = await make("CN=wildcard", [-10, 80], { issuer: ca, dnsNames: ["*.example.com"] });
  selfSigned = await make("CN=accounting.tls", [-10, 80], { dnsNames: ["accounting.tls"] });
  outlivesIssuer = await make("CN=long-leaf", [-10, 60], { issuer: shortCa, dnsNames: ["leaf.example.com"] });
});

describe("scanCertificates: validity (CERT-001..004)", () => {
  it("gives each certificate its status, whole days left and one expiry finding", async () => {
    const bundle = async (subject: string, days: [number, number]) =>
      (await make(subject, days, { ca: true })).pem;
    const hooks = [
      ["expired", await bundle("CN=expired", [-100, -3])],
      ["critical", await bundle("CN=critical", [-100, 9])],
      ["warning", await bundle("CN=warning", [-100, 20])],
      ["ok", await bundle("CN=ok", [-100, 200])],
      ["future", await bundle("CN=future", [2, 300])],
    ] as const;
    const result = scan({
      webhookConfigurations: [
        {
          kind: "ValidatingWebhookConfiguration",
          name: "hooks",
          webhooks: hooks.map(([name, caBundle]) => ({ name, caBundle })),
        },
      ],
    });
    const summary = result.certificates.map((c) => [c.subject, c.status, c.daysLeft, rules(c)]);
    expect(summary).toEqual([
      ["CN=expired", "expired", -3, ["CERT-001"]],
      ["CN=critical", "critical", 9, ["CERT-002"]],
      ["CN=warning", "warning", 20, ["CERT-003"]],
      ["CN=ok", "ok", 200, []],
      ["CN=future", "not-yet-valid", 300, ["CERT-004"]],
    ]);
    expect(result.certificates[0]?.source).toEqual({
      kind: "ValidatingWebhookConfiguration",
      name: "hooks",
      field: "webhooks[0].clientConfig.caBundle",
    });
    expect(result.certificates[0]?.findings[0]?.severity).toBe("critical");
  });

  it("uses the thresholds it is given", async () => {
    const pem = (await make("CN=in-twenty-days", [-100, 20], { ca: true })).pem;
    const parts = { configMaps: [{ namespace: "x", name: "bundle", certificates: { "ca.crt": pem } }] };
    expect(scan(parts).certificates[0]?.status).toBe("warning");
    expect(scan(parts, { criticalDays: 30, warningDays: 60 }).certificates[0]?.status).toBe("critical");
    expect(scan(parts, { criticalDays: 5, warningDays: 10 }).certificates[0]?.status).toBe("ok");
  });

  it("rejects thresholds in the wrong order as bad input", () => {
    expect(() => scan({}, { criticalDays: 30, warningDays: 7 })).toThrowError(
      expect.objectContaining({ code: "bad-input" }),
    );
  });
});

describe("scanCertificates: sources and bundles", () => {
  it("reads every certificate of a PEM bundle, in order, and sorts the inventory by days left", async () => {
    const a = await make("CN=a", [-1, 500], { ca: true });
    const b = await make("CN=b", [-1, 100], { ca: true });
    const c = await make("CN=c", [-1, 300], { ca: true });
    const result = scan({
      configMaps: [
        { namespace: "kube-system", name: "bundle", certificates: { "ca.crt": a.pem + b.pem + c.pem } },
      ],
    });
    expect(result.certificates.map((x) => [x.subject, x.index, x.daysLeft])).toEqual([
      ["CN=b", 1, 100],
      ["CN=c", 2, 300],
      ["CN=a", 0, 500],
    ]);
    expect(new Set(result.certificates.map((x) => x.id)).size).toBe(3);
    expect(result.certificates.every((x) => x.chainStatus === "trust-anchor")).toBe(true);
  });

  it("reports a PEM block that is not a certificate and still reads the others", async () => {
    const good = await make("CN=good", [-1, 100], { ca: true });
    const broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
    const result = scan({
      apiServices: [
        {
          name: "v1.x",
          group: "x",
          version: "v1",
          caBundle: broken + good.pem,
          insecureSkipTLSVerify: false,
        },
      ],
    });
    expect(result.certificates.map((c) => c.subject)).toEqual(["CN=good"]);
    expect(result.unreadable).toEqual([
      {
        source: { kind: "APIService", name: "v1.x", field: "spec.caBundle" },
        index: 0,
        message: expect.stringContaining("not a readable"),
      },
    ]);
  });

  it("names key and signature algorithms, a SHA-256 fingerprint and what uses the certificate", async () => {
    const result = scan({
      secrets: [tlsSecret("shop", "shop-tls", shop.pem, ca.pem)],
      ingresses: [ingress("shop", "web", ["shop.example.com"], "shop-tls")],
    });
    const leaf = only(result, "Secret", "data.tls.crt");
    expect(leaf.keyAlgorithm).toBe("EC P-256");
    expect(leaf.signatureAlgorithm).toBe("ecdsa-with-SHA256");
    expect(leaf.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(leaf.dnsNames).toEqual(["shop.example.com"]);
    expect(leaf.usedBy).toEqual([{ kind: "Ingress", namespace: "shop", name: "web" }]);
    expect(leaf.findings).toEqual([]);
  });
});

describe("scanCertificates: chains (CERT-005, CERT-006)", () => {
  it("verifies a Secret's certificate against its own ca.crt", () => {
    const leaf = only(
      scan({ secrets: [tlsSecret("shop", "shop-tls", shop.pem, ca.pem)] }),
      "Secret",
      "data.tls.crt",
    );
    expect(leaf.chainStatus).toBe("verified");
    expect(leaf.chain.map((l) => l.subject)).toEqual(["CN=cluster-ca"]);
    expect(rules(leaf)).toEqual([]);
  });

  it("follows intermediates shipped in tls.crt up to ca.crt", () => {
    const result = scan({
      secrets: [tlsSecret("api", "api-tls", viaIntermediate.pem + intermediate.pem, ca.pem)],
    });
    const leaf = only(result, "Secret", "data.tls.crt", 0);
    expect(leaf.chainStatus).toBe("verified");
    expect(leaf.chain.map((l) => l.subject)).toEqual(["CN=intermediate", "CN=cluster-ca"]);
  });

  it("reports a chain that does not reach ca.crt, even when the names match (CERT-005)", () => {
    const leaf = only(
      scan({ secrets: [tlsSecret("shop", "shop-tls", shop.pem, otherCa.pem)] }),
      "Secret",
      "data.tls.crt",
    );
    expect(leaf.chainStatus).toBe("broken");
    expect(rules(leaf)).toEqual(["CERT-005"]);
  });

  it("reports a missing intermediate as a broken chain (CERT-005)", () => {
    const leaf = only(
      scan({ secrets: [tlsSecret("api", "api-tls", viaIntermediate.pem, ca.pem)] }),
      "Secret",
      "data.tls.crt",
    );
    expect(leaf.chainStatus).toBe("broken");
    expect(rules(leaf)).toContain("CERT-005");
  });

  it("verifies a CSR's certificate from a built-in signer against the cluster CA", async () => {
    const client = await make("CN=carol, O=dev", [-1, 300], { issuer: ca });
    const csr = {
      name: "carol",
      signerName: "kubernetes.io/kube-apiserver-client",
      groups: [],
      usages: ["client auth"],
      conditions: [],
      certificate: client.pem,
    };
    const cm = (pem: string) => [
      { namespace: "default", name: "kube-root-ca.crt", certificates: { "ca.crt": pem } },
    ];
    const good = only(
      scan({ csrs: [csr], configMaps: cm(ca.pem) }),
      "CertificateSigningRequest",
      "status.certificate",
    );
    expect(good.chainStatus).toBe("verified");
    expect(good.chain[0]?.foundIn).toBe("ConfigMap default/kube-root-ca.crt data.ca.crt");
    const bad = only(
      scan({ csrs: [csr], configMaps: cm(otherCa.pem) }),
      "CertificateSigningRequest",
      "status.certificate",
    );
    expect(rules(bad)).toEqual(["CERT-005"]);
  });

  it("leaves a certificate with no anchor shipped for it unchecked rather than broken", () => {
    const leaf = only(scan({ secrets: [tlsSecret("shop", "shop-tls", shop.pem)] }), "Secret", "data.tls.crt");
    expect(leaf.chainStatus).toBe("not-checked");
    expect(rules(leaf)).toEqual([]);
  });

  it("reports an issuer that expires before the certificate it signed (CERT-006)", () => {
    const result = scan({
      certificateRequests: [
        { namespace: "a", name: "leaf-1", certificate: outlivesIssuer.pem, ca: shortCa.pem, conditions: [] },
      ],
    });
    const leaf = only(result, "CertificateRequest", "status.certificate");
    expect(leaf.chainStatus).toBe("verified");
    expect(rules(leaf)).toEqual(["CERT-006"]);
    expect(rules(only(result, "CertificateRequest", "status.ca"))).toEqual(["CERT-002"]);
  });
});

describe("scanCertificates: keys and signatures (CERT-008, CERT-009)", () => {
  it("flags RSA keys under 2048 bits and accepts 2048", async () => {
    const weak = await make("CN=weak", [-1, 100], { ca: true, key: { kind: "rsa", bits: 1024 } });
    const fine = await make("CN=fine", [-1, 100], { ca: true, key: { kind: "rsa", bits: 2048 } });
    const result = scan({
      configMaps: [{ namespace: "x", name: "b", certificates: { weak: weak.pem, fine: fine.pem } }],
    });
    expect(rules(only(result, "ConfigMap", "data.weak"))).toEqual(["CERT-008"]);
    expect(only(result, "ConfigMap", "data.weak").keyAlgorithm).toBe("RSA 1024");
    expect(rules(only(result, "ConfigMap", "data.fine"))).toEqual([]);
  });

  it("flags an EC curve other than P-256, P-384 and P-521", async () => {
    const k1 = await make("CN=k1", [-1, 100], { issuer: ca, key: { kind: "secp256k1" } });
    const result = scan({ configMaps: [{ namespace: "x", name: "b", certificates: { "k1.crt": k1.pem } }] });
    const cert = only(result, "ConfigMap", "data.k1.crt");
    expect(cert.keyAlgorithm).toBe("EC secp256k1");
    expect(rules(cert)).toEqual(["CERT-008"]);
  });

  it("flags a SHA-1 signature", async () => {
    const rsaCa = await make("CN=rsa-ca", [-1, 100], { ca: true, key: { kind: "rsa", bits: 2048 } });
    const sha1 = await make("CN=sha1", [-1, 100], { issuer: rsaCa, hash: "SHA-1" });
    const ecSha1 = await make("CN=ec-sha1", [-1, 100], { issuer: ca, hash: "SHA-1" });
    const result = scan({
      configMaps: [{ namespace: "x", name: "b", certificates: { rsa: sha1.pem, ec: ecSha1.pem } }],
    });
    expect(only(result, "ConfigMap", "data.rsa").signatureAlgorithm).toBe("sha1WithRSAEncryption");
    expect(rules(only(result, "ConfigMap", "data.rsa"))).toEqual(["CERT-009"]);
    expect(rules(only(result, "ConfigMap", "data.ec"))).toEqual(["CERT-009"]);
  });

  it("flags an MD5 signature (made with openssl: WebCrypto refuses MD5)", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-md5-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-md5",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          join(dir, "k"),
          "-subj",
          "/CN=md5",
          "-days",
          "1",
          "-out",
          join(dir, "c"),
        ],
        { stdio: "ignore" },
      );
      const result = scan({
        configMaps: [
          { namespace: "x", name: "b", certificates: { md5: readFileSync(join(dir, "c"), "utf8") } },
        ],
      });
      const cert = only(result, "ConfigMap", "data.md5");
      expect(cert.signatureAlgorithm).toBe("md5WithRSAEncryption");
      expect(rules(cert)).toContain("CERT-009");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("scanCertificates: Ingress TLS (CERT-007, CERT-010, CERT-011)", () => {
  it("reports an Ingress host no DNS name covers, ignoring the common name", async () => {
    const cnOnly = await make("CN=shop.example.com", [-1, 100], { issuer: ca });
    const result = scan({
      secrets: [tlsSecret("shop", "cn-only", cnOnly.pem)],
      ingresses: [ingress("shop", "web", ["shop.example.com"], "cn-only")],
    });
    const leaf = only(result, "Secret", "data.tls.crt");
    expect(rules(leaf)).toEqual(["CERT-007"]);
    expect(leaf.findings[0]?.object).toEqual({ kind: "Ingress", namespace: "shop", name: "web" });
  });

  it("lets a wildcard cover one label deep and not two", () => {
    const result = scan({
      secrets: [tlsSecret("w", "wild", wildcard.pem)],
      ingresses: [
        ingress("w", "one", ["a.example.com"], "wild"),
        ingress("w", "two", ["a.b.example.com"], "wild"),
      ],
    });
    const leaf = only(result, "Secret", "data.tls.crt");
    expect(leaf.findings.map((f) => [f.rule, f.object?.name])).toEqual([["CERT-007", "two"]]);
  });

  it("reports a self-signed leaf on an Ingress (CERT-010) and the uncovered host", () => {
    const result = scan({
      secrets: [tlsSecret("t75", "accounting-secret", selfSigned.pem)],
      ingresses: [ingress("t75", "accounting", ["accounting.internal.acme.com"], "accounting-secret")],
    });
    const leaf = only(result, "Secret", "data.tls.crt");
    expect(leaf.selfSigned).toBe(true);
    expect(leaf.chainStatus).toBe("self-signed");
    expect(rules(leaf).sort()).toEqual(["CERT-007", "CERT-010"]);
  });

  it("reports a missing Secret and a Secret of the wrong type at the top level (CERT-011)", () => {
    const result = scan({
      secrets: [{ namespace: "shop", name: "opaque", type: "Opaque", keys: ["password"] }],
      ingresses: [
        ingress("shop", "a", ["a.example.com"], "gone"),
        ingress("shop", "b", ["b.example.com"], "opaque"),
      ],
    });
    expect(result.certificates).toEqual([]);
    expect(result.findings.map((f) => [f.rule, f.source?.name, f.object?.name])).toEqual([
      ["CERT-011", "a", "gone"],
      ["CERT-011", "b", "opaque"],
    ]);
    expect(result.findings[0]?.source?.field).toBe("spec.tls[0].secretName");
  });

  it("says nothing about a missing Secret when the input holds no Secret at all (not read, or a GitOps repository)", () => {
    expect(scan({ ingresses: [ingress("shop", "a", ["a.example.com"], "gone")] }).findings).toEqual([]);
  });

  it("says nothing about a Secret it was not allowed to read", () => {
    const result = scan({
      ingresses: [ingress("shop", "a", ["a.example.com"], "gone")],
      secrets: [tlsSecret("other", "x", shop.pem)],
      gaps: [{ resource: "secrets", namespace: "shop", status: "forbidden", message: "no" }],
    });
    expect(result.findings).toEqual([]);
  });
});

describe("scanCertificates: cert-manager, APIServices, kubeconfigs, served chains", () => {
  const certificate = (conditions: { type: string; status: string }[], renewalDays: number) => ({
    namespace: "a12",
    name: "payments-api",
    secretName: "payments-api-tls",
    dnsNames: ["payments.a12.svc"],
    issuerRef: { kind: "ClusterIssuer", name: "internal" },
    notBefore: at(-80).toISOString(),
    notAfter: at(10).toISOString(),
    renewalTime: at(renewalDays).toISOString(),
    conditions,
  });

  it("reports a renewal past due while the Certificate is not Ready, on its stored certificate (CERT-012)", () => {
    const result = scan({
      certManagerCertificates: [certificate([{ type: "Ready", status: "False" }], -20)],
      secrets: [tlsSecret("a12", "payments-api-tls", shop.pem, ca.pem)],
    });
    expect(rules(only(result, "Secret", "data.tls.crt"))).toEqual(["CERT-012"]);
    expect(result.findings).toEqual([]);
  });

  it("does not report a Ready Certificate or a renewal still to come", () => {
    expect(
      scan({ certManagerCertificates: [certificate([{ type: "Ready", status: "True" }], -20)] }).findings.map(
        (f) => f.rule,
      ),
    ).toEqual(["CERT-002"]);
    expect(
      scan({ certManagerCertificates: [certificate([{ type: "Ready", status: "False" }], 3)] }).findings.map(
        (f) => f.rule,
      ),
    ).toEqual(["CERT-002"]);
  });

  it("uses the Certificate's status dates when its Secret was not read", () => {
    const result = scan({ certManagerCertificates: [certificate([], -20)] });
    expect(result.findings.map((f) => [f.rule, f.source?.field])).toEqual([
      ["CERT-002", "status.notAfter"],
      ["CERT-012", "status.renewalTime"],
    ]);
  });

  it("reports an APIService that skips TLS verification (CERT-014)", () => {
    const result = scan({
      apiServices: [
        {
          name: "v1beta1.custom.metrics.k8s.io",
          group: "custom.metrics.k8s.io",
          version: "v1beta1",
          insecureSkipTLSVerify: true,
        },
      ],
    });
    expect(result.findings.map((f) => [f.rule, f.severity, f.object?.name])).toEqual([
      ["CERT-014", "high", "v1beta1.custom.metrics.k8s.io"],
    ]);
  });

  it("reports a kubeconfig client certificate in system:masters and not one in another group (CERT-015)", async () => {
    const admin = await make("CN=kubernetes-admin, O=system:masters", [-1, 300], { issuer: ca });
    const dev = await make("CN=dev, O=developers", [-1, 300], { issuer: ca });
    const result = scan({
      kubeconfigs: [
        {
          origin: "/home/x/.kube/config",
          clusters: [{ name: "c", server: "https://127.0.0.1:6443", certificateAuthority: ca.pem }],
          users: [
            { name: "admin", clientCertificate: admin.pem },
            { name: "dev", clientCertificate: dev.pem },
          ],
        },
      ],
    });
    const adminCert = only(result, "Kubeconfig", "users[0].user.client-certificate-data");
    expect(rules(adminCert)).toEqual(["CERT-015"]);
    expect(adminCert.chainStatus).toBe("verified");
    expect(rules(only(result, "Kubeconfig", "users[1].user.client-certificate-data"))).toEqual([]);
  });

  it("reports a served certificate that differs from the stored one (CERT-013) and lists unreachable hosts", async () => {
    const other = await make("CN=shop.example.com", [-1, 100], {
      issuer: ca,
      dnsNames: ["shop.example.com"],
    });
    const base = {
      secrets: [tlsSecret("shop", "shop-tls", shop.pem, ca.pem)],
      ingresses: [ingress("shop", "web", ["shop.example.com"], "shop-tls")],
    };
    const served = (chain: string) => ({
      source: { kind: "Ingress", namespace: "shop", name: "web" },
      host: "shop.example.com",
      port: 443,
      chain,
    });
    const differs = scan({ ...base, servedCertificates: [served(other.pem)] });
    const leaf = only(differs, "Ingress", "served shop.example.com:443");
    expect(rules(leaf)).toEqual(["CERT-013"]);
    expect(leaf.chainStatus).toBe("verified");
    expect(
      rules(
        only(
          scan({ ...base, servedCertificates: [served(shop.pem)] }),
          "Ingress",
          "served shop.example.com:443",
        ),
      ),
    ).toEqual([]);
    const down = scan({
      ...base,
      servedCertificates: [
        {
          source: { kind: "Ingress", namespace: "shop", name: "web" },
          host: "shop.example.com",
          port: 443,
          notRead: "unreachable",
          error: "connection refused",
        },
        {
          source: { kind: "Ingress", namespace: "shop", name: "api" },
          host: "api.example.com",
          port: 443,
          notRead: "pending",
          error: "handshake pending: shown on a later page load",
        },
      ],
    });
    expect(down.unreachable).toEqual([
      {
        source: { kind: "Ingress", namespace: "shop", name: "web" },
        host: "shop.example.com",
        port: 443,
        reason: "unreachable",
        message: "connection refused",
      },
      {
        source: { kind: "Ingress", namespace: "shop", name: "api" },
        host: "api.example.com",
        port: 443,
        reason: "pending",
        message: "handshake pending: shown on a later page load",
      },
    ]);
  });

  it("reports a served self-signed certificate and a host it does not cover", () => {
    const result = scan({
      ingresses: [ingress("t75", "accounting", ["accounting.internal.acme.com"], "accounting-secret")],
      gaps: [{ resource: "secrets", status: "forbidden", message: "not opted in" }],
      servedCertificates: [
        {
          source: { kind: "Ingress", namespace: "t75", name: "accounting" },
          host: "accounting.internal.acme.com",
          port: 443,
          chain: selfSigned.pem,
        },
      ],
    });
    expect(rules(only(result, "Ingress", "served accounting.internal.acme.com:443")).sort()).toEqual([
      "CERT-007",
      "CERT-010",
    ]);
  });
});
