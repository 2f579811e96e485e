import { beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/types";
import { generateCluster } from "@/dev/generator/generate-cluster";
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

  it("shows a page of binding rows unless asked for all, and narrows the findings to the namespace", () => {
    const page = buildAccessPage(demo, parseQuery(accessQuery, {}));
    expect(page.shownRows.length).toBe(Math.min(page.rows.length, page.pageRows));
    const all = buildAccessPage(demo, parseQuery(accessQuery, { rows: "all" }));
    expect(all.shownRows.length).toBe(all.rows.length);
    const shop = buildAccessPage(demo, parseQuery(accessQuery, { ns: "shop" }));
    expect(shop.findingCount).toBeLessThanOrEqual(page.findingCount);
    expect(page.findings.every((f) => f.title.length > 0)).toBe(true);
  });

  it("pages the binding rows: every row on exactly one page, Previous and Next between them", () => {
    const large = generateCluster({
      seed: 7,
      namespaces: 6,
      podsPerNamespace: 2,
      policiesPerNamespace: 1,
      roles: 20,
      bindings: 120,
    });
    const first = buildAccessPage(large, parseQuery(accessQuery, {}));
    expect(first.rows.length).toBeGreaterThan(2 * first.pageRows);
    expect(first.start).toBe(0);
    expect(first.previousHref).toBeUndefined();
    const seen: string[] = [];
    let page = first;
    for (let i = 0; i < 100 && page.nextHref; i++) {
      seen.push(...page.shownRows.map((r) => r.id));
      expect(page.shownRows.length).toBe(page.pageRows);
      const start = new URL(page.nextHref, "http://x").searchParams.get("start") ?? "";
      const next = buildAccessPage(large, parseQuery(accessQuery, { start }));
      expect(next.start).toBe(page.start + page.pageRows);
      expect(next.previousHref).toBe(
        page.start === 0 ? "/access#bindings" : `/access?start=${page.start}#bindings`,
      );
      page = next;
    }
    seen.push(...page.shownRows.map((r) => r.id));
    expect(seen).toEqual(first.rows.map((r) => r.id));
    // The filters and sort are kept from page to page; a start past the end or not a number is the last or first page.
    const sorted = buildAccessPage(large, parseQuery(accessQuery, { sort: "subject", q: "a" }));
    expect(sorted.nextHref ?? "").toMatch(/^\/access\?q=a&sort=subject&start=50#bindings$/);
    expect(buildAccessPage(large, parseQuery(accessQuery, { start: "999999" })).start).toBe(page.start);
    expect(buildAccessPage(large, parseQuery(accessQuery, { start: "-5" })).start).toBe(0);
    expect(buildAccessPage(large, parseQuery(accessQuery, { start: "x" })).start).toBe(0);
    // "Show all" has every row and no pages.
    const all = buildAccessPage(large, parseQuery(accessQuery, { rows: "all", start: "50" }));
    expect(all.shownRows.length).toBe(all.rows.length);
    expect([all.start, all.previousHref, all.nextHref]).toEqual([0, undefined, undefined]);
  });

  it("a `?finding=` link opens the page holding that finding's first binding row", () => {
    const large = generateCluster({
      seed: 7,
      namespaces: 6,
      podsPerNamespace: 2,
      policiesPerNamespace: 1,
      roles: 20,
      bindings: 120,
    });
    const rows = buildAccessPage(large, parseQuery(accessQuery, {})).rows;
    const index = rows.findLastIndex((r) => r.risks.length > 0);
    const finding = rows[index]?.risks[0]?.findingId ?? "";
    expect(index).toBeGreaterThanOrEqual(50);
    const page = buildAccessPage(large, parseQuery(accessQuery, { finding }));
    const first = rows.findIndex((r) => r.risks.some((k) => k.findingId === finding));
    expect(page.start).toBe(Math.floor(first / page.pageRows) * page.pageRows);
    expect(page.shownRows.some((r) => r.risks.some((k) => k.findingId === finding))).toBe(true);
  });
});
