import { beforeAll, describe, expect, it } from "vitest";
import { generateCluster } from "@/dev/generator/generate-cluster";
import { whatIfChanges } from "@/components/network/what-if-changes";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkView } from "@/lib/views/build-network-view";
import type { NetworkView } from "@/lib/views/network-view-types";
import { packNetworkView, unpackNetworkView } from "@/lib/views/pack-network-view";
import type { WhatIfAnswer } from "@/lib/views/what-if-answer";

// Lost connections are marked on the drawn edges the browser has (counts, not connection ids): the marks are
// those a reference that reads every edge's connection ids makes, on the demo and on a generated cluster whose
// graph has groups and namespace boxes, with the whole cluster's connections lost against filtered views.

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

type Lost = WhatIfAnswer["lost"];
type ChangeMark = ReturnType<typeof whatIfChanges>["marks"] extends Map<string, infer M> ? M : never;

/** The marks as made from every edge's connection ids. */
function reference(view: NetworkView, lost: Lost): Map<string, ChangeMark> {
  const meaning = new Map<string, string>();
  for (const n of view.nodes) for (const x of n.externalIds ?? []) meaning.set(x, n.id);
  const texts = new Map<string, Set<string>>();
  for (const c of lost) {
    const id = `${meaning.get(c.from) ?? c.from}>${meaning.get(c.to) ?? c.to}`;
    const t = c.ports
      .map((p) => `${p.protocol} ${p.from === p.to ? p.from : `${p.from}-${p.to}`}`)
      .join(", ");
    texts.set(id, (texts.get(id) ?? new Set()).add(t));
  }
  const marks = new Map<string, ChangeMark>();
  for (const e of view.edges) {
    const hit = e.members.filter((m) => texts.has(m));
    if (hit.length === 0) continue;
    const all = new Set(hit.flatMap((m) => [...(texts.get(m) ?? [])]));
    const only = all.size === 1 ? [...all][0] : undefined;
    const what = only !== undefined && only.length <= 28 ? only : "some ports";
    const part = hit.length < e.members.length ? ` (${hit.length} of ${e.members.length})` : "";
    marks.set(e.id, { kind: "lost", text: `LOST ${what}${part}` });
  }
  return marks;
}

/** Every `step`-th connection of `whole` lost, with its ends as the engine names them (ranges, not meanings). */
function lostOf(whole: NetworkView, step: number, offset: number): Lost {
  const engineId = new Map(whole.nodes.map((n) => [n.id, n.externalIds?.[0] ?? n.id]));
  return whole.connections
    .filter((_, i) => i % step === offset)
    .map((c, i) => ({
      from: engineId.get(c.from) ?? c.from,
      to: engineId.get(c.to) ?? c.to,
      ports: [{ protocol: "TCP", from: i % 2 ? 443 : 8000, to: i % 2 ? 443 : 8080 }],
    }));
}

function lostMarks(view: NetworkView, lost: Lost): Map<string, ChangeMark> {
  const drawn = unpackNetworkView(packNetworkView(view));
  const { marks } = whatIfChanges(drawn, { gained: [], lost });
  return new Map([...marks].filter(([, m]) => m.kind === "lost"));
}

describe("whatIfChanges", () => {
  it("marks lost connections on the edges that stand for them, as from their connection ids", () => {
    const cases: [NetworkAnalysis, Parameters<typeof buildNetworkView>[1]][] = [
      [demo, {}],
      [demo, { namespace: "g04" }],
      [demo, { namespace: "shop", direction: "egress" }],
      [generated, {}],
      [generated, { direction: "ingress" }],
      [generated, { namespace: buildNetworkView(generated).namespaces[0]?.namespace ?? "" }],
    ];
    let marked = 0;
    const kinds = new Set<string>();
    for (const [analysis, filter] of cases) {
      const whole = buildNetworkView(analysis);
      const view = buildNetworkView(analysis, filter);
      for (const [step, offset] of [
        [1, 0],
        [3, 1],
        [17, 5],
      ] as const) {
        const lost = lostOf(whole, step, offset);
        const expected = reference(view, lost);
        expect(lostMarks(view, lost)).toEqual(expected);
        marked += expected.size;
        for (const [id, m] of expected) {
          if (id.startsWith("group:")) kinds.add("group");
          if (id.includes("ns:")) kinds.add("box");
          if (m.text.includes(" of ")) kinds.add("part");
        }
      }
    }
    // Namespace boxes and groups among the edges marked, some partly.
    expect(marked).toBeGreaterThan(100);
    expect([...kinds].sort()).toEqual(["box", "group", "part"]);
  });
});
