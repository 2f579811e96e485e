import { beforeAll, describe, expect, it } from "vitest";
import type { IssuedCertificate } from "@/lib/certs/issue-certificate";
import {
  at,
  ingress,
  issueFixtureCertificates,
  make,
  only,
  rules,
  scan,
  tlsSecret,
} from "@/lib/certs/testing/scan-fixtures";

// The places certificates come from (docs/semantics.md §3): Secrets and bundles, Ingress TLS, cert-manager,
// APIServices, kubeconfigs and served chains, on certificates generated here, against a fixed clock.

let ca: IssuedCertificate;
let shop: IssuedCertificate;
let wildcard: IssuedCertificate;
let selfSigned: IssuedCertificate;

beforeAll(async () => {
  ({ ca, shop, wildcard, selfSigned } = await issueFixtureCertificates());
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
