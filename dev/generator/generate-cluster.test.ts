import { describe, expect, it } from "vitest";
import { generateCluster, generateClusterObjects } from "@/dev/generator/generate-cluster";

const small = {
  seed: 7,
  namespaces: 5,
  podsPerNamespace: 8,
  policiesPerNamespace: 6,
  roles: 20,
  bindings: 50,
};

describe("the synthetic cluster generator", () => {
  it("gives the same objects for the same seed and different ones for another seed", () => {
    expect(JSON.stringify(generateClusterObjects(small))).toBe(JSON.stringify(generateClusterObjects(small)));
    expect(JSON.stringify(generateClusterObjects({ ...small, seed: 8 }))).not.toBe(
      JSON.stringify(generateClusterObjects(small)),
    );
  });

  it("produces exactly the requested counts, valid enough to load without a warning", () => {
    const s = generateCluster(small);
    expect(s.warnings).toEqual([]);
    expect(s.namespaces).toHaveLength(5);
    expect(s.pods.filter((p) => !p.representative)).toHaveLength(40);
    expect(s.networkPolicies).toHaveLength(30);
    expect(s.roles).toHaveLength(20);
    expect(s.bindings).toHaveLength(50);
  });

  it("groups generated pods under their Deployments, so no representative pod is added", () => {
    const s = generateCluster(small);
    expect(s.pods.every((p) => p.workload.kind === "Deployment" && !p.representative)).toBe(true);
  });
});
