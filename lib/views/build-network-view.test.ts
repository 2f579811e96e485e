import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/sources/load-manifests";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { buildNetworkView, sampleAddress } from "@/lib/views/build-network-view";
import { buildCoverage, buildMatrix } from "@/lib/views/network-matrix";
import { canConnect } from "@/lib/netpol/can-connect";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";

// The Network page's view models over the demo manifests (fixtures/demo) and the template fixture.

describe("buildNetworkView", () => {
  it("lists the demo's g04 frontend -> backend connection with its port, and explains it through the node samples", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/demo"]));
    const view = buildNetworkView(analysis, { namespace: "g04" });
    const edge = view.edges.find((e) => e.id === "g04/frontend[Pod]>g04/backend[Pod]");
    expect(edge).toMatchObject({
      ports: "TCP 3000",
      example: { protocol: "TCP", port: 3000 },
      implementationDefined: false,
      members: ["g04/frontend[Pod]>g04/backend[Pod]"],
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

  it("has one internet node and one cloud metadata node, whatever the address families", async () => {
    const view = buildNetworkView(analyzeNetwork(await loadManifests(["fixtures/demo"])));
    expect(view.nodes.filter((n) => n.kind === "internet").map((n) => n.label)).toEqual(["internet"]);
    expect(view.nodes.filter((n) => n.kind === "metadata").map((n) => n.label)).toEqual(["cloud metadata"]);
    const metadata = view.nodes.find((n) => n.kind === "metadata");
    expect(metadata?.detail).toContain("169.254.169.254/32");
    expect(metadata?.detail).toContain("fd00:ec2::254/128");
    // a12's worker may reach only IPv4 internet addresses: a partial connection, with the detail.
    const worker = view.connections.find((c) => c.id === "a12/worker[Pod]>internet");
    expect(worker).toMatchObject({ partial: true, ports: "all ports" });
    expect(worker?.detail).toContain("0.0.0.0/0 except 169.254.169.254/32: all ports");
    expect(view.nodes.find((n) => n.id === "a12/worker[Pod]")?.reachesMetadata).toBe(false);
    expect(view.nodes.find((n) => n.id === "default/other[Pod]")?.reachesMetadata).toBe(true);
  });

  it("draws every connection, aggregated: each is a member of exactly one edge with its own ports", async () => {
    const view = buildNetworkView(analyzeNetwork(await loadManifests(["fixtures/demo"])));
    const drawn = view.connections.filter((c) => c.from !== "metadata");
    const members = view.edges.flatMap((e) => e.members);
    expect(members.sort()).toEqual(drawn.map((c) => c.id).sort());
    for (const e of view.edges) {
      for (const m of e.members) expect(view.connections.find((c) => c.id === m)?.ports).toBe(e.ports);
    }
    // Far fewer edges than connections, and the internet's edges are drawn.
    expect(view.edges.length).toBeLessThan(view.connections.length / 3);
    expect(view.edges.some((e) => e.from === "internet")).toBe(true);
    expect(view.fromMetadata).toBeGreaterThan(0);
  });

  it("marks the internet edge of a workload exposed by an Ingress, and never folds it into its namespace", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/demo"]));
    const exposed = new Set(["t75/nginx[Deployment]"]);
    const view = buildNetworkView(analysis, {}, { exposed });
    const edge = view.edges.find((e) => e.from === "internet" && e.to === "t75/nginx[Deployment]");
    expect(edge).toMatchObject({ exposed: true, internet: true });
    expect(view.nodes.find((n) => n.id === "t75/nginx[Deployment]")?.exposed).toBe(true);
  });

  it("lists shop's egress on TCP 443 exactly as the engine answers each pair (every end, open ones included)", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/demo"]));
    const view = buildNetworkView(analysis, {
      namespace: "shop",
      direction: "egress",
      port: { protocol: "TCP", port: 443 },
    });
    const all = buildNetworkView(analysis);
    const targets = all.nodes.filter((n) => n.kind !== "group");
    const want: string[] = [];
    for (const src of all.nodes.filter((n) => n.kind === "workload" && n.namespace === "shop")) {
      for (const dst of targets) {
        if (dst.id === src.id) continue;
        // The reference: any address of the target, asked one by one (the internet node merges both families).
        const samples =
          dst.kind === "workload"
            ? [dst.sample]
            : (dst.detail ?? "").split("; ").map((l) => sampleAddress(l.split(" ")[0] ?? ""));
        const ok = samples.some(
          (s) =>
            canConnect(
              analysis,
              resolveEndpoint(analysis, src.sample),
              resolveEndpoint(analysis, s),
              "TCP",
              443,
            ).allowed,
        );
        if (ok) want.push(`${src.id}>${dst.id}`);
      }
    }
    const got = view.connections
      .map((c) => c.id)
      .filter((id) => !id.split(">").every((x, _, a) => x === a[0]));
    expect(want.length).toBeGreaterThan(0);
    expect(got.sort()).toEqual(want.sort());
    expect(got).toContain("shop/untrusted-app[Pod]>internet");
  });

  it("filters by port and direction", async () => {
    const analysis = analyzeNetwork(await loadManifests(["fixtures/netpol-templates"]));
    const byPort = buildNetworkView(analysis, { port: { protocol: "TCP", port: 5432 } });
    expect(byPort.connections.map((e) => e.id)).toContain("shop/api[Deployment]>shop/db[StatefulSet]");
    expect(byPort.connections.every((c) => c.ports !== "TCP 8080")).toBe(true);
    const ingress = buildNetworkView(analysis, { direction: "ingress" });
    expect(ingress.connections.every((e) => !e.from.includes("["))).toBe(true);
    expect(ingress.connections.some((e) => e.from === "internet" && e.to === "shop/web[Deployment]")).toBe(
      true,
    );
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
