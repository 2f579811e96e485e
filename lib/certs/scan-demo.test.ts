import { describe, expect, it } from "vitest";
import { generateDemoCertificateObjects } from "@/lib/sources/demo-certificates";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { scanCertificates } from "@/lib/certs/scan-certificates";

// The demo cluster end to end: generated objects -> snapshot boundary -> scan, on two different days.

async function scanDemoAt(iso: string) {
  const now = new Date(iso);
  const snapshot = await loadDemoSnapshot(now);
  return { snapshot, scan: scanCertificates(snapshot, { now }) };
}

describe("the demo cluster's certificates", () => {
  it("show every status and the checks the demo is built to show, whatever the day", async () => {
    for (const day of ["2026-11-23T08:00:00Z", "2033-02-01T00:00:00Z"]) {
      const { scan } = await scanDemoAt(day);
      expect(new Set(scan.certificates.map((c) => c.status))).toEqual(
        new Set(["expired", "critical", "warning", "ok", "not-yet-valid"]),
      );
      const all = [...scan.findings, ...scan.certificates.flatMap((c) => c.findings)].map((f) => f.rule);
      expect([...new Set(all)].sort()).toEqual([
        "CERT-001",
        "CERT-002",
        "CERT-003",
        "CERT-004",
        "CERT-006",
        "CERT-007",
        "CERT-008",
        "CERT-009",
        "CERT-010",
        "CERT-012",
        "CERT-014",
      ]);
      const accounting = scan.certificates.find((c) => c.source.name === "accounting-secret");
      expect(accounting?.findings.map((f) => f.rule).sort()).toEqual(["CERT-001", "CERT-007", "CERT-010"]);
      expect(accounting?.usedBy).toContainEqual({
        kind: "Ingress",
        namespace: "t75",
        name: expect.any(String),
      });
    }
  });

  it("never lets a private key through the snapshot boundary into the scan", async () => {
    const now = new Date("2026-11-23T08:00:00Z");
    const raw = await generateDemoCertificateObjects(now);
    const keys = raw
      .filter((o) => o.kind === "Secret")
      .map((o) => (o.data as Record<string, string>)["tls.key"] ?? "")
      .map((b64) => Buffer.from(b64, "base64").toString());
    expect(keys.length).toBeGreaterThan(0);
    const { snapshot, scan } = await scanDemoAt(now.toISOString());
    const texts = [JSON.stringify(snapshot), JSON.stringify(scan)];
    for (const text of texts) {
      expect(text).not.toContain("PRIVATE KEY");
      // The key body itself, in case a label were stripped.
      for (const key of keys) expect(text).not.toContain(key.split("\n")[1]);
    }
    expect(snapshot.secrets.find((s) => s.name === "shop-tls")?.keys).toContain("tls.key");
  });
});
