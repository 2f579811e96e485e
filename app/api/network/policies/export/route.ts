// GET /api/network/policies/export?format=csv|json&ns=: the policies in tier order (Admin, NetworkPolicy, Baseline), as a file.
import { z } from "zod";
import { namespaceName } from "@/lib/views/page-query";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { exportFormat, exportResponse } from "@/lib/http/export-file";
import { route } from "@/lib/http/route";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { buildPolicyTiers, policyTiersToCsv } from "@/lib/views/policy-tiers";

export const dynamic = "force-dynamic";

const query = z.object({ format: exportFormat, ns: namespaceName });

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q, viewer }) => {
  const { snapshot } = await getViewerContext();
  const tiers = buildPolicyTiers(analyzeNetwork(snapshot), q.ns);
  return exportResponse({
    what: "network-policies",
    namespace: q.ns,
    format: q.format,
    snapshot,
    viewer,
    now: new Date(),
    csv: () => policyTiersToCsv(tiers),
    json: (header) => ({
      ...header,
      ...(q.ns ? { namespace: q.ns } : {}),
      // What the viewer may not list is missing here: say so rather than imply an all-clear.
      gaps: snapshot.gaps.map((g) => ({ resource: g.resource, namespace: g.namespace, status: g.status })),
      ...tiers,
    }),
  });
});
