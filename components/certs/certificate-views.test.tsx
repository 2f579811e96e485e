import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CertificateTable } from "@/components/certs/certificate-table";
import { ExpiryTimeline } from "@/components/certs/expiry-timeline";
import { buildCertificatesView } from "@/lib/views/build-certificate-view";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { generateDemoCertificateObjects } from "@/lib/sources/demo-certificates";
import { buildSnapshot } from "@/lib/model/build-snapshot";

// The Certificates components rendered to HTML on the demo's certificates: every certificate is a labelled
// link on the timeline, statuses are written out (never colour alone), and no certificate bytes are drawn.

async function demoView() {
  const now = new Date("2026-11-23T08:00:00Z");
  const objects = await generateDemoCertificateObjects(now);
  const snapshot = buildSnapshot(
    objects.map((object, i) => ({ object, origin: { document: i + 1 } })),
    { kind: "demo", name: "demo", takenAt: now.toISOString() },
  );
  return buildCertificatesView(scanCertificates(snapshot, { now }));
}

describe("ExpiryTimeline", () => {
  it("draws one labelled link per certificate, a lane per source and the now/14/28/90 marks", async () => {
    const view = await demoView();
    const html = renderToStaticMarkup(<ExpiryTimeline view={view} hrefOf={(id) => `/certificates/${id}`} />);
    expect(html.match(/<a /g)?.length).toBe(view.rows.length);
    for (const mark of [">now<", ">14 days<", ">28 days<", ">90 days<"]) expect(html).toContain(mark);
    for (const g of view.groups) expect(html).toContain(g.label);
    expect(html).toContain(
      'aria-label="CN=accounting.tls in Secret t75/accounting-secret: expired 3 days ago"',
    );
    expect(html).not.toContain("BEGIN CERTIFICATE");
  });
});

describe("CertificateTable", () => {
  it("writes each status as a word and lists rule IDs with their titles", async () => {
    const view = await demoView();
    const html = renderToStaticMarkup(
      <CertificateTable rows={view.rows} hrefOf={(id) => `/certificates/${id}`} />,
    );
    expect(html.match(/<tr /g)?.length).toBe(view.rows.length + 1);
    // Time words, never a severity's: "critical" is a finding's severity (components/ui/severity.tsx).
    for (const word of ["expired", "renew now", "renew soon", "valid", "not yet valid"])
      expect(html).toContain(`</span>${word}</span>`);
    expect(html).toContain("CERT-009 Weak signature algorithm");
  });
});
