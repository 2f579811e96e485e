import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import type { Snapshot } from "@/lib/model/types";
import { accessGapToManifest, readAccessGap } from "@/lib/model/map-access-gaps";
import { FieldReader } from "@/lib/model/read-fields";
import { optInGaps } from "@/lib/sources/live/opt-in-gaps";

// Both Certificates pages rendered on the bundled demo, with the viewer context replaced by the demo
// snapshot (the real one needs a signed-in session; e2e/certificates.spec.ts covers that path).

let snapshot: Snapshot;
vi.mock("@/lib/sources/viewer-context", () => ({
  getViewerContext: async () => ({
    viewer: { name: "bob", groups: [] },
    mode: "snapshot",
    snapshot,
    memo: <T,>(_name: string, compute: () => T): T => compute(),
    now: new Date(),
  }),
}));

beforeAll(async () => {
  snapshot = await loadDemoSnapshot(new Date());
});

async function render(element: Promise<React.ReactElement>): Promise<string> {
  return renderToStaticMarkup(await element);
}

describe("the Certificates pages", () => {
  it("list the demo's certificates with the timeline and link the one that expires soonest", async () => {
    const { default: CertificatesPage } = await import("@/app/certificates/page");
    const html = await render(CertificatesPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain("Expiry timeline of");
    expect(html).toMatch(/data-testid="soonest">Expires soonest:.*href="\/certificates\/[0-9a-f]{16}"/);
    expect(html).toContain("accounting-secret");
    expect(html).toContain("CERT-014");
    expect(html).not.toContain("BEGIN CERTIFICATE");
  });

  it("show one certificate with its chain, fingerprint and what to do, keeping the namespace filter", async () => {
    const { default: CertificatesPage } = await import("@/app/certificates/page");
    const list = await render(CertificatesPage({ searchParams: Promise.resolve({ ns: "t75" }) }));
    const id = /href="\/certificates\/([0-9a-f]{16})\?ns=t75"/.exec(list)?.[1];
    expect(id).toBeDefined();
    const { default: CertificatePage } = await import("@/app/certificates/[id]/page");
    const html = await render(
      CertificatePage({
        params: Promise.resolve({ id: id ?? "" }),
        searchParams: Promise.resolve({ ns: "t75" }),
      }),
    );
    expect(html).toContain("Issuer chain");
    expect(html).toContain("SHA-256 fingerprint");
    expect(html).toContain('href="/certificates?ns=t75"');
  });

  it("answers not found for an unknown certificate id", async () => {
    const { default: CertificatePage } = await import("@/app/certificates/[id]/page");
    await expect(
      CertificatePage({
        params: Promise.resolve({ id: "0000000000000000" }),
        searchParams: Promise.resolve({}),
      }),
    ).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
  });

  it("say that TLS Secrets were not read, and how to read them, when a live read left them out", async () => {
    const demo = snapshot;
    // A live read without VIGIL_READ_TLS_SECRETS (lib/sources/load-viewer-snapshot.ts, shared-snapshot.ts).
    snapshot = { ...demo, gaps: [...demo.gaps, ...optInGaps({ includeTlsSecrets: false })] };
    try {
      const { default: CertificatesPage } = await import("@/app/certificates/page");
      const html = await render(CertificatesPage({ searchParams: Promise.resolve({}) }));
      const text = html.replace(/<[^>]+>/g, "").replaceAll("&#x27;", "'");
      expect(text).toContain("secrets: not read (Vigil's settings) cluster-wide (TLS Secrets were not read");
      expect(text).toContain("only with VIGIL_READ_TLS_SECRETS=true");
      // The status figures count certificates: each is then unknown, never a count of what was read as the whole.
      expect(html.match(/data-testid="count-unknown"/g)?.length).toBe(5);
    } finally {
      snapshot = demo;
    }
    expect(optInGaps({ includeTlsSecrets: true })).toEqual([]);
    // A saved snapshot keeps the gap: written next to the objects and read back as it was.
    const [gap] = optInGaps({});
    expect(gap).toBeDefined();
    if (gap) {
      const warnings: string[] = [];
      const reader = new FieldReader((field, message) => warnings.push(`${field}: ${message}`));
      expect(readAccessGap(accessGapToManifest(gap, 0), reader)).toEqual(gap);
      expect(warnings).toEqual([]);
    }
  });
});
