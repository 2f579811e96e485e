import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/sources/load-manifests";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import {
  buildCoverage,
  buildMatrix,
  buildNetworkView,
  NODE_H,
  NODE_W,
  sampleAddress,
} from "@/lib/views/build-network-view";
import { canConnect } from "@/lib/netpol/can-connect";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";

// The Network page's view models over the demo manifests (fixtures/demo) and the template fixture.

describe("buildNetworkView", () => {
  it("draws the demo's g04 frontend -> backend edge with its port, and explains it through the node samples", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/demo"]));
    const view = buildNetworkView(analysis, { namespace: "g04" });
    const edge = view.edges.find((e) => e.id === "g04/frontend[Pod]>g04/backend[Pod]");
    expect(edge).toMatchObject({
      ports: "TCP 3000",
      example: { protocol: "TCP", port: 3000 },
      implementationDefined: false,
    });
    const from = view.nodes.find((n) => n.id === edge?.from);
    const to = view.nodes.find((n) => n.id === edge?.to);
    expect(from?.sample).toBe("g04/frontend");
    const answer = canConnect(
      analysis,
      resolveEndpoint(analysis, from?.sample ?? ""),
      resolveEndpoint(analysis, to?.sample ?? ""),
      "TCP",
      3000,
    );
    expect(answer.allowed).toBe(true);
  });

  it("does not draw all-port edges between unrestricted ends, and counts them", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/demo"]));
    const view = buildNetworkView(analysis);
    expect(view.hiddenOpenEdges).toBeGreaterThan(0);
    for (const e of view.edges) {
      const a = view.nodes.find((n) => n.id === e.from);
      const b = view.nodes.find((n) => n.id === e.to);
      expect(
        Boolean(
          (a?.kind === "external" || a?.openEgress) &&
          (b?.kind === "external" || b?.openIngress) &&
          e.ports === "all ports",
        ),
      ).toBe(false);
    }
    // a12's worker may not reach the metadata address; other unrestricted workloads may.
    expect(view.nodes.find((n) => n.id === "a12/worker[Pod]")?.reachesMetadata).toBe(false);
    expect(view.nodes.find((n) => n.id === "default/other[Pod]")?.reachesMetadata).toBe(true);
  });

  it("lays nodes out without overlaps, inside their namespace box", async () => {
    const view = buildNetworkView(analyzeNetwork(await loadManifests(["fixtures/demo"])));
    const boxes = view.nodes.map((n) => [n.x, n.y, n.x + NODE_W, n.y + NODE_H] as const);
    boxes.forEach((a, i) =>
      boxes
        .slice(i + 1)
        .forEach((b) => expect(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]).toBe(false)),
    );
    for (const n of view.nodes.filter((x) => x.kind === "workload")) {
      const g = view.groups.find((x) => x.namespace === n.namespace);
      expect(
        g && n.x >= g.x && n.x + NODE_W <= g.x + g.width && n.y >= g.y && n.y + NODE_H <= g.y + g.height,
      ).toBe(true);
    }
  });

  it("filters by port and direction", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/netpol-templates"]));
    const byPort = buildNetworkView(analysis, { port: { protocol: "TCP", port: 5432 } });
    expect(byPort.edges.map((e) => e.id)).toEqual(["shop/api[Deployment]>shop/db[StatefulSet]"]);
    const ingress = buildNetworkView(analysis, { direction: "ingress" });
    expect(ingress.edges.every((e) => !e.from.includes("["))).toBe(true);
    expect(ingress.nodes.find((n) => n.id === "shop/web[Deployment]")?.exposed).toBe(true);
  });

  it("picks 8.8.8.8 to stand for the internet and the metadata address for itself", () => {
    expect(sampleAddress("0.0.0.0/1,128.0.0.0/2")).toBe("8.8.8.8");
    expect(sampleAddress("169.254.169.254/32")).toBe("169.254.169.254");
    expect(sampleAddress("10.0.0.0/8")).toBe("10.0.0.1");
  });
});

describe("buildMatrix and buildCoverage", () => {
  it("gives the matrix of one namespace with the internet as a source", async () => {
    const m = buildMatrix(analyzeNetwork(await loadManifests(["fixtures/netpol-templates"])), "shop");
    expect(m.destinations.map((d) => d.label)).toEqual(["api", "db", "web"]);
    const web = m.sources.findIndex((s) => s.label === "web");
    expect(m.cells[web]).toEqual(["TCP 8080", undefined, undefined]);
    const internet = m.sources.findIndex((s) => s.label.startsWith("internet"));
    expect(m.cells[internet]).toEqual([undefined, undefined, "TCP 80"]);
  });

  it("counts isolated pods and default-deny policies per namespace", async () => {
    const rows = buildCoverage(analyzeNetwork(await loadManifests(["fixtures/demo"])));
    // backend, frontend, and the drifted orion-worker Deployment (fixtures/demo/80-workload-hardening.yaml).
    expect(rows.find((r) => r.namespace === "g04")).toMatchObject({
      pods: 3,
      ingressIsolated: 3,
      egressIsolated: 0,
      defaultDenyIngress: true,
      defaultDenyEgress: false,
    });
    expect(rows.find((r) => r.namespace === "a12")).toMatchObject({
      egressIsolated: 1,
      defaultDenyEgress: true,
    });
  });
});
