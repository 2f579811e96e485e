import { edgeGeometry } from "@/components/network/canvas-geometry";
import { drawableEdges, fontsFor, layoutNetwork, rectsOverlap, type Measure } from "@/components/network/layout-network";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkView } from "@/lib/views/build-network-view";
const measure: Measure = (text, px, bold) => text.length * px * (bold ? 0.62 : 0.55);
const view = buildNetworkView(analyzeNetwork(await loadManifests(["fixtures/demo"])), {}, { exposed: new Set(["t75/nginx[Deployment]"]) });
const layout = layoutNetwork(view, 1300, fontsFor(false), measure);
console.log(layout.width, layout.height);
for (const p of layout.nodes.values()) console.log("N", p.node.id, JSON.stringify(p.rect), p.lines, p.badges);
for (const b of layout.boxes.values()) console.log("B", b.namespace, JSON.stringify(b.rect));
const geo = edgeGeometry(drawableEdges(layout, view.edges), layout, measure);
for (const g of geo) {
  const hitN = [...layout.nodes.values()].filter((p) => rectsOverlap(p.rect, g.plate)).map((p) => p.node.id);
  const hitL = geo.filter((o) => o !== g && rectsOverlap(o.plate, g.plate)).map((o) => o.edge.id);
  if (hitN.length || hitL.length) console.log("OVER", g.edge.id, hitN, hitL);
}
