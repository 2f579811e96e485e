import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { projectEdges, projectGraph } from "@/lib/netpol/project-graph";
import { whatIf } from "@/lib/netpol/what-if";
import { cluster, pod, policy, rule } from "@/lib/netpol/testing/build";

// An ipBlock of ::/0 with hundreds of /128 excepts spread over the space is a few KB of YAML and tens of
// thousands of CIDRs: the external node's id used to be that whole list, repeated on every edge (14 MB).

const spread = (n: number) => Array.from({ length: n }, (_, i) => `${(i * 117 + 1).toString(16)}::1/128`);
const client = pod("g04", "client", { app: "client" });
const server = pod("g04", "server", { app: "server" });
const wide = (n: number) =>
  policy("g04", "wide", {
    policyTypes: ["Egress"],
    egress: [rule([{ ipBlock: { cidr: "::/0", except: spread(n) } }])],
  });

describe("external node ids", () => {
  it("are short for a range with hundreds of excepts, and the same on every run", () => {
    const snapshot = cluster({ pods: [client, server], policies: [wide(300)] });
    const a = projectEdges(analyzeNetwork(snapshot), "workload");
    const b = projectEdges(analyzeNetwork(snapshot), "workload");
    const externals = [...a.nodes.values()].filter((n) => n.kind === "external");
    expect(externals.length).toBeGreaterThan(0);
    for (const n of externals) {
      expect(n.id.length).toBeLessThanOrEqual(200);
      expect((n.label ?? "").length).toBeLessThanOrEqual(200);
    }
    expect([...b.nodes.keys()].sort()).toEqual([...a.nodes.keys()].sort());
    expect(externals.some((n) => n.id.startsWith("ext:"))).toBe(true);
  });

  it("stay the exact CIDR list when it is short, as the CLI contract says", () => {
    const simple = policy("g04", "simple", {
      policyTypes: ["Egress"],
      egress: [rule([{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }])],
    });
    const g = projectGraph(analyzeNetwork(cluster({ pods: [client], policies: [simple] })), "workload");
    const ids = g.nodes.filter((n) => n.kind === "external" && !n.internet).map((n) => n.id);
    expect(ids).toContain("10.1.0.0/16");
    expect(ids).toContain(
      "10.0.0.0/16,10.2.0.0/15,10.4.0.0/14,10.8.0.0/13,10.16.0.0/12,10.32.0.0/11,10.64.0.0/10,10.128.0.0/9",
    );
  });

  it("carry the exact CIDRs once, on the node, in the CLI graph", () => {
    const g = projectGraph(analyzeNetwork(cluster({ pods: [client], policies: [wide(20)] })), "workload");
    const hashed = g.nodes.filter((n) => n.id.startsWith("ext:"));
    expect(hashed.length).toBeGreaterThan(0);
    for (const n of hashed) expect(n.cidrs?.length ?? 0).toBeGreaterThan(8);
    // Every except is its own range, so it appears in no node's CIDRs but its own.
    const all = g.nodes.flatMap((n) => n.cidrs ?? n.id.split(","));
    expect(all).toContain("1::1/128");
  });

  it("keep a what-if over 300 excepts small", () => {
    const snapshot = cluster({ pods: [client, server], policies: [] });
    const result = whatIf(snapshot, { apply: [wide(300)] });
    expect(result.lost.length).toBeGreaterThan(0);
    expect(JSON.stringify(result).length).toBeLessThan(50_000);
    for (const c of [...result.gained, ...result.lost]) {
      if (c.to.startsWith("ext:")) expect(result.externals.map((e) => e.id)).toContain(c.to);
    }
  });
});
