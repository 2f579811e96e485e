import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  border,
  center,
  centredOn,
  distanceToSegment,
  edgeGeometry,
  fitTransform,
  hitTest,
  intersects,
  MAX_SCALE,
  MIN_SCALE,
  nodeBadges,
  toWorld,
  visibleWorld,
  walk,
  zoomAbout,
} from "@/components/network/canvas-geometry";
import { NODE_H, NODE_W, type ViewEdge, type ViewNode } from "@/lib/views/build-network-view";

function node(id: string, x: number, y: number, extra: Partial<ViewNode> = {}): ViewNode {
  return {
    id,
    label: id,
    kind: "workload",
    x,
    y,
    representative: false,
    exposed: false,
    reachesMetadata: false,
    openIngress: false,
    openEgress: false,
    metadata: false,
    internet: false,
    sample: id,
    ...extra,
  };
}

function edge(from: string, to: string): ViewEdge {
  const example = { protocol: "TCP" as const, port: 80 };
  return { id: `${from}->${to}`, from, to, ports: "TCP/80", example, implementationDefined: false };
}

const a = node("a", 0, 0);
const b = node("b", 600, 0);
const c = node("c", 0, 400);
const nodes = [a, b, c];
const byId = new Map(nodes.map((n) => [n.id, n]));

describe("edge geometry", () => {
  it("runs from border to border of the two boxes, so arrowheads sit on the box", () => {
    const [g] = edgeGeometry([edge("a", "b")], byId);
    expect(g).toMatchObject({ self: false, x1: NODE_W, y1: NODE_H / 2, x2: 600, y2: NODE_H / 2, angle: 0 });
    const [down] = edgeGeometry([edge("a", "c")], byId);
    expect(down).toMatchObject({ x1: NODE_W / 2, y1: NODE_H, x2: NODE_W / 2, y2: 400 });
    expect(down?.angle).toBeCloseTo(Math.PI / 2);
  });

  it("draws an edge from a node to itself as a loop at its top right corner, and drops edges to unknown nodes", () => {
    const out = edgeGeometry([edge("a", "a"), edge("a", "nowhere")], byId);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ self: true, x1: NODE_W - 8, y1: 0, x2: NODE_W - 8, y2: 0 });
  });

  it("keeps every point of the segment inside its culling box", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 }), (x, y) => {
        const other = node("o", x, y);
        const [g] = edgeGeometry([edge("a", "o")], new Map([...byId, ["o", other]]));
        if (!g) return false;
        return (
          [g.x1, g.x2].every((v) => v >= g.minX && v <= g.maxX) &&
          [g.y1, g.y2].every((v) => v >= g.minY && v <= g.maxY)
        );
      }),
    );
  });

  it("puts the border point on the edge of the target box, on the line between the centres", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 }), (x, y) => {
        const from = node("f", x, y);
        if (Math.abs(x) < NODE_W && Math.abs(y) < NODE_H) return true; // overlapping boxes have no border point
        const [px, py] = border(from, a);
        const onVertical = Math.abs(px - 0) < 1e-6 || Math.abs(px - NODE_W) < 1e-6;
        const onHorizontal = Math.abs(py - 0) < 1e-6 || Math.abs(py - NODE_H) < 1e-6;
        const [fx, fy] = center(from);
        const [ax, ay] = center(a);
        const cross = (px - ax) * (fy - ay) - (py - ay) * (fx - ax);
        return (onVertical || onHorizontal) && Math.abs(cross) < 1e-6 * Math.hypot(fx - ax, fy - ay) * 4000;
      }),
    );
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
  it("fits the whole view centred in the canvas, never magnifying more than 1.8 times", () => {
    const fit = fitTransform({ width: 1000, height: 500 }, { width: 2000, height: 500 });
    expect(fit).toEqual({ scale: 0.5, tx: 0, ty: 125 });
    expect(fitTransform({ width: 1000, height: 1000 }, { width: 10, height: 10 }).scale).toBe(1.8);
    expect(fitTransform({ width: 100, height: 100 }, { width: 0, height: 0 }).scale).toBe(1.8);
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

  it("culls what lies outside the visible world and its margin, and keeps what overlaps it", () => {
    const world = visibleWorld({ scale: 2, tx: -200, ty: 0 }, { width: 400, height: 300 }, 40);
    expect(world).toEqual({ x1: 80, y1: -20, x2: 320, y2: 170 });
    expect(intersects(world, 0, 0, 79, 10)).toBe(false);
    expect(intersects(world, 0, 0, 80, 10)).toBe(true);
    expect(intersects(world, 321, 0, 400, 10)).toBe(false);
    expect(intersects(world, 100, 171, 120, 200)).toBe(false);
  });
});

describe("hit test", () => {
  const view = { nodes, edges: [edge("a", "b"), edge("a", "c"), edge("b", "b")] };

  it("picks the node under the pointer before any edge", () => {
    expect(hitTest(view, byId, 10, 10, 1)).toEqual({ node: a });
    expect(hitTest(view, byId, NODE_W, NODE_H, 1)).toEqual({ node: a });
  });

  it("picks the nearest edge within 8 screen pixels, whatever the zoom, and nothing farther", () => {
    const midY = NODE_H / 2;
    expect(hitTest(view, byId, 400, midY + 7, 1).edge?.id).toBe("a->b");
    expect(hitTest(view, byId, 400, midY + 9, 1)).toEqual({});
    // At half scale, 8 screen pixels are 16 world pixels.
    expect(hitTest(view, byId, 400, midY + 15, 0.5).edge?.id).toBe("a->b");
    expect(hitTest(view, byId, NODE_W / 2 + 3, 300, 1).edge?.id).toBe("a->c");
  });

  it("never picks a loop by its line: a loop is reached through its node", () => {
    expect(hitTest({ nodes, edges: [edge("b", "b")] }, byId, 600 + NODE_W + 5, 0, 1)).toEqual({});
  });
});

describe("node badges and walking", () => {
  it("names every status in words", () => {
    expect(nodeBadges(node("x", 0, 0))).toBe("");
    expect(nodeBadges(node("x", 0, 0, { exposed: true, reachesMetadata: true, openIngress: true }))).toBe(
      "⚠ internet · ☁ metadata · open in",
    );
    expect(nodeBadges(node("x", 0, 0, { openIngress: true, openEgress: true }))).toBe("open in+out");
    expect(nodeBadges(node("x", 0, 0, { openEgress: true }))).toBe("open out");
  });

  it("walks forwards from the first item and backwards from the last, wrapping around", () => {
    expect(walk(-1, 3, true)).toBe(0);
    expect(walk(2, 3, true)).toBe(0);
    expect(walk(-1, 3, false)).toBe(2);
    expect(walk(0, 3, false)).toBe(2);
    expect(walk(1, 3, false)).toBe(0);
    expect(walk(-1, 0, true)).toBe(-1);
  });
});
