import { describe, expect, it } from "vitest";
import { parsePolicyText } from "@/app/api/network/what-if/parse-policy-text";
import { whatIf } from "@/lib/netpol/what-if";
import { loadManifests } from "@/lib/sources/load-manifests";

// What-if with cluster-tier policies (docs/semantics.md §1b) over fixtures/netpol-tiers: added by kind and name,
// replacing the one of the same kind and name, and reported instead of evaluated when the CRD would reject it.

const FIXTURE = "fixtures/netpol-tiers";
const T = "2026-11-30T00:00:00Z";

describe("what-if with cluster-tier policies", () => {
  it("an Admin Deny of everything into a namespace loses every connection into it, and replacing it by kind and name works", async () => {
    const s = await loadManifests([FIXTURE]);
    const deny = parsePolicyText(
      `apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: { name: close-billing }
spec:
  tier: Admin
  priority: 1
  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: billing } } }
  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]
`,
      T,
    );
    expect(deny.policies).toEqual([]);
    const closed = whatIf(s, { applyCluster: deny.clusterPolicies });
    expect(closed.changes).toEqual([
      { kind: "ClusterNetworkPolicy", namespace: "", name: "close-billing", action: "added" },
    ]);
    expect(closed.gained).toEqual([]);
    expect(closed.lost.length).toBeGreaterThan(0);
    // Every lost connection goes into billing (its own pods are in `namespaces: {}` too).
    expect(closed.lost.every((c) => c.to.startsWith("billing/"))).toBe(true);

    // The same name with a Pass instead: nothing changes relative to the cluster.
    const replaced = whatIf(s, {
      applyCluster: parsePolicyText(
        `apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: { name: deny-metadata }
spec:
  tier: Admin
  priority: 20
  subject: { namespaces: {} }
  egress: [{ action: Pass, to: [{ networks: ["169.254.169.254/32"] }] }]
`,
        T,
      ).clusterPolicies,
    });
    expect(replaced.changes[0]?.action).toBe("replaced");
    expect(replaced.gained.some((c) => c.to.includes("169.254.169.254"))).toBe(true);
  });

  it("reports a cluster-tier policy its CRD would reject, and evaluates nothing of it", async () => {
    const s = await loadManifests([FIXTURE]);
    const bad = parsePolicyText(
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: no-priority }
spec:
  subject: { namespaces: {} }
  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]
`,
      T,
    );
    const r = whatIf(s, { applyCluster: bad.clusterPolicies });
    expect(r.invalidCluster.map((i) => `${i.policy.kind} ${i.policy.name} ${i.problems[0]?.field}`)).toEqual([
      "AdminNetworkPolicy no-priority spec.priority",
    ]);
    expect(r.lost).toEqual([]);
    expect(r.gained).toEqual([]);
  });

  it("refuses a cluster-tier kind at an API version that does not serve it", () => {
    expect(() =>
      parsePolicyText(
        "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ClusterNetworkPolicy\nmetadata: { name: x }\n",
        T,
      ),
    ).toThrow(/ClusterNetworkPolicy's apiVersion must be policy.networking.k8s.io\/v1beta1 or v1alpha2/);
  });
});
