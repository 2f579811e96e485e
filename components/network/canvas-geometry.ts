import type { DrawnEdge } from "@/lib/views/network-view-types";
import { border, endRect } from "@/components/network/edge-segments";
import {
  lineHeight,
  rectsOverlap,
  type GraphLayout,
  type Measure,
  type Rect,
} from "@/components/network/layout-network";

// The geometry of the network canvas, in world coordinates (the layout's CSS pixels at scale 1) and screen
// coordinates (the canvas's CSS pixels): pure functions, so what the user sees and clicks is tested without a
// browser.

/** World -> screen: screen = world * scale + (tx, ty). */
export interface Transform {
  scale: number;
  tx: number;
  ty: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Zoom never goes past these, so the graph neither vanishes nor becomes one box. */
export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;
/** A click this close to an edge (in screen pixels) picks it. */
const EDGE_HIT_PX = 8;

export function distanceToSegment(
  px: number,
  py: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): number {
  const l2 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * (x2 - x1) + (py - y1) * (y2 - y1)) / l2));
  return Math.hypot(px - (x1 + t * (x2 - x1)), py - (y1 + t * (y2 - y1)));
}

export interface EdgeGeometry {
  edge: DrawnEdge;
  self: boolean;
  /** Border to border, so arrowheads sit on the box. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  angle: number;
  /**
   * The label's text and its plate, placed where it covers no node, no box title and no other label. An edge
   * that allows every port has no label ("" and no plate): the legend says once what an unlabelled arrow means.
   */
  label: string;
  plate?: Rect;
  /** Where the edge is targeted (the keyboard's focus ring, its button): its plate, else a square on the line. */
  anchor: Rect;
}

/** A what-if change on an edge: its kind and the words of its label. */
export interface EdgeChange {
  kind: "gained" | "lost";
  text: string;
}

/** The ports text of an edge that allows every port (lib/netpol/port-set.ts formatPorts). */
const ALL_PORTS_TEXT = "all ports";

/**
 * The text on an edge: what it adds to the arrow. The what-if change in words; the ports when they are
 * restricted. An edge that allows every port says nothing ("all ports" on every such arrow was most of the words
 * on the picture): the legend says it once. The internet's exposed edges, the few the room must read first, say
 * EXPOSED and their ports, every port included.
 */
export function edgeLabel(e: DrawnEdge, change?: EdgeChange): string {
  if (change) return change.text;
  if (e.exposed) return `EXPOSED ${e.ports}`;
  return e.ports === ALL_PORTS_TEXT ? "" : e.ports;
}

/** The side of the square that targets an unlabelled edge, in world pixels. */
const ANCHOR = 20;

