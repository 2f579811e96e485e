import { describe, expect, it } from "vitest";
import {
  KNOWN_RESOURCES,
  KNOWN_VERBS,
  suggestionsFromDiscovery,
  suggestionsFromSnapshot,
} from "@/lib/rbac/request-suggestions";
import { loadManifests } from "@/lib/sources/load-manifests";

// The shape GET /api and GET /apis answer with Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList.
const core = {
  apiVersion: "apidiscovery.k8s.io/v2",
  kind: "APIGroupDiscoveryList",
  items: [
    {
      metadata: { name: "" },
      versions: [
        {
          version: "v1",
          resources: [
            {
              resource: "pods",
              scope: "Namespaced",
              verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
              subresources: [{ subresource: "exec", verbs: ["create", "get"] }],
            },
            { resource: "secrets", scope: "Namespaced", verbs: ["get", "list"] },
          ],
        },
      ],
    },
  ],
};
const groups = {
  apiVersion: "apidiscovery.k8s.io/v2",
  kind: "APIGroupDiscoveryList",
  items: [
    {
      metadata: { name: "example.com" },
      versions: [{ version: "v1", resources: [{ resource: "widgets", verbs: ["get", "frobnicate"] }] }],
    },
  ],
};

describe("the access forms' suggestions", () => {
  it("come from aggregated discovery: every resource, its subresources and verbs, plus the RBAC-only verbs", () => {
    const s = suggestionsFromDiscovery([core, groups]);
    expect(s?.source).toBe("discovery");
    expect(s?.resources).toEqual(["pods", "pods/exec", "secrets", "widgets"]);
    expect(s?.verbs).toEqual(
      expect.arrayContaining(["get", "list", "frobnicate", "bind", "escalate", "impersonate"]),
    );
    // The common verbs first, in the known order; the rest sorted.
    expect(s?.verbs.slice(0, 3)).toEqual(["get", "list", "watch"]);
  });

  it("are none from a document that is not aggregated discovery (an old server's APIVersions, a Status)", () => {
    expect(
      suggestionsFromDiscovery([{ kind: "APIVersions", versions: ["v1"] }, { kind: "Status" }]),
    ).toBeUndefined();
    expect(suggestionsFromDiscovery([])).toBeUndefined();
  });

  it("in snapshot mode, add what the manifests' roles name, without wildcards", async () => {
    const s = suggestionsFromSnapshot(await loadManifests(["fixtures/demo"]));
    expect(s.source).toBe("manifests");
    expect(s.resources).toEqual(expect.arrayContaining([...KNOWN_RESOURCES, "pods/log"]));
    expect(s.verbs).toEqual(expect.arrayContaining(KNOWN_VERBS));
    expect([...s.verbs, ...s.resources].some((v) => v.includes("*"))).toBe(false);
  });
});
