import { beforeAll, describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkView } from "@/lib/views/build-network-view";
import { CONNECTION_PAGE, connectionPage, edgeMembers, endNameOf } from "@/lib/views/connection-rows";
import type { NetworkView } from "@/lib/views/network-view-types";
import { packNetworkView, unpackNetworkView } from "@/lib/views/pack-network-view";

// What the Network page sends its client: the packed drawn view gives back every drawn edge exactly (less its
// connections' ids), and the connection list a page at a time gives back the whole list.

let demo: NetworkAnalysis;
let generated: NetworkAnalysis;
beforeAll(async () => {
  demo = analyzeNetwork(await loadManifests(["fixtures/demo"]));
  generated = analyzeNetwork(
    generateCluster({
      seed: 42,
      namespaces: 20,
      podsPerNamespace: 10,
      policiesPerNamespace: 10,
      roles: 10,
      bindings: 10,
    }),
  );
});

function withoutMembers(e: NetworkView["edges"][number]) {
  const drawn: Partial<typeof e> = { ...e };
  delete drawn.members;
  return drawn;
}

function views(): [string, NetworkView][] {
  return [
    ["the demo", buildNetworkView(demo)],
    ["the demo's g04", buildNetworkView(demo, { namespace: "g04" })],
    [
      "the demo's shop, egress on TCP/443",
      buildNetworkView(demo, {
        namespace: "shop",
        direction: "egress",
        port: { protocol: "TCP", port: 443 },
      }),
    ],
    ["the demo, ingress", buildNetworkView(demo, { direction: "ingress" })],
    ["a generated cluster", buildNetworkView(generated)],
  ];
}

describe("packNetworkView", () => {
  it("unpacks to the drawn view: every edge, its count and its first connection's ends", () => {
    for (const [, view] of views()) {
      const back = unpackNetworkView(JSON.parse(JSON.stringify(packNetworkView(view))));
      expect(back.edges).toEqual(view.edges.map((e) => withoutMembers(e)));
      expect(back.nodes).toEqual(view.nodes);
      expect(back.namespaces).toEqual(view.namespaces);
      expect(back).toMatchObject({
        connectionCount: view.connections.length,
        fromMetadata: view.fromMetadata,
      });
    }
  });

  it("covers aggregated edges (groups and namespace boxes, explained through a connection) and is a fraction of the view", () => {
    const view = buildNetworkView(generated);
    const aggregated = view.edges.filter((e) => e.memberCount > 1);
    expect(aggregated.length).toBeGreaterThan(0);
    for (const e of aggregated) {
      expect(e.via).toBeDefined();
      expect(e.members[0]).toBe(`${e.via?.from}>${e.via?.to}`);
    }
    expect(view.edges.some((e) => e.from.startsWith("ns:") || e.to.startsWith("ns:"))).toBe(true);
    const packed = JSON.stringify(packNetworkView(view)).length;
    expect(packed).toBeLessThan(JSON.stringify(view).length / 3);
  });

  it("keeps an edge id that is not the usual one", () => {
    const view = buildNetworkView(demo);
    const odd = { ...view, edges: view.edges.map((e, i) => (i === 0 ? { ...e, id: "odd" } : e)) };
    expect(unpackNetworkView(packNetworkView(odd)).edges[0]?.id).toBe("odd");
  });
});

describe("connectionPage", () => {
  it("gives the whole list back a page at a time, with its counts and its ends' names", () => {
    for (const [, view] of views()) {
      const nodes = new Map(view.nodes.map((n) => [n.id, n]));
      const rows = [];
      for (let offset = 0; ; offset += 7) {
        const page = connectionPage(view, { offset, limit: 7 });
        expect(page).toMatchObject({ total: view.connections.length, matched: view.connections.length });
        if (page.rows.length === 0) break;
        rows.push(...page.rows);
      }
      expect(rows.map((r) => r.id)).toEqual(view.connections.map((c) => c.id));
      for (const r of rows)
        expect([r.fromName, r.toName]).toEqual([endNameOf(nodes, r.from), endNameOf(nodes, r.to)]);
    }
  });

  it("keeps the rows holding a text, whatever the case, and never more than a page", () => {
    const view = buildNetworkView(generated);
    const nodes = new Map(view.nodes.map((n) => [n.id, n]));
    const naive = connectionPage(view, { limit: 100_000 });
    const ns = `${(naive.rows[0]?.fromName ?? "").split("/")[0]}/`;
    const page = connectionPage(view, { q: ` ${ns.toUpperCase()} `, limit: 100_000 });
    expect(page.rows.length).toBe(Math.min(CONNECTION_PAGE, page.matched));
    expect(page.matched).toBeGreaterThan(0);
    expect(page.matched).toBeLessThan(naive.total);
    const holding = view.connections.filter((c) =>
      `${endNameOf(nodes, c.from)} ${endNameOf(nodes, c.to)} ${c.ports}`.toLowerCase().includes(ns),
    );
    expect(page.rows.map((r) => r.id)).toEqual(holding.slice(0, CONNECTION_PAGE).map((c) => c.id));
    expect(page.matched).toBe(holding.length);
    expect(connectionPage(view, { q: "no such thing" })).toMatchObject({
      rows: [],
      matched: 0,
      q: "no such thing",
    });
  });

  it("lists a drawn edge's connections in its order, and nothing for an unknown edge", () => {
    const view = buildNetworkView(generated);
    const edge = view.edges.find((e) => e.memberCount > 1);
    const members = edge ? edgeMembers(view, edge.id) : undefined;
    expect(members?.total).toBe(edge?.memberCount);
    expect(members?.rows.map((r) => r.id)).toEqual(edge?.members.slice(0, CONNECTION_PAGE));
    expect(edgeMembers(view, "no-such-edge")).toBeUndefined();
  });
});
