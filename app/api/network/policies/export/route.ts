// GET /api/network/policies/export?format=csv|json&ns=: the policies in tier order (Admin, NetworkPolicy, Baseline), as a file.
import { z } from "zod";
import { namespaceName } from "@/lib/views/page-query";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { route } from "@/lib/http/route";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { buildPolicyTiers, policyTiersToCsv } from "@/lib/views/policy-tiers";

export const dynamic = "force-dynamic";

const query = z.object({
  format: z.enum(["csv", "json"]).default("json"),
  ns: namespaceName,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q, viewer }) => {
  const { snapshot } = await getViewerContext();
  const now = new Date();
  const tiers = buildPolicyTiers(analyzeNetwork(snapshot), q.ns);
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const filename = `vigil-network-policies${q.ns ? `-${q.ns}` : ""}-${stamp}.${q.format}`;
  const body =
    q.format === "csv"
      ? policyTiersToCsv(tiers)
      : JSON.stringify(
          {
            generatedAt: now.toISOString(),
            generatedBy: viewer.name,
            cluster: snapshot.source.name,
            snapshotTakenAt: snapshot.source.takenAt,
            ...(q.ns ? { namespace: q.ns } : {}),
            // What the viewer may not list is missing here: say so rather than imply an all-clear.
            gaps: snapshot.gaps.map((g) => ({
              resource: g.resource,
              namespace: g.namespace,
              status: g.status,
            })),
            ...tiers,
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
});
