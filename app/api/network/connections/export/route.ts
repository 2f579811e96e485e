// GET /api/network/connections/export?format=csv|json&ns=&dir=&port=: the Network page's full connection list
// as filtered, with what the viewer may not read, as a file.
import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { parsePort } from "@/lib/model/parse-port";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { connectionsToCsv, networkConnections } from "@/lib/views/network-connections";
import { namespaceName } from "@/lib/views/page-query";

export const dynamic = "force-dynamic";

const query = z.object({
  format: z.enum(["csv", "json"]).default("json"),
  ns: namespaceName,
  dir: z.enum(["both", "ingress", "egress"]).default("both"),
  port: z.string().max(20).optional(),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q, viewer }) => {
  let port;
  if (q.port !== undefined && q.port !== "") {
    try {
      port = parsePort(q.port);
    } catch {
      throw new VigilError("bad-input", `port "${q.port}" is not PROTOCOL/PORT (TCP, UDP or SCTP, 1-65535)`);
    }
  }
  const { snapshot } = await getViewerContext();
  const list = networkConnections(analyzeNetwork(snapshot), snapshot.gaps, {
    ...(q.ns ? { namespace: q.ns } : {}),
    direction: q.dir,
    ...(port ? { port } : {}),
  });
  const now = new Date();
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const filename = `vigil-network-connections${q.ns ? `-${q.ns}` : ""}-${stamp}.${q.format}`;
  const body =
    q.format === "csv"
      ? connectionsToCsv(list)
      : JSON.stringify(
          {
            generatedAt: now.toISOString(),
            generatedBy: viewer.name,
            cluster: snapshot.source.name,
            snapshotTakenAt: snapshot.source.takenAt,
            ...list,
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
