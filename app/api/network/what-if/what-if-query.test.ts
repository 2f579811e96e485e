import { describe, expect, it } from "vitest";
import { queryObject } from "@/lib/http/create-route";
import { deletionsOf, whatIfQuery } from "@/app/api/network/what-if/what-if-query";

// The what-if route's query as the route wrapper reads it (repeated keys become lists): NetworkPolicies to delete
// by namespace/name, cluster-tier policies by Kind/name.

const parse = (qs: string) => whatIfQuery.safeParse(queryObject(new URLSearchParams(qs)));

describe("the what-if query", () => {
  it("reads one or many deletions of either kind", () => {
    const one = parse("deleteCluster=BaselineAdminNetworkPolicy/default");
    expect(one.success && deletionsOf(one.data)).toEqual({
      deletes: [],
      deleteCluster: [{ kind: "BaselineAdminNetworkPolicy", name: "default" }],
    });
    const many = parse(
      "delete=g04/backend-ingress&deleteCluster=ClusterNetworkPolicy/kube-system-guard&deleteCluster=AdminNetworkPolicy/a.b-c",
    );
    expect(many.success && deletionsOf(many.data)).toEqual({
      deletes: [{ namespace: "g04", name: "backend-ingress" }],
      deleteCluster: [
        { kind: "ClusterNetworkPolicy", name: "kube-system-guard" },
        { kind: "AdminNetworkPolicy", name: "a.b-c" },
      ],
    });
  });

  it("refuses a kind that is not a cluster-tier policy, a namespaced reference and a bad name", () => {
    for (const bad of [
      "deleteCluster=NetworkPolicy/x",
      "deleteCluster=g04/backend-ingress",
      "deleteCluster=clusternetworkpolicy/x",
      "deleteCluster=AdminNetworkPolicy/Bad_Name",
      "deleteCluster=AdminNetworkPolicy/",
    ]) {
      const r = parse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message, bad).toMatch(/must be Kind\/name/);
    }
    expect(parse("delete=AdminNetworkPolicy/x").success).toBe(false);
  });

  it("bounds the number of deletions", () => {
    const qs = Array.from({ length: 51 }, (_, i) => `deleteCluster=AdminNetworkPolicy/p${i}`).join("&");
    expect(parse(qs).success).toBe(false);
  });
});
