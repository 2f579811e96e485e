import { describe, expect, it } from "vitest";
import { routeLabel, routeTableOf, UNMATCHED } from "@/lib/metrics/route-label";

// The shape Next.js 16 writes to .next/routes-manifest.json (an excerpt of this app's own build).
const MANIFEST = {
  version: 3,
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/access", regex: "^/access(?:/)?$" },
    { page: "/api/overview", regex: "^/api/overview(?:/)?$" },
    { page: "/metrics", regex: "^/metrics(?:/)?$" },
  ],
  dynamicRoutes: [
    { page: "/access/roles/[kind]/[...name]", regex: "^/access/roles/([^/]+?)/(.+?)(?:/)?$" },
    { page: "/certificates/[id]", regex: "^/certificates/([^/]+?)(?:/)?$" },
    { page: "/broken", regex: "^/broken/(" },
  ],
};

describe("the route label of a request", () => {
  const table = routeTableOf(MANIFEST);

  it("is the app route, with the query left out and a trailing slash ignored", () => {
    expect(routeLabel(table, "/")).toBe("/");
    expect(routeLabel(table, "/access?ns=shop&finding=RBAC-001")).toBe("/access");
    expect(routeLabel(table, "/access/")).toBe("/access");
    expect(routeLabel(table, "/api/overview?_rsc=1x2y")).toBe("/api/overview");
  });

  it("names a dynamic route by its pattern, never by the values in the path", () => {
    expect(routeLabel(table, "/access/roles/ClusterRole/system:aggregate-to-view")).toBe(
      "/access/roles/[kind]/[...name]",
    );
    expect(routeLabel(table, "/access/roles/Role/shop/reader")).toBe("/access/roles/[kind]/[...name]");
    expect(routeLabel(table, "/certificates/abc123")).toBe("/certificates/[id]");
  });

  it("puts Next's own assets under two labels and every unknown path under one", () => {
    expect(routeLabel(table, "/_next/static/chunks/app-123.js")).toBe("/_next/static");
    expect(routeLabel(table, "/_next/image?url=x")).toBe("/_next");
    const unknown = ["/nope", "/wp-admin.php", "/access/roles/only-one", "/certificates/a/b"];
    expect(new Set(unknown.map((p) => routeLabel(table, p)))).toEqual(new Set([UNMATCHED]));
  });

  it("skips a route whose pattern does not compile, and reads anything but a manifest as no routes", () => {
    expect(table.patterns.map((p) => p.page)).not.toContain("/broken");
    for (const m of [undefined, null, "text", { staticRoutes: "no" }, { dynamicRoutes: [{ page: 1 }] }]) {
      const empty = routeTableOf(m);
      expect(routeLabel(empty, "/access")).toBe(UNMATCHED);
    }
  });
});
