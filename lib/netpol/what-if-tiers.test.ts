import { describe, expect, it } from "vitest";
import { parsePolicyText } from "@/app/api/network/what-if/parse-policy-text";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { whatIf } from "@/lib/netpol/what-if";
import { loadManifests } from "@/lib/sources/load-manifests";

// What-if with cluster-tier policies (docs/semantics.md §1b) over fixtures/netpol-tiers: added by kind and name,
// replacing the one of the same kind and name, deleted by kind and name, and reported instead of evaluated when
// the CRD would reject it.

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
    // A valid NetworkPolicy first: the refusal can only come from the cluster-tier document's version.
    expect(() =>
      parsePolicyText(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { namespace: a, name: p }\nspec: { podSelector: {} }\n---\n" +
          "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ClusterNetworkPolicy\nmetadata: { name: x }\n",
        T,
      ),
    ).toThrow(expect.objectContaining({ code: "bad-input" }));
  });

  it("deletes cluster-tier policies of each kind by kind and name, the inverse of adding them back", async () => {
    const s = await loadManifests([FIXTURE]);
    const valid = analyzeNetwork(s).clusterPolicies.flatMap((p) =>
      s.clusterNetworkPolicies.slice(p.index, p.index + 1),
    );
    expect(new Set(valid.map((p) => p.kind))).toEqual(
      new Set(["ClusterNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy"]),
    );
    for (const policy of valid) {
      const deleted = whatIf(s, { deleteCluster: [{ kind: policy.kind, name: policy.name }] });
      expect(deleted.changes).toEqual([
        { kind: policy.kind, namespace: "", name: policy.name, action: "deleted" },
      ]);
      // The cluster without it, then the policy given back: what was lost is gained and the other way round.
      const without = {
        ...s,
        clusterNetworkPolicies: s.clusterNetworkPolicies.filter(
          (p) => p.kind !== policy.kind || p.name !== policy.name,
        ),
      };
      const back = whatIf(without, {
        applyCluster: s.clusterNetworkPolicies.filter(
          (p) => p.kind === policy.kind && p.name === policy.name,
        ),
      });
      expect(back.gained, `${policy.kind} ${policy.name}`).toEqual(deleted.lost);
      expect(back.lost, `${policy.kind} ${policy.name}`).toEqual(deleted.gained);
    }
  });

  it("deleting the BaselineAdminNetworkPolicy opens monitoring, and a kind or name that is not there is not found", async () => {
    const s = await loadManifests([FIXTURE]);
    const open = whatIf(s, {
      deleteCluster: [
        { kind: "BaselineAdminNetworkPolicy", name: "default" },
        { kind: "AdminNetworkPolicy", name: "default" },
        { kind: "ClusterNetworkPolicy", name: "no-such-policy" },
      ],
    });
    expect(open.changes.map((c) => `${c.kind} ${c.name} ${c.action}`)).toEqual([
      "BaselineAdminNetworkPolicy default deleted",
      "AdminNetworkPolicy default not found",
      "ClusterNetworkPolicy no-such-policy not found",
    ]);
    expect(open.lost).toEqual([]);
    expect(open.gained.length).toBeGreaterThan(0);
    // Its only rule denied ingress into monitoring: only connections into monitoring are gained.
    expect(open.gained.every((c) => c.to.startsWith("monitoring/"))).toBe(true);
    expect(open.gained.some((c) => c.from.startsWith("shop/"))).toBe(true);
  });

  it("deletes before it applies: a policy both deleted and given is the one given", async () => {
    const s = await loadManifests([FIXTURE]);
    const same = s.clusterNetworkPolicies.filter(
      (p) => p.kind === "AdminNetworkPolicy" && p.name === "shop-not-to-billing",
    );
    expect(same).toHaveLength(1);
    const r = whatIf(s, {
      deleteCluster: [{ kind: "AdminNetworkPolicy", name: "shop-not-to-billing" }],
      applyCluster: same,
    });
    expect(r.changes.map((c) => c.action)).toEqual(["deleted", "added"]);
    expect(r.gained).toEqual([]);
    expect(r.lost).toEqual([]);
  });
});
