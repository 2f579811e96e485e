import { describe, expect, it } from "vitest";
import { generateClusterObjects } from "@/dev/generator/generate-cluster";
import { generateClusterPolicyObjects } from "@/dev/generator/generate-cluster-policies";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";

const cluster = {
  seed: 3,
  namespaces: 12,
  podsPerNamespace: 10,
  policiesPerNamespace: 6,
  roles: 0,
  bindings: 0,
};

function load(count: number) {
  const objects = [
    ...generateClusterObjects(cluster),
    ...generateClusterPolicyObjects(5, count, cluster.namespaces),
  ];
  return buildSnapshot(
    objects.map((object, i) => ({ object, origin: { file: "generated", document: i + 1 } })),
    { kind: "manifests", name: "generated", takenAt: "1970-01-01T00:00:00.000Z" },
  );
}

describe("the cluster-tier policy generator", () => {
  it("gives the same objects for the same seed and nothing when asked for none", () => {
    expect(JSON.stringify(generateClusterPolicyObjects(5, 40, 12))).toBe(
      JSON.stringify(generateClusterPolicyObjects(5, 40, 12)),
    );
    expect(generateClusterPolicyObjects(5, 0, 12)).toEqual([]);
  });

  it("produces the requested count of policies that the CRDs would all accept", () => {
    const snapshot = load(40);
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.clusterNetworkPolicies).toHaveLength(40);
    const analysis = analyzeNetwork(snapshot);
    expect(analysis.invalidCluster).toEqual([]);
    expect(analysis.clusterPolicies).toHaveLength(40);
  });

  it("writes guardrails: a tenant pod reaches CoreDNS on 53 only, over its NetworkPolicy's UDP-only rule", () => {
    const snapshot = load(40);
    const analysis = analyzeNetwork(snapshot);
    const classOf = (ns: string, pred: (labels: Record<string, string>) => boolean) => {
      const i = snapshot.pods.findIndex((p) => p.namespace === ns && pred(p.labels));
      return analysis.podClass[i] as number;
    };
    const tenant = classOf("ns-0000", () => true);
    const dns = classOf("kube-system", (l) => l["k8s-app"] === "kube-dns");
    const toDns = analysis.classToClass(tenant, dns).any;
    expect(toDns.UDP).toEqual([53, 53]);
    expect(toDns.TCP).toEqual([53, 53]);
    const findings = findNetworkRisks(snapshot, analysis).map((f) => f.rule);
    expect(findings).not.toContain("NET-010");
    expect(findings).not.toContain("NET-005");
  });
});
