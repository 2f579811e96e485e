import { z } from "zod";
import { describe, expect, it } from "vitest";
import { choice, flag, hrefWith, parseQuery, text, texts } from "@/lib/views/page-query";

const schema = z.object({ q: text, groups: texts, sort: choice(["name", "risk"]), all: flag("all") });

describe("page queries", () => {
  it("read a parameter as its first non-empty trimmed value, or absent", () => {
    expect(parseQuery(schema, { q: "  x " }).q).toBe("x");
    expect(parseQuery(schema, { q: ["a", "b"] }).q).toBe("a");
    expect(parseQuery(schema, { q: "   " }).q).toBeUndefined();
    expect(parseQuery(schema, {}).q).toBeUndefined();
  });

  it("read every non-empty value of a repeated parameter", () => {
    expect(parseQuery(schema, { groups: ["a", " ", " b "] }).groups).toEqual(["a", "b"]);
    expect(parseQuery(schema, { groups: "a" }).groups).toEqual(["a"]);
    expect(parseQuery(schema, {}).groups).toEqual([]);
  });

  it("read a value outside a closed set as absent instead of failing", () => {
    expect(parseQuery(schema, { sort: "risk" }).sort).toBe("risk");
    expect(parseQuery(schema, { sort: "<script>" }).sort).toBeUndefined();
  });

  it("read a flag as set only for its own value", () => {
    expect(parseQuery(schema, { all: "all" }).all).toBe(true);
    expect(parseQuery(schema, { all: "yes" }).all).toBe(false);
    expect(parseQuery(schema, {}).all).toBe(false);
  });

  it("build links without the empty parameters", () => {
    expect(hrefWith("/access", { a: "1", b: undefined, c: "", d: "x y" })).toBe("/access?a=1&d=x+y");
    expect(hrefWith("/access", {})).toBe("/access");
  });
});
