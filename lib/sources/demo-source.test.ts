import { describe, expect, it } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";

describe("the bundled demo cluster", () => {
  it("loads without a single warning, with the story's namespaces, pods and policies", async () => {
    const s = await loadDemoSnapshot(new Date("2030-05-01T12:00:00Z"));
    expect(s.warnings).toEqual([]);
    expect(s.namespaces.map((n) => n.name)).toEqual(
      expect.arrayContaining([
        "g04",
        "t75",
        "a12",
        "shop",
        "kubernetes-dashboard",
        "kube-system",
        "vigil",
        "default",
      ]),
    );
    expect(s.namespaces.find((n) => n.name === "g04")?.labels).toEqual({
      app: "orion",
      "kubernetes.io/metadata.name": "g04",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
    });
    expect(s.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(
      expect.arrayContaining(["g04/backend", "g04/frontend", "default/other"]),
    );
    expect(s.networkPolicies.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual([
      "a12/default-deny-egress-metadata-server",
      "g04/backend-ingress",
      "g04/default-deny-all",
      "shop/my-app-network-policy",
    ]);
  });

  it("carries the generated TLS Secrets the Ingresses refer to, without their keys", async () => {
    const s = await loadDemoSnapshot(new Date("2030-05-01T12:00:00Z"));
    const tls = s.secrets
      .filter((x) => x.type === "kubernetes.io/tls")
      .map((x) => `${x.namespace}/${x.name}`);
    expect(tls).toEqual(expect.arrayContaining(["t75/accounting-secret", "shop/shop-tls"]));
    expect(JSON.stringify(s)).not.toContain("PRIVATE KEY");
  });
});
