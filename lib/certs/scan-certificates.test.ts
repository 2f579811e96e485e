import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { IssuedCertificate } from "@/lib/certs/issue-certificate";
import {
  issueFixtureCertificates,
  make,
  only,
  rules,
  scan,
  tlsSecret,
} from "@/lib/certs/testing/scan-fixtures";

// Every check of docs/semantics.md §3 on certificates generated here, against a fixed clock: validity, chains,
// keys and signatures (the sources of certificates: scan-certificate-sources.test.ts).

let ca: IssuedCertificate;
let otherCa: IssuedCertificate;
let shortCa: IssuedCertificate;
let intermediate: IssuedCertificate;
let shop: IssuedCertificate;
let viaIntermediate: IssuedCertificate;
let outlivesIssuer: IssuedCertificate;

beforeAll(async () => {
  ({ ca, otherCa, shortCa, intermediate, shop, viaIntermediate, outlivesIssuer } =
    await issueFixtureCertificates());
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
