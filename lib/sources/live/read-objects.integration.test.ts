import { beforeAll, describe, expect, it } from "vitest";
import { idTokenOf, kubeConfigOf, readLiveSnapshot, requireControlPlane } from "@/dev/cluster/live-testing";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { READ_KINDS } from "@/lib/sources/live/read-kinds";
import type { Snapshot } from "@/lib/model/types";

// The live reader against the real API server seeded with the demo: through Vigil's own ServiceAccount
// (serviceaccount mode) and through the demo users' real ID tokens (token mode), where the API server's RBAC
// decides, for real, and what a user may not read becomes a gap instead of a failure.

const DEMO_NAMESPACES = [
  "a12",
  "ci",
  "default",
  "g04",
  "kube-system",
  "kubernetes-dashboard",
  "shop",
  "t75",
  "vigil",
];

let demo: Snapshot;

beforeAll(async () => {
  requireControlPlane();
  demo = await loadDemoSnapshot(new Date("2026-11-23T00:00:00.000Z"));
});

const keys = (items: readonly { namespace?: string; name: string }[]) =>
  items.map((i) => `${i.namespace ?? ""}/${i.name}`).sort();

describe("reading the demo cluster through vigil/vigil (serviceaccount mode)", () => {
  it("reads every allowlisted kind without a gap, and finds every demo object", async () => {
    const { read, snapshot } = await readLiveSnapshot({ kubeConfig: kubeConfigOf("vigil") });
    expect(read.gaps).toEqual([]);
    expect(snapshot.warnings).toEqual([]);
    // One list per kind suffices at this size: no per-namespace fallback was needed. Istio is not installed
    // here, so its older version (v1beta1) is asked for too; ClusterNetworkPolicy is served at v1beta1.
    expect(read.requests).toBe(READ_KINDS.length + 1);
    expect(snapshot.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining(DEMO_NAMESPACES));
    for (const kind of [
      "pods",
      "workloads",
      "services",
      "ingresses",
      "networkPolicies",
      "serviceAccounts",
      "nodes",
    ] as const) {
      expect(keys(snapshot[kind]), kind).toEqual(expect.arrayContaining(keys(demo[kind])));
    }
    expect(keys(snapshot.roles)).toEqual(expect.arrayContaining(keys(demo.roles)));
    expect(keys(snapshot.bindings)).toEqual(expect.arrayContaining(keys(demo.bindings)));
    expect(keys(snapshot.certManagerCertificates)).toEqual(keys(demo.certManagerCertificates));
    expect(keys(snapshot.csrs)).toEqual(keys(demo.csrs));
  });

  it("maps the live network policies exactly as the demo's manifests", async () => {
    const { snapshot } = await readLiveSnapshot({ kubeConfig: kubeConfigOf("vigil") });
    const sorted = (s: Snapshot) =>
      [...s.networkPolicies].sort((a, b) =>
        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
      );
    expect(sorted(snapshot)).toEqual(sorted(demo));
  });

  it("never reads Secrets: the ServiceAccount may not, and the reader does not ask unless told to", async () => {
    const { read, snapshot } = await readLiveSnapshot({ kubeConfig: kubeConfigOf("vigil") });
    expect(snapshot.secrets).toEqual([]);
    const withSecrets = await readLiveSnapshot({
      kubeConfig: kubeConfigOf("vigil"),
      includeTlsSecrets: true,
    });
    // Forbidden cluster-wide, then in each namespace the ServiceAccount listed: one gap per namespace.
    expect(withSecrets.read.gaps.every((g) => g.resource === "secrets" && g.status === "forbidden")).toBe(
      true,
    );
    expect(withSecrets.read.gaps.map((g) => g.namespace).sort()).toEqual(
      snapshot.namespaces.map((n) => n.name).sort(),
    );
    expect(withSecrets.snapshot.secrets).toEqual([]);
    expect(read.objects.some((o) => o["kind"] === "Secret")).toBe(false);
  });
});

describe("reading the demo cluster with the demo users' own ID tokens (token mode)", () => {
  it("gives alice the pods of g04 and a forbidden gap, not a failure, for every other namespace", async () => {
    const { read, snapshot } = await readLiveSnapshot({
      kubeConfig: kubeConfigOf("token-mode"),
      bearerToken: await idTokenOf("alice"),
      namespaces: DEMO_NAMESPACES,
    });
    // alice (group team-frontend) has the built-in view role in g04 only.
    expect(snapshot.pods.length).toBeGreaterThan(0);
    expect(new Set(snapshot.pods.map((p) => p.namespace))).toEqual(new Set(["g04"]));
    expect(
      snapshot.pods
        .filter((p) => !p.representative)
        .map((p) => p.name)
        .sort(),
    ).toEqual(
      demo.pods
        .filter((p) => p.namespace === "g04" && !p.representative)
        .map((p) => p.name)
        .sort(),
    );
    expect(read.gaps).toContainEqual({
      resource: "namespaces",
      status: "forbidden",
      message: "you may not list namespaces cluster-wide",
    });
    for (const ns of DEMO_NAMESPACES.filter((n) => n !== "g04")) {
      expect(read.gaps).toContainEqual({
        resource: "pods",
        namespace: ns,
        status: "forbidden",
        message: `you may not list pods in namespace ${ns}`,
      });
    }
    expect(read.gaps.some((g) => g.resource === "pods" && g.namespace === "g04")).toBe(false);
    expect(read.gaps.every((g) => g.status === "forbidden")).toBe(true);
  });

  it("gives bob, a security reviewer, everything Vigil reads and nothing more", async () => {
    const token = await idTokenOf("bob");
    const { read } = await readLiveSnapshot({ kubeConfig: kubeConfigOf("token-mode"), bearerToken: token });
    expect(read.gaps).toEqual([]);
    const secrets = await readLiveSnapshot({
      kubeConfig: kubeConfigOf("token-mode"),
      bearerToken: token,
      includeTlsSecrets: true,
    });
    expect(secrets.read.gaps.filter((g) => g.resource === "secrets").length).toBeGreaterThan(0);
    expect(secrets.snapshot.secrets).toEqual([]);
  });

  it("gives carol, who has no grant, an empty snapshot made only of gaps", async () => {
    const { read, snapshot } = await readLiveSnapshot({
      kubeConfig: kubeConfigOf("token-mode"),
      bearerToken: await idTokenOf("carol"),
      namespaces: ["g04"],
    });
    expect(read.objects).toEqual([]);
    expect(snapshot.gaps.length).toBeGreaterThanOrEqual(READ_KINDS.length);
    expect(read.gaps.every((g) => g.status === "forbidden")).toBe(true);
  });

  it("turns a token the API server does not accept into unavailable gaps, never objects", async () => {
    const { read } = await readLiveSnapshot({
      kubeConfig: kubeConfigOf("token-mode"),
      bearerToken: "not-a-token",
    });
    expect(read.objects).toEqual([]);
    expect(read.gaps.length).toBe(READ_KINDS.length);
    expect(read.gaps.every((g) => g.status === "unavailable" && g.message.includes("HTTP 401"))).toBe(true);
  });
});