function anchorOf(s: { self: boolean; x1: number; y1: number; x2: number; y2: number }): Rect {
  // A loop's top (its arc is drawn about (x1, y1), radius 16), else the middle of the line.
  const [cx, cy] = s.self ? [s.x1, s.y1 - 16] : [(s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2];
  return { x: cx - ANCHOR / 2, y: cy - ANCHOR / 2, w: ANCHOR, h: ANCHOR };
}

/** Where along the edge a label may sit (nearest the middle first), and how far aside of the line. */
const T_CANDIDATES = Array.from(
  { length: 23 },
  (_, i) => 0.5 + (i % 2 === 0 ? 1 : -1) * Math.ceil(i / 2) * 0.037,
);
const SIDE_CANDIDATES = [0, -1, 1];

/** Every drawable edge's segment and label plate; edges to an unplaced end are left out. */
export function edgeGeometry(
  edges: readonly DrawnEdge[],
  layout: GraphLayout,
  measure: Measure,
  changes?: ReadonlyMap<string, EdgeChange>,
): EdgeGeometry[] {
  const px = layout.fonts.small;
  const obstacles: Rect[] = [...layout.nodes.values()].map((p) => p.rect);
  // A box's title: its name and the "open to" line under it.
  for (const b of layout.boxes.values()) {
    const h = b.lines.reduce(
      (sum, l) => sum + lineHeight(l.main ? layout.fonts.label : layout.fonts.small),
      0,
    );
    obstacles.push({ x: b.rect.x, y: b.rect.y, w: b.rect.w, h: h + lineHeight(layout.fonts.small) * 0.6 });
  }
  const segments: Omit<EdgeGeometry, "plate" | "anchor">[] = [];
  for (const edge of edges) {
    const a = endRect(layout, edge.from);
    const b = endRect(layout, edge.to);
    if (!a || !b) continue;
    const self = edge.from === edge.to;
    const [x1, y1] = self ? [a.x + a.w - 12, a.y] : border(b, a);
    const [x2, y2] = self ? [a.x + a.w - 12, a.y] : border(a, b);
    const label = edgeLabel(edge, changes?.get(edge.id));
    segments.push({ edge, self, x1, y1, x2, y2, angle: Math.atan2(y2 - y1, x2 - x1), label });
  }
  // Short edges choose first: they have the fewest places for a label.
  const byLength = [...segments].sort(
    (p, q) => Math.hypot(p.x2 - p.x1, p.y2 - p.y1) - Math.hypot(q.x2 - q.x1, q.y2 - q.y1),
  );
  const placed: Rect[] = [];
  const plates = new Map<string, Rect>();
  for (const s of byLength) {
    if (s.label === "") continue;
    const { x1, y1, x2, y2 } = s;
    const a = endRect(layout, s.edge.from) as Rect;
    const w = measure(s.label, px, true) + 10;
    const h = lineHeight(px) + 4;
    let best: Rect | undefined;
    let bestHits = Infinity;
    search: for (const side of SIDE_CANDIDATES) {
      for (const t of s.self ? [0] : T_CANDIDATES) {
        // Aside: moved perpendicular to the line by a plate's height, so the line stays visible beside it.
        const nx = -Math.sin(s.angle) * side * h;
        const ny = Math.cos(s.angle) * side * h;
        const cx = s.self ? a.x + a.w + 4 + w / 2 : x1 + (x2 - x1) * t + nx;
        const cy = s.self ? a.y - h : y1 + (y2 - y1) * t + ny;
        const plate = { x: cx - w / 2, y: cy - h / 2, w, h };
        const hits =
          obstacles.filter((o) => rectsOverlap(o, plate)).length * 2 +
          placed.filter((o) => rectsOverlap(o, plate)).length;
        if (hits < bestHits) {
          best = plate;
          bestHits = hits;
        }
        if (hits === 0) break search;
      }
    }
    const plate = best as Rect;
    placed.push(plate);
    plates.set(s.edge.id, plate);
  }
  return segments.map((s) => {
    const plate = plates.get(s.edge.id);
    return plate ? { ...s, plate, anchor: plate } : { ...s, anchor: anchorOf(s) };
  });
}

/**
 * The transform that shows the view: at scale 1 (text at the size asked for) when the layout fits the canvas,
 * else the whole view scaled down to fit, centred.
 */
export function fitTransform(size: Size, world: Size): Transform {
  const scale = Math.min(1, size.width / Math.max(1, world.width), size.height / Math.max(1, world.height));
  return {
    scale,
    tx: Math.max(0, (size.width - world.width * scale) / 2),
    ty: Math.max(0, (size.height - world.height * scale) / 2),
  };
}

/** Zooms by `factor` about the screen point (cx, cy), which stays where it is; the scale is clamped. */
export function zoomAbout(old: Transform, factor: number, cx: number, cy: number): Transform {
  const scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, old.scale * factor));
  return {
    scale,
    tx: cx - ((cx - old.tx) * scale) / old.scale,
    ty: cy - ((cy - old.ty) * scale) / old.scale,
  };
}

export function toWorld(t: Transform, sx: number, sy: number): [number, number] {
  return [(sx - t.tx) / t.scale, (sy - t.ty) / t.scale];
}

/** The transform that puts world point (x, y) in the middle of the screen, at the same scale. */
export function centredOn(t: Transform, size: Size, x: number, y: number): Transform {
  return { ...t, tx: size.width / 2 - x * t.scale, ty: size.height / 2 - y * t.scale };
}

const inside = (r: Rect, x: number, y: number) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;

/**
 * What a click at world point (wx, wy) picks: the node under it, else an edge label under it, else the nearest
 * edge (or loop) within a few screen pixels at this `scale`, else nothing.
 */
export function hitTest(
  layout: GraphLayout,
  geometry: readonly EdgeGeometry[],
  wx: number,
  wy: number,
  scale: number,
): { node?: string; edge?: DrawnEdge } {
  for (const p of layout.nodes.values()) if (inside(p.rect, wx, wy)) return { node: p.node.id };
  for (const g of geometry) if (g.plate && inside(g.plate, wx, wy)) return { edge: g.edge };
  let best: DrawnEdge | undefined;
  let bestD = EDGE_HIT_PX / scale;
  for (const g of geometry) {
    const d = g.self
      ? Math.abs(Math.hypot(wx - g.x1, wy - g.y1) - 16)
      : distanceToSegment(wx, wy, g.x1, g.y1, g.x2, g.y2);
    if (d < bestD) {
      bestD = d;
      best = g.edge;
    }
  }
  return best ? { edge: best } : {};
}

/** The next index when walking `length` items forwards or backwards from `current` (-1: none yet). */
export function walk(current: number, length: number, forwards: boolean): number {
  if (length === 0) return -1;
  return (Math.max(current, forwards ? -1 : 0) + (forwards ? 1 : length - 1)) % length;
}
