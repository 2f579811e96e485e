import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  centredOn,
  distanceToSegment,
  edgeGeometry,
  fitTransform,
  hitTest,
  MAX_SCALE,
  MIN_SCALE,
  toWorld,
  walk,
  zoomAbout,
} from "@/components/network/canvas-geometry";
import { intersects, visibleWorld } from "@/components/network/draw-network";
import { border } from "@/components/network/edge-segments";
import {
  drawableEdges,
  fontsFor,
  layoutNetwork,
  lineHeight,
  nodeBadges,
  rectsOverlap,
  wrapText,
  type Measure,
} from "@/components/network/layout-network";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkView } from "@/lib/views/build-network-view";
import type { ViewNode } from "@/lib/views/network-view-types";

// What the user sees and clicks on the network canvas, without a browser: the layout for a given width (text at
// its real size, boxes grown to their names, nothing overlapping), arrowheads on the borders, edge labels off the
// nodes, and the picks of a click. The measure is a fixed advance per character, wider for bold text.

const measure: Measure = (text, px, bold) => text.length * px * (bold ? 0.62 : 0.55);

async function demoLayout(width: number, present = false) {
  const view = buildNetworkView(
    analyzeNetwork(await loadManifests(["fixtures/demo"])),
    {},
    {
      exposed: new Set(["t75/nginx[Deployment]"]),
    },
  );
  const layout = layoutNetwork(view, width, fontsFor(present), measure);
  return { view, layout, geometry: edgeGeometry(drawableEdges(layout, view.edges), layout, measure) };
}

describe("layout", () => {
  for (const [width, present] of [
    [1300, false],
    [1850, false],
    [1300, true],
    [1850, true],
  ] as const) {
    it(`places every node, at ${width} px${present ? " in meeting mode" : ""}, without overlaps and inside its namespace box`, async () => {
      const { view, layout } = await demoLayout(width, present);
      expect(layout.nodes.size).toBe(view.nodes.length);
      const rects = [...layout.nodes.values()].map((p) => p.rect);
      rects.forEach((a, i) => rects.slice(i + 1).forEach((b) => expect(rectsOverlap(a, b)).toBe(false)));
      const boxes = [...layout.boxes.values()].map((b) => b.rect);
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(rectsOverlap(a, b)).toBe(false)));
      for (const p of layout.nodes.values()) {
        const n = p.node;
        if (n.kind !== "workload") continue;
        const box = layout.boxes.get(n.namespace ?? "")?.rect;
        expect(
          box &&
            p.rect.x >= box.x &&
            p.rect.x + p.rect.w <= box.x + box.w &&
            p.rect.y >= box.y &&
            p.rect.y + p.rect.h <= box.y + box.h,
        ).toBe(true);
      }
      // Within the width asked for: nothing to scroll sideways.
      expect(layout.width).toBeLessThanOrEqual(width);
    });

    it(`fits every text in its box, whole, at ${width} px${present ? " in meeting mode" : ""}, at 14 px or more`, async () => {
      const { layout } = await demoLayout(width, present);
      expect(layout.fonts.small).toBeGreaterThanOrEqual(present ? 18 : 14);
      for (const p of layout.nodes.values()) {
        expect(p.lines.join(" ").replace(/ +/g, " ")).toBe(p.node.label.replace(/ +/g, " "));
        for (const l of p.lines) expect(measure(l, layout.fonts.label, true)).toBeLessThanOrEqual(p.rect.w);
        for (const l of p.badges) expect(measure(l, layout.fonts.small, false)).toBeLessThanOrEqual(p.rect.w);
        const h =
          p.lines.length * lineHeight(layout.fonts.label) + p.badges.length * lineHeight(layout.fonts.small);
        expect(h).toBeLessThanOrEqual(p.rect.h);
      }
      for (const b of layout.boxes.values()) {
        for (const l of b.lines)
          expect(
            measure(l.text, l.main ? layout.fonts.label : layout.fonts.small, l.main),
          ).toBeLessThanOrEqual(b.rect.w);
      }
    });

    it(`puts no edge label on a node or on another label, at ${width} px${present ? " in meeting mode" : ""}`, async () => {
      const { layout, geometry } = await demoLayout(width, present);
      expect(geometry.length).toBeGreaterThan(10);
      const nodes = [...layout.nodes.values()].map((p) => p.rect);
      const plates = geometry.flatMap((g) => (g.plate ? [{ id: g.edge.id, plate: g.plate }] : []));
      expect(plates.length).toBeGreaterThan(0);
      for (const g of plates) for (const r of nodes) expect(rectsOverlap(g.plate, r)).toBe(false);
      // Nor on a namespace's title (its name and its "open to" line).
      for (const b of layout.boxes.values()) {
        const h = b.lines.reduce(
          (sum, l) => sum + lineHeight(l.main ? layout.fonts.label : layout.fonts.small),
          0,
        );
        const title = { x: b.rect.x, y: b.rect.y, w: b.rect.w, h };
        for (const g of plates) expect(rectsOverlap(g.plate, title), `${g.id} on ${b.namespace}`).toBe(false);
      }
      plates.forEach((a, i) =>
        plates.slice(i + 1).forEach((b) => expect(rectsOverlap(a.plate, b.plate)).toBe(false)),
      );
    });

    it(`labels an edge only with what it adds, never "all ports" again and again, at ${width} px${present ? " in meeting mode" : ""}`, async () => {
      const { geometry } = await demoLayout(width, present);
      // The demo has many edges that allow every port: none carries the words, none has a plate, but the
      // internet's exposed edges (the few the room reads first), which say EXPOSED and their ports.
      const open = geometry.filter((g) => g.edge.ports === "all ports" && !g.edge.exposed);
      expect(open.length).toBeGreaterThan(3);
      for (const g of open) {
        expect(g.label).toBe("");
        expect(g.plate).toBeUndefined();
      }
      const said = geometry.filter((g) => g.label.includes("all ports"));
      expect(said.every((g) => g.edge.exposed && g.label === "EXPOSED all ports")).toBe(true);
      expect(said.length).toBeLessThanOrEqual(geometry.filter((g) => g.edge.exposed).length);
      // An edge with restricted ports says them; every edge has a target on its line.
      for (const g of geometry.filter((x) => x.edge.ports !== "all ports"))
        expect(g.label).toBe(`${g.edge.exposed ? "EXPOSED " : ""}${g.edge.ports}`);
      for (const g of geometry) expect(g.anchor.w).toBeGreaterThan(0);
    });
  }

  it("keeps one node for the internet and one for cloud metadata, in the top band above the namespaces", async () => {
    const { layout } = await demoLayout(1300);
    const top = [...layout.nodes.values()].filter((p) => p.node.kind !== "workload");
    expect(top.filter((p) => p.node.kind === "internet")).toHaveLength(1);
    expect(top.filter((p) => p.node.kind === "metadata")).toHaveLength(1);
    const firstBox = Math.min(...[...layout.boxes.values()].map((b) => b.rect.y));
    for (const p of top) expect(p.rect.y + p.rect.h).toBeLessThan(firstBox);
  });

  it("wraps a long name at its separators and never cuts it", () => {
    const lines = wrapText("a-very-long-workload-name-that-goes-on/and-on", 150, 16, true, measure);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join("")).toBe("a-very-long-workload-name-that-goes-on/and-on");
    expect(wrapText("short", 150, 16, true, measure)).toEqual(["short"]);
  });

  it("names every status in words", () => {
    const n: ViewNode = {
      id: "x",
      label: "x",
      kind: "workload",
      representative: true,
      exposed: true,
      reachesMetadata: true,
      upperBound: true,
      sample: "a/b",
    };
    expect(nodeBadges(n)).toBe("exposed to internet · reaches metadata · upper bound (NET-011)");
  });
});

