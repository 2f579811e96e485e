import { beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/types";
import { loadManifests } from "@/lib/sources/load-manifests";
import { accessQuery, buildAccessPage, myAccessHref } from "@/lib/views/access-page";
import { parseQuery } from "@/lib/views/page-query";

let demo: Snapshot;
beforeAll(async () => {
  demo = await loadManifests(["fixtures/demo"]);
});
const me = { name: "oidc:alice", groups: ["oidc:platform", "system:authenticated"] };

describe("the Access page's query", () => {
  it("reads closed sets strictly and the rest as trimmed text", () => {
    const q = parseQuery(accessQuery, {
      kind: "ServiceAccount",
      scope: "everywhere",
      risk: "high",
      sort: "role",
      defaults: "hide",
      rows: "some",
      verb: " get ",
    });
    expect(q).toMatchObject({
      kind: "ServiceAccount",
      risk: "high",
      sort: "role",
      defaults: true,
      rows: false,
    });
    expect(q.scope).toBeUndefined();
    expect(q.verb).toBe("get");
    expect(parseQuery(accessQuery, { risk: "any", kind: "Robot" })).toMatchObject({ risk: "any" });
    expect(parseQuery(accessQuery, { kind: "Robot" }).kind).toBeUndefined();
  });
});

describe("the Access page", () => {
  it("links every control to the same page with the rest of the state kept", () => {
    const q = parseQuery(accessQuery, {
      ns: "shop",
      q: "admin",
      sort: "subject",
      verb: "get",
      resource: "pods",
    });
    const page = buildAccessPage(demo, q);
    expect(page.sortHref("risk")).toBe("/access?ns=shop&q=admin&verb=get&resource=pods#bindings");
    expect(page.showAllHref).toContain("rows=all");
    expect(page.resetHref).toBe("/access?ns=shop");
    expect(page.keepExcept("q", "sort")).toEqual({ ns: "shop", verb: "get", resource: "pods" });
    expect(myAccessHref(me)).toBe(
      "/access/subjects/User/oidc%3Aalice?group=oidc%3Aplatform&group=system%3Aauthenticated",
    );
  });

  it("answers who-can, and reports a malformed question as an error instead of failing", () => {
    const ok = buildAccessPage(
      demo,
      parseQuery(accessQuery, { verb: "get", resource: "secrets", wns: "shop" }),
    );
    expect(ok.whoError).toBeUndefined();
    expect(ok.whoResult?.subjects.length).toBeGreaterThan(0);
    const bad = buildAccessPage(demo, parseQuery(accessQuery, { resource: "secrets" }));
    expect(bad.whoResult).toBeUndefined();
    expect(bad.whoError).toBeDefined();
  });

  it("shows 200 binding rows unless asked for all, and narrows the findings to the namespace", () => {
    const page = buildAccessPage(demo, parseQuery(accessQuery, {}));
    expect(page.shownRows.length).toBe(Math.min(page.rows.length, page.pageRows));
    const all = buildAccessPage(demo, parseQuery(accessQuery, { rows: "all" }));
    expect(all.shownRows.length).toBe(all.rows.length);
    const shop = buildAccessPage(demo, parseQuery(accessQuery, { ns: "shop" }));
    expect(shop.findingCount).toBeLessThanOrEqual(page.findingCount);
    expect(page.findings.every((f) => f.title.length > 0)).toBe(true);
  });
});
