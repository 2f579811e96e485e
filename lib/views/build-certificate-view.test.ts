import { beforeAll, describe, expect, it } from "vitest";
import { buildCertificatesView, sourceGroupOf } from "@/lib/views/build-certificate-view";
import { issueCertificate, type IssuedCertificate } from "@/lib/certs/issue-certificate";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { emptySnapshot } from "@/lib/model/types";

const NOW = new Date("2030-06-15T12:00:00Z");
const DAY = 86_400_000;
let soon: IssuedCertificate;
let later: IssuedCertificate;
let expired: IssuedCertificate;

beforeAll(async () => {
  const make = (cn: string, days: number) =>
    issueCertificate({
      subject: `CN=${cn}`,
      ca: true,
      notBefore: new Date(NOW.getTime() - 100 * DAY),
      notAfter: new Date(NOW.getTime() + days * DAY),
    });
  soon = await make("soon", 5);
  later = await make("later", 50);
  expired = await make("expired", -2);
});

function scan() {
  return scanCertificates(
    {
      ...emptySnapshot(),
      configMaps: [
        { namespace: "shop", name: "kube-root-ca.crt", certificates: { "ca.crt": later.pem } },
        { namespace: "t75", name: "kube-root-ca.crt", certificates: { "ca.crt": soon.pem } },
      ],
      secrets: [{ namespace: "t75", name: "db-password", type: "Opaque", keys: ["password"] }],
      apiServices: [
        { name: "v1.x", group: "x", version: "v1", caBundle: expired.pem, insecureSkipTLSVerify: false },
      ],
      ingresses: [
        {
          namespace: "t75",
          name: "web",
          labels: {},
          annotations: {},
          rules: [],
          tls: [{ hosts: ["a.b"], secretName: "gone" }],
          loadBalancer: [],
        },
      ],
    },
    { now: NOW },
  );
}

describe("buildCertificatesView", () => {
  it("groups rows by source, counts statuses and names the valid certificate that expires first", () => {
    const view = buildCertificatesView(scan());
    expect(view.rows.map((r) => r.subject)).toEqual(["CN=expired", "CN=soon", "CN=later"]);
    expect(view.groups.map((g) => [g.id, g.rows.length])).toEqual([
      ["cluster-ca", 2],
      ["webhooks", 1],
    ]);
    expect(view.byStatus).toEqual({ expired: 1, critical: 1, warning: 0, ok: 1, "not-yet-valid": 0 });
    expect(view.soonest?.subject).toBe("CN=soon");
    expect(view.findings.map((f) => f.rule)).toEqual(["CERT-011"]);
  });

  it("keeps a namespace's certificates and the cluster-scoped ones when filtered", () => {
    const view = buildCertificatesView(scan(), "shop");
    expect(view.rows.map((r) => r.subject)).toEqual(["CN=expired", "CN=later"]);
    expect(view.findings).toEqual([]);
  });

  it("folds the same CA copied into several namespaces into one row that lists the copies", () => {
    const copies = scanCertificates(
      {
        ...emptySnapshot(),
        configMaps: ["t75", "shop", "a12"].map((namespace) => ({
          namespace,
          name: "kube-root-ca.crt",
          certificates: { "ca.crt": later.pem },
        })),
        apiServices: [
          { name: "v1.x", group: "x", version: "v1", caBundle: later.pem, insecureSkipTLSVerify: false },
        ],
      },
      { now: NOW },
    );
    const view = buildCertificatesView(copies);
    expect(view.rows).toHaveLength(2);
    const folded = view.rows.find((r) => r.sourceKind === "ConfigMap");
    expect(folded?.copies?.map((c) => c.namespace)).toEqual(["a12", "shop", "t75"]);
    expect(new Set(folded?.copies?.map((c) => c.id)).size).toBe(3);
    expect(view.rows.find((r) => r.sourceKind === "APIService")?.copies).toBeUndefined();
    expect(view.sources).toBe(4);
    expect(view.byStatus.ok).toBe(4);
    // Filtered to one namespace, the copy stands alone.
    expect(buildCertificatesView(copies, "shop").rows.find((r) => r.sourceKind === "ConfigMap")?.copies).toBe(
      undefined,
    );
  });

  it("carries no certificate bytes to the page", () => {
    const text = JSON.stringify(buildCertificatesView(scan()));
    expect(text).not.toContain("BEGIN CERTIFICATE");
  });
});

describe("sourceGroupOf", () => {
  it("puts unknown kinds in other", () => {
    expect(sourceGroupOf("Secret")).toBe("ingress-tls");
    expect(sourceGroupOf("Something")).toBe("other");
  });
});
