import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths } from "@/dev/cluster/config";
import { idTokenOf, requireControlPlane } from "@/dev/cluster/live-testing";
import { loadViewerSnapshot } from "@/lib/sources/load-viewer-snapshot";
import { closeSharedSnapshot } from "@/lib/sources/live/shared-source";
import type { AccessMode } from "@/lib/sources/access-modes";
import { optInGaps } from "@/lib/sources/live/opt-in-gaps";
import type { Snapshot } from "@/lib/model/types";

// Each source of the app (lib/sources/load-viewer-snapshot.ts) on the real control plane seeded with the demo: token mode
// with alice's and bob's real ID tokens (the API server's RBAC decides), serviceaccount mode through
// vigil/vigil (SubjectAccessReviews decide), and snapshot mode on the bundled demo (Vigil's RBAC engine
// decides). The three must show each viewer the same workloads; what a viewer may not read is a gap.

const DEMO_NAMESPACES = "a12,ci,default,g04,kube-system,kubernetes-dashboard,shop,t75,vigil";
const VIEWERS = {
  alice: { name: "alice@example.com", groups: ["team-frontend"] },
  bob: { name: "bob@example.com", groups: ["security-reviewers"] },
} as const;
const saved = { kubeconfig: process.env.VIGIL_KUBECONFIG, namespaces: process.env.VIGIL_NAMESPACES };

beforeAll(() => {
  requireControlPlane();
  process.env.VIGIL_NAMESPACES = DEMO_NAMESPACES;
});

afterAll(() => {
  closeSharedSnapshot();
  for (const [key, value] of [
    ["VIGIL_KUBECONFIG", saved.kubeconfig],
    ["VIGIL_NAMESPACES", saved.namespaces],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function viewerSnapshot(mode: AccessMode, viewer: keyof typeof VIEWERS): Promise<Snapshot> {
  process.env.VIGIL_KUBECONFIG = mode === "token" ? paths.anonymousKubeconfig : paths.vigilKubeconfig;
  const idToken = mode === "token" ? await idTokenOf(viewer) : "";
  return (await loadViewerSnapshot(mode, VIEWERS[viewer], idToken, { VIGIL_MANIFESTS: "" })).snapshot;
}

const keys = (items: readonly { namespace: string; name: string }[]) =>
  [...new Set(items.map((i) => `${i.namespace}/${i.name}`))].sort();

describe("the app's sources on the live control plane", () => {
  it("show alice only g04, with gaps instead of a failure, in every mode alike", async () => {
    const token = await viewerSnapshot("token", "alice");
    const serviceaccount = await viewerSnapshot("serviceaccount", "alice");
    const snapshot = await viewerSnapshot("snapshot", "alice");
    for (const s of [token, serviceaccount, snapshot]) {
      expect(new Set(s.pods.map((p) => p.namespace))).toEqual(new Set(["g04"]));
      expect(s.gaps.length).toBeGreaterThan(0);
      expect(s.gaps.every((g) => g.status === "forbidden" || g.status === "not-read")).toBe(true);
    }
    // The live reads ran without VIGIL_READ_TLS_SECRETS, and say so; the manifests hold what they hold.
    for (const live of [token, serviceaccount])
      expect(live.gaps).toEqual(expect.arrayContaining(optInGaps({})));
    expect(snapshot.gaps.some((g) => g.status === "not-read")).toBe(false);
    expect(token.gaps).toContainEqual(
      expect.objectContaining({ resource: "namespaces", status: "forbidden" }),
    );
    expect(keys(token.pods)).toEqual(keys(snapshot.pods));
    expect(keys(serviceaccount.pods)).toEqual(keys(snapshot.pods));
    expect(keys(token.services)).toEqual(keys(snapshot.services));
    expect(keys(serviceaccount.services)).toEqual(keys(snapshot.services));
    expect(keys(token.networkPolicies)).toEqual(keys(snapshot.networkPolicies));
    expect(keys(serviceaccount.networkPolicies)).toEqual(keys(snapshot.networkPolicies));
  });

  it("show bob, a security reviewer, every workload and policy of the demo in every mode alike", async () => {
    const token = await viewerSnapshot("token", "bob");
    const serviceaccount = await viewerSnapshot("serviceaccount", "bob");
    const snapshot = await viewerSnapshot("snapshot", "bob");
    // Only what Vigil was set not to read: TLS Secrets (VIGIL_READ_TLS_SECRETS is not set here).
    expect(token.gaps).toEqual(optInGaps({}));
    // The gate asks the API server about Secrets too, which bob may not read: that is the only other gap.
    expect(serviceaccount.gaps).toEqual(expect.arrayContaining(optInGaps({})));
    expect(
      serviceaccount.gaps.every(
        (g) => g.resource === "secrets" && (g.status === "forbidden" || g.status === "not-read"),
      ),
    ).toBe(true);
    for (const live of [token, serviceaccount]) {
      expect(live.source.kind).toBe("live");
      expect(keys(live.pods)).toEqual(keys(snapshot.pods));
      expect(keys(live.workloads)).toEqual(keys(snapshot.workloads));
      expect(keys(live.networkPolicies)).toEqual(keys(snapshot.networkPolicies));
      expect(keys(live.ingresses)).toEqual(keys(snapshot.ingresses));
      // The live API server adds its own namespaces (kube-public, kube-node-lease) to the demo's.
      expect(live.namespaces.map((n) => n.name)).toEqual(
        expect.arrayContaining(snapshot.namespaces.map((n) => n.name)),
      );
    }
  });
});
