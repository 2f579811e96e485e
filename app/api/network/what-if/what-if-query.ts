import { z } from "zod";
import type { ClusterPolicyKind } from "@/lib/model/cluster-policy-types";
import { WHAT_IF_LIMITS } from "@/lib/views/what-if-answer";

// The what-if route's query: `policy` (base64url YAML), `delete=namespace/name` for NetworkPolicies and
// `deleteCluster=Kind/name` for cluster-tier policies (ClusterNetworkPolicy, AdminNetworkPolicy,
// BaselineAdminNetworkPolicy: cluster-scoped, so a kind instead of a namespace), each repeatable.

const CLUSTER_KINDS = ["ClusterNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy"] as const;

const ref = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, "must be namespace/name");
const clusterRef = z
  .string()
  .trim()
  .regex(
    new RegExp(`^(${CLUSTER_KINDS.join("|")})/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$`),
    `must be Kind/name, Kind one of ${CLUSTER_KINDS.join(", ")}`,
  );
const many = <T extends z.ZodType>(one: T) =>
  z.union([one, z.array(one).max(WHAT_IF_LIMITS.deletes)]).optional();

export const whatIfQuery = z.object({
  // base64url of textBytes is 4/3 as long; the exact byte limit is checked after decoding.
  policy: z
    .string()
    .max(
      Math.ceil((WHAT_IF_LIMITS.textBytes * 4) / 3) + 4,
      `the policy text is too long for the what-if editor (${WHAT_IF_LIMITS.textBytes / 1024} KiB at most)`,
    )
    .optional(),
  delete: many(ref),
  deleteCluster: many(clusterRef),
});

const listOf = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The deletions a parsed query asks for: NetworkPolicies by namespace/name, cluster-tier ones by kind/name. */
export function deletionsOf(q: z.infer<typeof whatIfQuery>): {
  deletes: { namespace: string; name: string }[];
  deleteCluster: { kind: ClusterPolicyKind; name: string }[];
} {
  return {
    deletes: listOf(q.delete).map((d) => {
      const [namespace = "", name = ""] = d.split("/");
      return { namespace, name };
    }),
    deleteCluster: listOf(q.deleteCluster).map((d) => {
      const [kind = "", name = ""] = d.split("/");
      return { kind: kind as ClusterPolicyKind, name };
    }),
  };
}
