import { describe, expect, it } from "vitest";
import { parseServiceAccountUser, userInfoFor } from "@/lib/rbac/user-info";

describe("userInfoFor", () => {
  it("adds system:authenticated to every non-anonymous user", () => {
    expect(userInfoFor("alice", ["devs"]).groups).toEqual(["devs", "system:authenticated"]);
  });

  it("adds the service-account groups to a service-account user", () => {
    expect(userInfoFor("system:serviceaccount:ci:deployer").groups).toEqual([
      "system:serviceaccounts",
      "system:serviceaccounts:ci",
      "system:authenticated",
    ]);
  });

  it("puts the anonymous user in system:unauthenticated only", () => {
    expect(userInfoFor("system:anonymous").groups).toEqual(["system:unauthenticated"]);
  });

  it("does not repeat a group given explicitly", () => {
    expect(userInfoFor("bob", ["system:authenticated"]).groups).toEqual(["system:authenticated"]);
  });

  it("treats a malformed service-account name as a plain user", () => {
    expect(parseServiceAccountUser("system:serviceaccount:ci")).toBeUndefined();
    expect(parseServiceAccountUser("system:serviceaccount:a:b:c")).toBeUndefined();
    expect(userInfoFor("system:serviceaccount:ci").groups).toEqual(["system:authenticated"]);
  });
});
