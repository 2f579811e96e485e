import { beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/types";
import { loadManifests } from "@/lib/sources/load-manifests";
import {
  graphBody,
  graphBodyFor,
  graphHref,
  graphInlineMaxBytes,
  graphPageQuery,
  graphQuery,
  inlineGraphJson,
  matchesEtag,
} from "@/lib/views/network-graph";
import { buildNetworkPage, networkQuery } from "@/lib/views/network-page";
import { parseQuery } from "@/lib/views/page-query";

// The Network graph's JSON (app/api/network/graph): its cache key is the page's for the same filters, its
// body is the packed view the page would have carried, and its validator changes exactly when the view does.

let demo: Snapshot;
beforeAll(async () => {
  demo = await loadManifests(["fixtures/demo"]);
});

const pageKey = (params: Record<string, string>) => JSON.stringify(parseQuery(networkQuery, params));
const graphKey = (params: Record<string, string>) =>
  JSON.stringify(graphPageQuery(parseQuery(graphQuery, params)));

describe("graph cache keys", () => {
  it("are the page's own key for the same filters, so the unfiltered graph reuses the page's view model", () => {
    expect(graphKey({})).toBe(pageKey({}));
    expect(graphKey({})).toBe("{}");
    const filters = { ns: "g04", dir: "egress", port: "TCP/443" };
    expect(graphKey(filters)).toBe(pageKey(filters));
  });

  it("ignore what does not change the drawing (selection, explanation, meeting mode)", () => {
    expect(
      graphKey({ ns: "g04", edge: "a>b", from: "x", to: "y", at: "TCP/1", present: "1", finding: "f" }),
    ).toBe(graphKey({ ns: "g04" }));
  });

  it("differ for every filter that changes the drawing", () => {
    const filters: Record<string, string>[] = [
      {},
      { ns: "g04" },
      { ns: "shop" },
      { dir: "ingress" },
      { dir: "egress" },
      { port: "TCP/80" },
    ];
    const keys = filters.map(graphKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("the page's client asks for the graph of the filters it shows", () => {
    expect(graphHref(parseQuery(networkQuery, {}))).toBe("/api/network/graph");
    expect(
      graphHref(parseQuery(networkQuery, { ns: "g04", dir: "egress", port: "TCP/443", edge: "a>b" })),
    ).toBe("/api/network/graph?ns=g04&dir=egress&port=TCP%2F443");
  });
});

describe("graphBody", () => {
  it("is the packed view as JSON, with a tag that follows the content", () => {
    const all = buildNetworkPage(demo, parseQuery(networkQuery, {}));
    const g04 = buildNetworkPage(demo, parseQuery(networkQuery, { ns: "g04" }));
    const body = graphBody(all.drawn);
    expect(JSON.parse(body.json)).toEqual(JSON.parse(JSON.stringify(all.drawn)));
    expect(body.etag).toMatch(/^"[\w-]{27}"$/);
    expect(graphBody(buildNetworkPage(demo, parseQuery(networkQuery, {})).drawn).etag).toBe(body.etag);
    expect(graphBody(g04.drawn).etag).not.toBe(body.etag);
  });

  it("a viewer's gated snapshot gives its own graph: nothing of a namespace it may not read", () => {
    const onlyG04: Snapshot = {
      ...demo,
      namespaces: demo.namespaces.filter((n) => n.name === "g04"),
      pods: demo.pods.filter((p) => p.namespace === "g04"),
      networkPolicies: demo.networkPolicies.filter((p) => p.namespace === "g04"),
    };
    const whole = graphBody(buildNetworkPage(demo, parseQuery(networkQuery, {})).drawn);
    const gated = graphBody(buildNetworkPage(onlyG04, parseQuery(networkQuery, {})).drawn);
    expect(gated.etag).not.toBe(whole.etag);
    const nodes = (JSON.parse(gated.json) as { nodes: { kind: string; namespace?: string }[] }).nodes;
    expect(nodes.some((n) => n.kind === "workload")).toBe(true);
    for (const n of nodes) if (n.kind === "workload") expect(n.namespace).toBe("g04");
  });
});

describe("conditional answers", () => {
  it("If-None-Match names the tag in a list, weakly, or with *", () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag("*", '"abc"')).toBe(true);
    expect(matchesEtag('"abd"', '"abc"')).toBe(false);
    expect(matchesEtag(null, '"abc"')).toBe(false);
  });
});

describe("a graph the page carries", () => {
  it("is the graph's own JSON when it is at most the limit in UTF-8 bytes, and nothing when larger", () => {
    const body = graphBody(buildNetworkPage(demo, parseQuery(networkQuery, {})).drawn);
    const bytes = Buffer.byteLength(body.json, "utf8");
    expect(inlineGraphJson(body, bytes)).toBe(body.json);
    expect(inlineGraphJson(body, bytes - 1)).toBeUndefined();
    expect(inlineGraphJson(body, 0)).toBeUndefined();
    // Names outside ASCII take more bytes than characters: the limit counts bytes.
    const wide = { json: '{"nodes":["ä"]}', etag: '"x"' };
    expect(inlineGraphJson(wide, wide.json.length)).toBeUndefined();
    expect(inlineGraphJson(wide, wide.json.length + 1)).toBe(wide.json);
  });

  it("is limited by VIGIL_GRAPH_INLINE_KIB: 32 KiB by default, 0 for never", () => {
    expect(graphInlineMaxBytes({})).toBe(32 * 1024);
    expect(graphInlineMaxBytes({ VIGIL_GRAPH_INLINE_KIB: "" })).toBe(32 * 1024);
    expect(graphInlineMaxBytes({ VIGIL_GRAPH_INLINE_KIB: "0" })).toBe(0);
    expect(graphInlineMaxBytes({ VIGIL_GRAPH_INLINE_KIB: " 256 " })).toBe(256 * 1024);
    expect(graphInlineMaxBytes({ VIGIL_GRAPH_INLINE_KIB: "1024" })).toBe(1024 * 1024);
  });

  it("refuses a limit that is not a whole number of KiB from 0 to 1024, naming the variable", () => {
    for (const bad of ["-1", "1.5", "32k", "1025", "1e3", "NaN"]) {
      expect(() => graphInlineMaxBytes({ VIGIL_GRAPH_INLINE_KIB: bad })).toThrow(
        expect.objectContaining({
          code: "bad-input",
          message: `VIGIL_GRAPH_INLINE_KIB must be a whole number of KiB from 0 to 1024, not “${bad}”`,
        }),
      );
    }
  });

  it("shares one cache entry per filters with the route, whatever else the page's query holds", () => {
    const entries = new Map<string, unknown>();
    const memo = <T>(name: string, compute: () => T): T => {
      if (!entries.has(name)) entries.set(name, compute());
      return entries.get(name) as T;
    };
    let computed = 0;
    const drawn = () => {
      computed++;
      return buildNetworkPage(demo, parseQuery(networkQuery, { ns: "g04" })).drawn;
    };
    const fromPage = graphBodyFor(
      memo,
      parseQuery(networkQuery, { ns: "g04", edge: "a>b", present: "1" }),
      drawn,
    );
    const fromRoute = graphBodyFor(memo, parseQuery(graphQuery, { ns: "g04" }), drawn);
    expect(fromRoute).toBe(fromPage);
    expect(computed).toBe(1);
    expect([...entries.keys()]).toEqual([`network-graph|${graphKey({ ns: "g04" })}`]);
  });
});
