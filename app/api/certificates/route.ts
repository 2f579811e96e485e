// GET /api/certificates?ns=: the certificate inventory the signed-in viewer may see (no certificate bytes).
import { z } from "zod";
import { namespaceName } from "@/lib/views/page-query";
import { buildCertificatesView } from "@/lib/views/build-certificate-view";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const query = z.object({
  ns: namespaceName,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q }) => {
  const { snapshot, memo, now } = await getViewerContext();
  const scan = memo(`certificates|${now.getTime()}`, () => scanCertificates(snapshot, { now }));
  const view = memo(`certificates|${now.getTime()}|${q.ns ?? ""}`, () => buildCertificatesView(scan, q.ns));
  return {
    now: scan.now,
    thresholds: scan.thresholds,
    byStatus: view.byStatus,
    certificates: view.rows,
    findings: view.findings,
    unreachable: view.unreachable,
    unreadable: view.unreadable,
    gaps: snapshot.gaps,
  };
});
