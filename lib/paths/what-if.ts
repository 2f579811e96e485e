import type { Snapshot } from "@/lib/model/types";
import { applyPolicyChanges } from "@/lib/netpol/what-if";
import { ENFORCE_LABEL } from "@/lib/paths/pod-security";

// What-if for attack paths: apply a fix in memory (a default-deny ingress policy in a namespace, or a Pod
// Security level enforced there) and search again. The fix is judged by the same engines as the cluster.

export type PathFix =
  | { kind: "default-deny"; namespace: string }
  | { kind: "enforce"; namespace: string; level: "baseline" | "restricted" };

export function applyPathFixes(snapshot: Snapshot, fixes: readonly PathFix[]): Snapshot {
  let out = snapshot;
  const deny = fixes.filter((f) => f.kind === "default-deny");
  if (deny.length > 0) {
    out = applyPolicyChanges(out, {
      apply: deny.map((f) => ({
        namespace: f.namespace,
        name: "vigil-what-if-default-deny-ingress",
        labels: {},
        podSelector: { matchLabels: {}, matchExpressions: [] },
        policyTypes: ["Ingress"],
      })),
    }).snapshot;
  }
  for (const f of fixes) {
    if (f.kind !== "enforce") continue;
    const known = out.namespaces.some((n) => n.name === f.namespace);
    const namespaces = known
      ? out.namespaces.map((n) =>
          n.name === f.namespace ? { ...n, labels: { ...n.labels, [ENFORCE_LABEL]: f.level } } : n,
        )
      : [
          ...out.namespaces,
          {
            name: f.namespace,
            labels: { "kubernetes.io/metadata.name": f.namespace, [ENFORCE_LABEL]: f.level },
          },
        ];
    out = { ...out, namespaces };
  }
  return out;
}
