// GET /api/findings/export?area=all|rbac|network|certificates&format=csv|json&ns=: the findings a page shows, as a file.
import { z } from "zod";
import { namespaceName } from "@/lib/views/page-query";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { findingsToCsv, findingsToJson } from "@/lib/findings/export-findings";
import { exportFormat, exportResponse } from "@/lib/http/export-file";
import { route } from "@/lib/http/route";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { AREAS, areaFindings, areaGaps } from "@/lib/views/area-findings";
import { exportGaps } from "@/lib/views/export-gaps";
import { severityCounts } from "@/lib/views/known-count";
import { buildPolicyTiers } from "@/lib/views/policy-tiers";

export const dynamic = "force-dynamic";

const query = z.object({
  area: z.enum(AREAS).default("all"),
  format: exportFormat,
  ns: namespaceName,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(
  { query },
  async ({ query: q, viewer, request }) => {
    const origin = new URL(request.url).origin;
    const { snapshot } = await getViewerContext();
    const now = new Date();
    const findings = areaFindings(snapshot, q.area, now, q.ns);
    const gaps = areaGaps(snapshot.gaps, q.area, q.ns);
    return exportResponse({
      what: `findings-${q.area}`,
      namespace: q.ns,
      format: q.format,
      snapshot,
      viewer,
      now,
      csv: () => findingsToCsv(findings, origin, exportGaps(gaps)),
      json: (header) => ({
        ...findingsToJson(
          findings,
          { ...header, area: q.area, ...(q.ns ? { namespace: q.ns } : {}) },
          origin,
        ),
        // Per severity with expected defaults apart, each known or unknown with why; and what the viewer
        // may not read that these findings come from (empty: the file is complete).
        counts: severityCounts(findings, gaps),
        gaps: exportGaps(gaps),
        // The network findings are read against the policies in tier order (docs/network.md).
        ...(q.area === "network" || q.area === "all"
          ? { policyTiers: buildPolicyTiers(analyzeNetwork(snapshot), q.ns) }
          : {}),
      }),
    });
  },
);
