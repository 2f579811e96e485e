// GET /api/network/what-if?policy=<base64url YAML>[&delete=ns/name]...: the workload connections gained and
// lost if the given NetworkPolicies were applied (added, or replacing one of the same namespace/name) and the
// named ones deleted, over what the viewer may see. A GET, not a server action: every JSON route goes through
// the one wrapper (session, GET/HEAD only, zod, audit line), and nothing is written anywhere; the text is
// bounded (parse-policy-text.ts) so that the URL stays small.
import { z } from "zod";
import { decodePolicyParam, parsePolicyText } from "@/app/api/network/what-if/parse-policy-text";
import { getViewerContext } from "@/lib/sources/viewer-context";
import { VigilError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { whatIf } from "@/lib/netpol/what-if";

export const dynamic = "force-dynamic";

const ref = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, "must be namespace/name");
const query = z.object({
  policy: z
    .string()
    .max(12_000, "the policy text is too long for the what-if editor (8 KiB at most)")
    .optional(),
  delete: z.union([ref, z.array(ref).max(50)]).optional(),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({ query }, async ({ query: q }) => {
  const ctx = await getViewerContext();
  const deletes = (q.delete === undefined ? [] : Array.isArray(q.delete) ? q.delete : [q.delete]).map((d) => {
    const [namespace = "", name = ""] = d.split("/");
    return { namespace, name };
  });
  if (q.policy === undefined && deletes.length === 0) {
    throw new VigilError("bad-input", "give a policy to apply, a policy to delete, or both");
  }
  const parsed =
    q.policy !== undefined
      ? parsePolicyText(decodePolicyParam(q.policy), ctx.snapshot.source.takenAt)
      : undefined;
  const result = whatIf(ctx.snapshot, { apply: parsed?.policies ?? [], delete: deletes });
  return {
    gained: result.gained,
    lost: result.lost,
    changes: result.changes,
    invalid: result.invalid.map((i) => ({
      policy: { namespace: i.policy.namespace, name: i.policy.name },
      problems: i.problems,
    })),
    warnings: parsed?.warnings ?? [],
    partial: ctx.snapshot.gaps.some((g) => g.resource === "networkpolicies" || g.resource === "pods"),
  };
});
