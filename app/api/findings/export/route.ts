// GET /api/findings/export?area=all|rbac|network|certificates&format=csv|json&ns=: the findings a page shows, as a file.
import { z } from "zod";
import { namespaceName } from "@/lib/views/page-query";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { findingsToCsv, findingsToJson } from "@/lib/findings/export-findings";
import { route } from "@/lib/http/route";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { AREAS, areaFindings } from "@/lib/views/area-findings";
import { buildPolicyTiers } from "@/lib/views/policy-tiers";

export const dynamic = "force-dynamic";

const query = z.object({
  area: z.enum(AREAS).default("all"),
  format: z.enum(["csv", "json"]).default("json"),
  ns: namespaceName,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(
  { query },
  async ({ query: q, viewer, request }) => {
    const origin = new URL(request.url).origin;
    const { snapshot } = await getViewerContext();
    const now = new Date();
    const findings = areaFindings(snapshot, q.area, now, q.ns);
    const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const filename = `vigil-findings-${q.area}${q.ns ? `-${q.ns}` : ""}-${stamp}.${q.format}`;
    const body =
      q.format === "csv"
        ? findingsToCsv(findings, origin)
        : JSON.stringify(
            {
              ...findingsToJson(
                findings,
                {
                  generatedAt: now.toISOString(),
                  generatedBy: viewer.name,
                  cluster: snapshot.source.name,
                  snapshotTakenAt: snapshot.source.takenAt,
                  area: q.area,
                  ...(q.ns ? { namespace: q.ns } : {}),
                },
                origin,
              ),
              // The network findings are read against the policies in tier order (docs/network.md).
              ...(q.area === "network" || q.area === "all"
                ? { policyTiers: buildPolicyTiers(analyzeNetwork(snapshot), q.ns) }
                : {}),
            },
            null,
            2,
          );
    return new Response(body, {
      headers: {
        "Content-Type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