describe("edges", () => {
  it("run from border to border, so that every arrowhead sits on the target's box", async () => {
    const { layout, geometry } = await demoLayout(1300);
    for (const g of geometry.filter((x) => !x.self)) {
      const to = g.edge.to.startsWith("ns:")
        ? layout.boxes.get(g.edge.to.slice(3))?.rect
        : layout.nodes.get(g.edge.to)?.rect;
      if (!to) throw new Error("unplaced end");
      const onX = Math.abs(g.x2 - to.x) < 1e-6 || Math.abs(g.x2 - to.x - to.w) < 1e-6;
      const onY = Math.abs(g.y2 - to.y) < 1e-6 || Math.abs(g.y2 - to.y - to.h) < 1e-6;
      expect(onX || onY).toBe(true);
    }
  });

  it("puts the border point on the box's edge, on the line between the centres", () => {
    const a = { x: 0, y: 0, w: 100, h: 40 };
    expect(border(a, { x: 400, y: 0, w: 100, h: 40 })).toEqual([400, 20]);
    expect(border(a, { x: 0, y: 300, w: 100, h: 40 })).toEqual([50, 300]);
  });
});

describe("distance to a segment", () => {
  it("is the perpendicular distance beside the segment and the distance to the nearer end beyond it", () => {
    expect(distanceToSegment(5, 3, 0, 0, 10, 0)).toBe(3);
    expect(distanceToSegment(13, 4, 0, 0, 10, 0)).toBe(5);
    expect(distanceToSegment(-3, -4, 0, 0, 10, 0)).toBe(5);
    expect(distanceToSegment(1, 1, 0, 0, 0, 0)).toBeCloseTo(Math.SQRT2);
  });
});

