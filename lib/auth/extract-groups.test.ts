import { describe, expect, it } from "vitest";
import { extractGroups } from "@/lib/auth/extract-groups";

describe("extractGroups", () => {
  it("reads an array of strings from the named claim", () => {
    expect(extractGroups({ groups: ["team-frontend", "ops"] }, "groups")).toEqual(["team-frontend", "ops"]);
  });

  it("accepts a single string as one group", () => {
    expect(extractGroups({ groups: "admins" }, "groups")).toEqual(["admins"]);
  });

  it("reaches into nested claims by dotted path, as Keycloak sends them", () => {
    expect(extractGroups({ realm_access: { roles: ["viewer"] } }, "realm_access.roles")).toEqual(["viewer"]);
  });

  it("prefers a claim whose own name contains a dot over a nested path", () => {
    expect(extractGroups({ "https://example.com/groups": ["a"] }, "https://example.com/groups")).toEqual([
      "a",
    ]);
  });

  it("drops non-string members, blanks and duplicates", () => {
    expect(extractGroups({ groups: ["a", 1, null, " ", "a", { x: 1 }, "b "] }, "groups")).toEqual(["a", "b"]);
  });

  it("gives no groups when the claim is missing or of another type", () => {
    expect(extractGroups({}, "groups")).toEqual([]);
    expect(extractGroups({ groups: 42 }, "groups")).toEqual([]);
    expect(extractGroups({ a: "x" }, "a.b")).toEqual([]);
  });
});
