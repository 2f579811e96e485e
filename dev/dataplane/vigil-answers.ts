import type { RawInput } from "@/lib/model/build-snapshot";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import type { Protocol } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection, type ConnectionExplanation } from "@/lib/netpol/explain-connection";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";

// Vigil's answer for each probe, from the objects the API server holds: the same engine calls as
// `vigil netpol can --from ns/pod --to ns/pod --port PROTO/PORT` (lib/cli/netpol.ts), made in-process.

export interface Question {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
}

export function vigilAnswers(
  inputs: readonly RawInput[],
  questions: readonly Question[],
): ConnectionExplanation[] {
  const snapshot = buildSnapshot(inputs, {
    kind: "live",
    name: "dataplane test",
    takenAt: new Date(0).toISOString(),
  });
  const analysis = analyzeNetwork(snapshot);
  return questions.map((q) =>
    explainConnection(
      analysis,
      resolveEndpoint(analysis, q.from),
      resolveEndpoint(analysis, q.to),
      q.protocol,
      q.port,
    ),
  );
}
