import { edgeGeometry } from "@/components/network/canvas-geometry";
import { drawableEdges, fontsFor, layoutNetwork, rectsOverlap, type Measure } from "@/components/network/layout-network";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkView } from "@/lib/views/build-network-view";
const measure: Measure = (text, px, bold) => text.length * px * (bold ? 0.62 : 0.55);
const view = buildNetworkView(analyzeNetwork(await loadManifests(["fixtures/demo"])), {}, { exposed: new Set(["t75/nginx[Deployment]"]) });
for (const w of [1300, 1850]) {
const layout = layoutNetwork(view, w, fontsFor(false), measure);
const geo = edgeGeometry(drawableEdges(layout, view.edges), layout, measure);
for (const b of layout.boxes.values()) console.log("B", b.namespace, JSON.stringify(b.rect));
for (const g of geo) {
  const hitN = [...layout.nodes.values()].filter((p) => rectsOverlap(p.rect, g.plate)).map((p) => p.node.id);
  const hitL = geo.filter((o) => o !== g && rectsOverlap(o.plate, g.plate)).map((o) => o.edge.id);
  if (hitN.length || hitL.length) console.log(w, "OVER", g.edge.id, JSON.stringify(g.plate), hitN, hitL);
}}
