// GET /api/network/what-if?policy=<base64url YAML>[&delete=ns/name]...[&deleteCluster=Kind/name]...: the workload
// connections gained and lost if the given NetworkPolicies were applied (added, or replacing one of the same
// namespace/name), or cluster-tier policies (by kind and name), and the named NetworkPolicies and cluster-tier
// policies deleted, over what the viewer may see (one it may not see is "not found"). A GET, not a server action: every JSON route goes through
// the one wrapper (session, GET/HEAD only, zod, audit line), and nothing is written anywhere. The cost is
// bounded before any analysis (lib/views/what-if-answer.ts: bytes, policies, rules, peers, excepts), the
// analysis runs within a per-viewer budget (413 and 429 with a clear message), and the answer is bounded too.
import { decodePolicyParam, parsePolicyText } from "@/app/api/network/what-if/parse-policy-text";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { VigilError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { WorkBudget } from "@/lib/http/work-budget";
import { whatIf } from "@/lib/netpol/what-if";
import { deletionsOf, whatIfQuery } from "@/app/api/network/what-if/what-if-query";
import { boundWhatIfAnswer, checkWhatIfCost, type WhatIfAnswer } from "@/lib/views/what-if-answer";

export const dynamic = "force-dynamic";

// Reachability depends on these: a gap on any of them makes the answer cover only part of the cluster.
const PARTIAL_WHEN_MISSING = new Set([
  "networkpolicies",
  "pods",
  "namespaces",
  "clusternetworkpolicies",
  "adminnetworkpolicies",
  "baselineadminnetworkpolicies",
]);

// VIGIL_WHAT_IF_CPU_MS_PER_MINUTE (default 5000): the CPU time one viewer's what-ifs may use per minute.
const budget = new WorkBudget({
  cpuMsPerWindow: Number(process.env.VIGIL_WHAT_IF_CPU_MS_PER_MINUTE ?? 5000) || 5000,
  windowMs: 60_000,
  maxQueued: 16,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route(
  { query: whatIfQuery },
  async ({ query: q, viewer }): Promise<WhatIfAnswer> => {
    const ctx = await getViewerContext();
    const { deletes, deleteCluster } = deletionsOf(q);
    if (q.policy === undefined && deletes.length === 0 && deleteCluster.length === 0) {
      throw new VigilError("bad-input", "give a policy to apply, a policy to delete, or both");
    }
    const parsed =
      q.policy !== undefined
        ? parsePolicyText(decodePolicyParam(q.policy), ctx.snapshot.source.takenAt)
        : undefined;
    const apply = parsed?.policies ?? [];
    const applyCluster = parsed?.clusterPolicies ?? [];
    // Deletions of either kind count against one limit.
    checkWhatIfCost(apply, deletes.length + deleteCluster.length, applyCluster);
    const result = await budget.run(viewer.name, () =>
      whatIf(ctx.snapshot, { apply, applyCluster, delete: deletes, deleteCluster }),
    );
    return boundWhatIfAnswer({
      gained: result.gained,
      lost: result.lost,
      gainedTotal: result.gained.length,
      lostTotal: result.lost.length,
      externals: result.externals,
      changes: result.changes,
      invalid: [
        ...result.invalid.map((i) => ({
          policy: { namespace: i.policy.namespace, name: i.policy.name },
          problems: i.problems,
        })),
        ...result.invalidCluster.map((i) => ({
          policy: { kind: i.policy.kind, namespace: "", name: i.policy.name },
          problems: i.problems,
        })),
      ],
      warnings: parsed?.warnings ?? [],
      partial: ctx.snapshot.gaps.some((g) => PARTIAL_WHEN_MISSING.has(g.resource)),
    });
  },
);
