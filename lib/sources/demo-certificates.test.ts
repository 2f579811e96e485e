import { describe, expect, it } from "vitest";
import { x509 } from "@/lib/certs/x509";
import { generateDemoCertificateObjects } from "@/lib/sources/demo-certificates";

// A naive reading of the generated objects, independent of lib/certs: every PEM certificate found in any
// string field (plain or base64), classified against `now` with the 14/28-day thresholds of docs/semantics.md §3.

const DAY = 24 * 60 * 60 * 1000;

function pemTexts(value: unknown, path: string, out: { path: string; pem: string }[]): void {
  if (typeof value === "string") {
    const decoded = /^[A-Za-z0-9+/=]+$/.test(value) ? Buffer.from(value, "base64").toString("utf8") : value;
    for (const text of [value, decoded]) {
      if (text.includes("-----BEGIN CERTIFICATE-----")) {
        out.push({ path, pem: text });
        return;
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => pemTexts(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) pemTexts(v, `${path}.${k}`, out);
  }
}

function statusAt(cert: x509.X509Certificate, now: Date): string {
  if (now.getTime() < cert.notBefore.getTime()) return "not-yet-valid";
  const days = (cert.notAfter.getTime() - now.getTime()) / DAY;
  if (days < 0) return "expired";
  if (days < 14) return "critical";
  if (days < 28) return "warning";
  return "ok";
}

async function statusesAt(now: Date): Promise<Map<string, string[]>> {
  const objects = await generateDemoCertificateObjects(now);
  const found: { path: string; pem: string }[] = [];
  for (const o of objects) {
    const meta = o.metadata as { name: string; namespace?: string };
    pemTexts(o, `${String(o.kind)}/${meta.namespace ?? ""}/${meta.name}`, found);
  }
  const result = new Map<string, string[]>();
  for (const { path, pem } of found) {
    const certs = x509.PemConverter.decode(pem).map((der) => new x509.X509Certificate(der));
    result.set(
      path,
      certs.map((c) => statusAt(c, now)),
    );
  }
  return result;
}

describe("generateDemoCertificateObjects", () => {
  it("gives the same status to every certificate whatever the day it is generated", async () => {
    const early = await statusesAt(new Date("2026-01-15T09:30:00Z"));
    const late = await statusesAt(new Date("2031-07-01T00:00:00Z"));
    expect([...late.entries()]).toEqual([...early.entries()]);
  });

  it("holds at least one certificate in each of the five statuses", async () => {
    const statuses = new Set([...(await statusesAt(new Date("2026-01-15T09:30:00Z"))).values()].flat());
    expect([...statuses].sort()).toEqual(["critical", "expired", "not-yet-valid", "ok", "warning"]);
  });

  it("puts the cluster CA in every kube-root-ca.crt and in extension-apiserver-authentication", async () => {
    const objects = await generateDemoCertificateObjects(new Date("2026-01-15T09:30:00Z"));
    const configMaps = objects.filter((o) => o.kind === "ConfigMap") as {
      metadata: { name: string; namespace: string };
      data: Record<string, string>;
    }[];
    const roots = configMaps.filter((c) => c.metadata.name === "kube-root-ca.crt");
    expect(roots.map((c) => c.metadata.namespace).sort()).toEqual(
      ["a12", "default", "g04", "kube-system", "kubernetes-dashboard", "shop", "t75", "vigil"].sort(),
    );
    const ca = roots[0]?.data["ca.crt"];
    expect(new Set(roots.map((c) => c.data["ca.crt"]))).toEqual(new Set([ca]));
    const auth = configMaps.find((c) => c.metadata.name === "extension-apiserver-authentication");
    expect(auth?.data["client-ca-file"]).toBe(ca);
    expect(auth?.data["requestheader-client-ca-file"]).toContain("-----BEGIN CERTIFICATE-----");
  });

  it("writes TLS Secrets as a cluster stores them: base64 certificate, key and CA", async () => {
    const objects = await generateDemoCertificateObjects(new Date("2026-01-15T09:30:00Z"));
    const secrets = objects.filter((o) => o.kind === "Secret") as {
      metadata: { name: string; namespace: string };
      type: string;
      data: Record<string, string>;
    }[];
    const byName = new Map(secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
    expect([...byName.keys()].sort()).toEqual([
      "a12/payments-api-tls",
      "shop/shop-tls",
      "t75/accounting-secret",
    ]);
    for (const s of secrets) {
      expect(s.type).toBe("kubernetes.io/tls");
      expect(Buffer.from(s.data["tls.key"] ?? "", "base64").toString()).toContain(
        "-----BEGIN PRIVATE KEY-----",
      );
    }
    const accounting = new x509.X509Certificate(
      Buffer.from(byName.get("t75/accounting-secret")?.data["tls.crt"] ?? "", "base64").toString(),
    );
    expect(accounting.subject).toBe("CN=accounting.tls");
    expect(await accounting.isSelfSigned()).toBe(true);
    const san = accounting.getExtension(x509.SubjectAlternativeNameExtension);
    expect(san?.names.toJSON()).toEqual([{ type: "dns", value: "accounting.tls" }]);
    const shop = new x509.X509Certificate(
      Buffer.from(byName.get("shop/shop-tls")?.data["tls.crt"] ?? "", "base64").toString(),
    );
    const shopCa = new x509.X509Certificate(
      Buffer.from(byName.get("shop/shop-tls")?.data["ca.crt"] ?? "", "base64").toString(),
    );
    expect(await shop.verify({ publicKey: shopCa.publicKey, signatureOnly: true })).toBe(true);
    expect(shop.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON()).toContainEqual({
      type: "dns",
      value: "shop.example.com",
    });
  });

  it("includes every other source of docs/semantics.md §3 that an API server stores", async () => {
    const objects = await generateDemoCertificateObjects(new Date("2026-01-15T09:30:00Z"));
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      "ValidatingWebhookConfiguration",
      "MutatingWebhookConfiguration",
      "APIService",
      "CustomResourceDefinition",
      "CertificateSigningRequest",
      "Certificate",
      "CertificateRequest",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const apiServices = objects.filter((o) => o.kind === "APIService") as { spec: Record<string, unknown> }[];
    expect(
      apiServices.some((a) => a.spec.insecureSkipTLSVerify === true && a.spec.caBundle === undefined),
    ).toBe(true);
    expect(apiServices.some((a) => typeof a.spec.caBundle === "string")).toBe(true);
  });
});