describe("transforms", () => {
  it("shows the layout at scale 1 when it fits, and scales a larger one down to fit, centred", () => {
    expect(fitTransform({ width: 1000, height: 500 }, { width: 1000, height: 500 })).toEqual({
      scale: 1,
      tx: 0,
      ty: 0,
    });
    expect(fitTransform({ width: 1000, height: 500 }, { width: 2000, height: 500 })).toEqual({
      scale: 0.5,
      tx: 0,
      ty: 125,
    });
    expect(fitTransform({ width: 1000, height: 1000 }, { width: 10, height: 10 }).scale).toBe(1);
  });

  it("zooms about the pointer: the world point under it stays under it, within the scale limits", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 4, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 800, noNaN: true }),
        (scale, tx, ty, factor, cx, cy) => {
          const before = { scale, tx, ty };
          const after = zoomAbout(before, factor, cx, cy);
          const [wx, wy] = toWorld(before, cx, cy);
          const [wx2, wy2] = toWorld(after, cx, cy);
          return (
            after.scale >= MIN_SCALE &&
            after.scale <= MAX_SCALE &&
            Math.abs(wx - wx2) < 1e-6 * (1 + Math.abs(wx)) &&
            Math.abs(wy - wy2) < 1e-6 * (1 + Math.abs(wy))
          );
        },
      ),
    );
    expect(zoomAbout({ scale: 3.9, tx: 0, ty: 0 }, 2, 0, 0).scale).toBe(MAX_SCALE);
    expect(zoomAbout({ scale: 0.06, tx: 0, ty: 0 }, 0.5, 0, 0).scale).toBe(MIN_SCALE);
  });

  it("centres a world point on the screen at the same scale", () => {
    const t = centredOn({ scale: 2, tx: 7, ty: 9 }, { width: 800, height: 600 }, 100, 50);
    expect(t).toEqual({ scale: 2, tx: 200, ty: 200 });
    expect(toWorld(t, 400, 300)).toEqual([100, 50]);
  });
});

describe("hit test", () => {
  it("picks the node under the pointer before any edge, an edge by its label, and nothing far from all", async () => {
    const { layout, geometry } = await demoLayout(1300);
    const internet = [...layout.nodes.values()].find((p) => p.node.kind === "internet");
    if (!internet) throw new Error("no internet node");
    expect(hitTest(layout, geometry, internet.rect.x + 2, internet.rect.y + 2, 1)).toEqual({
      node: "internet",
    });
    const g = geometry.find((x) => x.plate);
    if (!g?.plate) throw new Error("no labelled edge");
    expect(hitTest(layout, geometry, g.plate.x + 2, g.plate.y + 2, 1).edge?.id).toBe(g.edge.id);
    // An unlabelled loop is picked on its arc.
    const loop = geometry.find((x) => x.self && !x.plate);
    if (loop) expect(hitTest(layout, geometry, loop.x1, loop.y1 - 16, 1).edge?.id).toBe(loop.edge.id);
    expect(hitTest(layout, geometry, layout.width + 500, layout.height + 500, 1)).toEqual({});
  });

  it("picks the nearest edge within 8 screen pixels, whatever the zoom", async () => {
    const { layout, geometry } = await demoLayout(1300);
    const g = geometry.find((x) => !x.self && Math.hypot(x.x2 - x.x1, x.y2 - x.y1) > 200);
    if (!g) throw new Error("no long edge");
    // A point on the segment a quarter of the way, nudged 3 screen pixels aside at scale 2.
    const mx = g.x1 + (g.x2 - g.x1) * 0.25;
    const my = g.y1 + (g.y2 - g.y1) * 0.25;
    const near = hitTest(layout, geometry, mx + 1.5 * Math.sin(g.angle), my - 1.5 * Math.cos(g.angle), 2);
    expect(near.edge !== undefined || near.node !== undefined).toBe(true);
  });
});

describe("walking", () => {
  it("walks forwards from the first item and backwards from the last, wrapping around", () => {
    expect(walk(-1, 3, true)).toBe(0);
    expect(walk(-1, 3, false)).toBe(2);
    expect(walk(2, 3, true)).toBe(0);
    expect(walk(0, 3, false)).toBe(2);
    expect(walk(-1, 0, true)).toBe(-1);
  });
});

describe("culling", () => {
  it("culls what lies outside the visible world and its margin, and keeps what overlaps it", () => {
    const world = visibleWorld({ scale: 2, tx: -200, ty: 0 }, { width: 400, height: 300 }, 40);
    expect(world).toEqual({ x1: 80, y1: -20, x2: 320, y2: 170 });
    expect(intersects(world, 0, 0, 79, 10)).toBe(false);
    expect(intersects(world, 0, 0, 80, 10)).toBe(true);
    expect(intersects(world, 321, 0, 400, 10)).toBe(false);
    expect(intersects(world, 100, 171, 120, 200)).toBe(false);
  });
});
