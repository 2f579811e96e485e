import { describe, expect, it } from "vitest";
import { kubernetesIdentity, manifestPaths, readAccessMode } from "@/lib/sources/access-modes";
import { VigilError } from "@/lib/errors";

describe("access modes", () => {
  it("defaults to snapshot mode and accepts the three modes", () => {
    expect(readAccessMode({})).toBe("snapshot");
    expect(readAccessMode({ VIGIL_MODE: "token" })).toBe("token");
    expect(readAccessMode({ VIGIL_MODE: "serviceaccount" })).toBe("serviceaccount");
  });

  it("refuses an unknown mode with bad-input", () => {
    expect(() => readAccessMode({ VIGIL_MODE: "admin" })).toThrow(VigilError);
    expect(() => readAccessMode({ VIGIL_MODE: "admin" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
  });

  it("prefixes user name and groups as the API server's authentication configuration does", () => {
    expect(
      kubernetesIdentity(
        { name: "alice@example.com", groups: ["g"] },
        { VIGIL_USERNAME_PREFIX: "oidc:", VIGIL_GROUPS_PREFIX: "oidc:" },
      ),
    ).toEqual({
      name: "oidc:alice@example.com",
      groups: ["oidc:g"],
    });
    expect(kubernetesIdentity({ name: "a", groups: [] }, {})).toEqual({ name: "a", groups: [] });
  });

  it("reads manifest paths as a comma-separated list, empty meaning the demo", () => {
    expect(manifestPaths({ VIGIL_MANIFESTS: " a.yaml, dir/ ,," })).toEqual(["a.yaml", "dir/"]);
    expect(manifestPaths({})).toEqual([]);
  });
});
