import { describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import { snapshotToManifests } from "@/lib/model/snapshot-to-manifests";
import { readManifestObjects } from "@/lib/sources/load-manifests";
import type { Snapshot } from "@/lib/model/types";

function roundTrip(s: Snapshot): Snapshot {
  const text = JSON.stringify(snapshotToManifests(s));
  return buildSnapshot(parseManifestText(text, "saved.json"), s.source);
}

const withoutWarnings = (s: Snapshot) => ({ ...s, warnings: [] });

describe("saving a snapshot as manifests", () => {
  it("loads back into the same snapshot for the demo cluster", async () => {
    const s = await loadDemoSnapshot(new Date("2030-01-01T00:00:00Z"));
    const back = roundTrip(s);
    expect(back.warnings).toEqual([]);
    expect(withoutWarnings(back)).toEqual(withoutWarnings(s));
  });

  it("loads back the cluster-tier policies of both API generations, invalid ones included", async () => {
    const s = await loadManifests(["fixtures/netpol-tiers"]);
    expect(s.clusterNetworkPolicies.length).toBeGreaterThan(5);
    const back = roundTrip(s);
    expect(back.clusterNetworkPolicies).toEqual(s.clusterNetworkPolicies);
  });

  it("loads back into the same snapshot for a generated cluster with live pods, IPs and owners", () => {
    const s = generateCluster({
      seed: 3,
      namespaces: 4,
      podsPerNamespace: 6,
      policiesPerNamespace: 6,
      roles: 30,
      bindings: 60,
    });
    expect(withoutWarnings(roundTrip(s))).toEqual(withoutWarnings(s));
  });

  it("keeps the cluster-tier policies of both API generations (fixtures/netpol-tiers)", async () => {
    const s = buildSnapshot(
      await readManifestObjects(
        ["v1alpha1", "v1alpha2", "v1beta1", "workloads"].map((f) => `fixtures/netpol-tiers/${f}.yaml`),
      ),
      {
        kind: "manifests",
        name: "tiers",
        takenAt: "2030-01-01T00:00:00.000Z",
      },
    );
    expect(s.clusterNetworkPolicies.map((p) => p.apiVersion)).toEqual(
      expect.arrayContaining([
        "policy.networking.k8s.io/v1alpha1",
        "policy.networking.k8s.io/v1alpha2",
        "policy.networking.k8s.io/v1beta1",
      ]),
    );
    expect(withoutWarnings(roundTrip(s))).toEqual(withoutWarnings(s));
  });

  it("never writes a Secret value other than a TLS certificate", async () => {
    const s = await loadDemoSnapshot(new Date("2030-01-01T00:00:00Z"));
    const text = JSON.stringify(snapshotToManifests(s));
    expect(text).not.toContain(Buffer.from("demo-not-a-real-key").toString("base64"));
    expect(text).not.toMatch(/PRIVATE KEY/);
    expect(Buffer.from(text).toString()).not.toContain("LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t");
  });
});

describe("a saved snapshot records what its viewer could not see", () => {
  it("writes alice's gaps and reads them back, so the snapshot opened later is not a complete cluster", async () => {
    const { gateSnapshot } = await import("@/lib/gating/gate-snapshot");
    const { rbacDecide } = await import("@/lib/gating/rbac-decide");
    const { buildOverview } = await import("@/lib/views/build-overview");
    const now = new Date("2030-01-01T00:00:00Z");
    const demo = await loadDemoSnapshot(now);
    const alice = gateSnapshot(
      demo,
      rbacDecide(demo, { name: "alice@example.com", groups: ["team-frontend"] }),
    );
    expect(alice.gaps.length).toBeGreaterThan(5);
    const back = roundTrip(alice);
    expect(back.warnings).toEqual([]);
    expect(back.gaps).toEqual(alice.gaps);
    // No namespace appears from a gap's own namespace field.
    expect(back.namespaces.map((n) => n.name)).toEqual(["g04"]);
    // Opened by bob, who may read every RBAC kind of it, the figures stay unknown: alice could not read them.
    const asBob = gateSnapshot(back, () => "allow");
    const o = buildOverview(asBob, now);
    expect(o.rbac.bySeverity.critical).toMatchObject({ known: false, seen: 0 });
    expect(o.certificates.byStatus.expired.known).toBe(false);
  });

  it("skips a malformed gap with a warning naming the field", () => {
    const s = buildSnapshot(
      [
        {
          object: {
            apiVersion: "vigil.dev/v1",
            kind: "AccessGap",
            metadata: { name: "g" },
            resource: "pods",
            status: "maybe",
          },
          origin: { file: "saved.yaml", document: 1 },
        },
      ],
      { kind: "manifests", name: "saved.yaml", takenAt: "2030-01-01T00:00:00.000Z" },
    );
    expect(s.gaps).toEqual([]);
    expect(s.warnings).toContainEqual(expect.objectContaining({ field: "status", file: "saved.yaml" }));
    expect(s.namespaces).toEqual([]);
  });
});
