import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type AdminClient } from "@/dev/cluster/admin-client";
import { idTokenOf, kubeConfigOf, readLiveSnapshot, requireControlPlane } from "@/dev/cluster/live-testing";
import { createOrReplace } from "@/dev/cluster/seed";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import type { RawObject } from "@/lib/sources/live/read-objects";

// The network-policy-api CRDs installed in the local control plane (dev/cluster/crds, applied at `up`): the
// fixtures of both API generations are accepted by the real API server with its CEL rules, read back live by
// the reader, and evaluated; what the CRDs reject is rejected for real; a user who may not list them gets a gap
// (docs/semantics.md §1b).

const FILES = ["v1beta1.yaml", "v1alpha2.yaml", "v1alpha1.yaml"];
const objectsOf = (file: string): RawObject[] =>
  parseAllDocuments(readFileSync(`fixtures/netpol-tiers/${file}`, "utf8"))
    .map((d) => d.toJS() as RawObject)
    .filter((o) => o !== null);

let client: AdminClient;

beforeAll(async () => {
  requireControlPlane();
  client = adminClient();
  for (const file of FILES) for (const o of objectsOf(file)) await createOrReplace(client, o);
});

afterAll(async () => {
  for (const file of FILES) {
    for (const o of objectsOf(file)) {
      const [group, version] = String(o["apiVersion"]).split("/");
      const plural = `${String(o["kind"]).toLowerCase()}s`.replace("policys", "policies");
      const name = (o["metadata"] as { name: string }).name;
      await client.request("DELETE", `/apis/${group}/${version}/${plural}/${name}`);
    }
  }
  client.close();
});

describe("policy tiers in the live control plane", () => {
  it("reads both API generations back through Vigil's own identity, without a gap", async () => {
    const { read, snapshot } = await readLiveSnapshot({ kubeConfig: kubeConfigOf("vigil") });
    expect(read.gaps).toEqual([]);
    const names = snapshot.clusterNetworkPolicies.map((p) => `${p.kind} ${p.name}`).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "AdminNetworkPolicy shop-not-to-billing",
        "BaselineAdminNetworkPolicy default",
        "ClusterNetworkPolicy allow-monitoring",
        "ClusterNetworkPolicy baseline-default-deny",
        "ClusterNetworkPolicy deny-metadata",
        "ClusterNetworkPolicy teams-decide",
      ]),
    );
    const a = analyzeNetwork(snapshot);
    expect(a.invalidCluster).toEqual([]);
    // Read at the storage version v1beta1: the v1alpha2 object is the same object.
    expect(snapshot.clusterNetworkPolicies.find((p) => p.name === "baseline-default-deny")?.apiVersion).toBe(
      "policy.networking.k8s.io/v1beta1",
    );
  });

  it("rejects for real what Vigil reports as invalid", async () => {
    for (const o of objectsOf("invalid.yaml")) {
      const [group, version] = String(o["apiVersion"]).split("/");
      const plural = `${String(o["kind"]).toLowerCase()}s`.replace("policys", "policies");
      const answer = await client.request("POST", `/apis/${group}/${version}/${plural}`, o);
      expect({ name: (o["metadata"] as { name: string }).name, status: answer.status }).toEqual({
        name: (o["metadata"] as { name: string }).name,
        status: 422,
      });
    }
  });

  it("is a gap for a user who may not list them, and no gap where a CRD is missing", async () => {
    const token = await idTokenOf("alice");
    const { read } = await readLiveSnapshot({ kubeConfig: kubeConfigOf("token-mode"), bearerToken: token });
    expect(read.gaps).toContainEqual(
      expect.objectContaining({
        resource: "clusternetworkpolicies.policy.networking.k8s.io",
        status: "forbidden",
      }),
    );
    const bob = await idTokenOf("bob");
    const reviewer = await readLiveSnapshot({ kubeConfig: kubeConfigOf("token-mode"), bearerToken: bob });
    // Cilium, Calico, Antrea and Istio are not installed here: 404, no gap.
    expect(reviewer.read.gaps).toEqual([]);
  });
});
