import type { NetworkView, ViewEdge, ViewNode } from "@/lib/views/build-network-view";
import { NODE_H, NODE_W } from "@/lib/views/build-network-view";

// The geometry of the network canvas, in world coordinates (the layout's pixels) and screen coordinates
// (the canvas's CSS pixels): pure functions, so what the user sees and clicks is tested without a browser.

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

export function center(n: ViewNode): [number, number] {
  return [n.x + NODE_W / 2, n.y + NODE_H / 2];
}

/** Where the segment from a's centre to b's centre leaves b's box, so arrowheads sit on the border. */
export function border(a: ViewNode, b: ViewNode): [number, number] {
  const [ax, ay] = center(a);
  const [bx, by] = center(b);
  const dx = ax - bx;
  const dy = ay - by;
  const sx = dx === 0 ? Infinity : NODE_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : NODE_H / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [bx + dx * s, by + dy * s];
}

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
  edge: ViewEdge;
  self: boolean;
  /** Border to border, so arrowheads sit on the box and labels in the gap between boxes. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  angle: number;
  /** The box that holds the edge, its arrowhead and its loop, for culling what is off screen. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Every drawable edge's segment and bounds, once per view; edges to an unknown node are left out. */
export function edgeGeometry(
  edges: readonly ViewEdge[],
  nodeById: ReadonlyMap<string, ViewNode>,
): EdgeGeometry[] {
  const out: EdgeGeometry[] = [];
  for (const edge of edges) {
    const a = nodeById.get(edge.from);
    const b = nodeById.get(edge.to);
    if (!a || !b) continue;
    const self = a === b;
    const [x1, y1] = self ? [a.x + NODE_W - 8, a.y] : border(b, a);
    const [x2, y2] = self ? [a.x + NODE_W - 8, a.y] : border(a, b);
    const pad = self ? 16 : 12;
    out.push({
      edge,
      self,
      x1,
      y1,
      x2,
      y2,
      angle: Math.atan2(y2 - y1, x2 - x1),
      minX: Math.min(x1, x2) - pad,
      minY: Math.min(y1, y2) - pad,
      maxX: Math.max(x1, x2) + pad,
      maxY: Math.max(y1, y2) + pad,
    });
  }
  return out;
}

/** The transform that shows the whole view centred in `size`, never magnified more than 1.8 times. */
export function fitTransform(size: Size, view: Pick<NetworkView, "width" | "height">): Transform {
  const scale = Math.min(1.8, size.width / Math.max(1, view.width), size.height / Math.max(1, view.height));
  return { scale, tx: (size.width - view.width * scale) / 2, ty: (size.height - view.height * scale) / 2 };
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

interface WorldRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The part of the world on screen, with `marginPx` screen pixels around it: what lies outside is not drawn. */
export function visibleWorld(t: Transform, size: Size, marginPx = 40): WorldRect {
  const margin = marginPx / t.scale;
  return {
    x1: -t.tx / t.scale - margin,
    y1: -t.ty / t.scale - margin,
    x2: (size.width - t.tx) / t.scale + margin,
    y2: (size.height - t.ty) / t.scale + margin,
  };
}

export function intersects(r: WorldRect, x1: number, y1: number, x2: number, y2: number): boolean {
  return x2 >= r.x1 && x1 <= r.x2 && y2 >= r.y1 && y1 <= r.y2;
}

/**
 * What a click at world point (wx, wy) picks: the node under it, else the nearest edge (centre to centre)
 * within a few screen pixels at this `scale`, else nothing. Loops (an edge to its own node) are picked
 * through their node.
 */
export function hitTest(
  view: Pick<NetworkView, "nodes" | "edges">,
  nodeById: ReadonlyMap<string, ViewNode>,
  wx: number,
  wy: number,
  scale: number,
): { node?: ViewNode; edge?: ViewEdge } {
  const node = view.nodes.find((n) => wx >= n.x && wx <= n.x + NODE_W && wy >= n.y && wy <= n.y + NODE_H);
  if (node) return { node };
  let best: ViewEdge | undefined;
  let bestD = EDGE_HIT_PX / scale;
  for (const e of view.edges) {
    const a = nodeById.get(e.from);
    const b = nodeById.get(e.to);
    if (!a || !b || a === b) continue;
    const [x1, y1] = center(a);
    const [x2, y2] = center(b);
    const d = distanceToSegment(wx, wy, x1, y1, x2, y2);
    if (d < bestD) {
      bestD = d;
      best = e;
    }
  }
  return best ? { edge: best } : {};
}

/** The words under a node's name: status is never colour alone. */
export function nodeBadges(n: ViewNode): string {
  return [
    n.exposed ? "⚠ internet" : "",
    n.reachesMetadata ? "☁ metadata" : "",
    n.openIngress && n.openEgress
      ? "open in+out"
      : n.openIngress
        ? "open in"
        : n.openEgress
          ? "open out"
          : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The next index when walking `length` items forwards or backwards from `current` (-1: none yet). */
export function walk(current: number, length: number, forwards: boolean): number {
  if (length === 0) return -1;
  return (Math.max(current, forwards ? -1 : 0) + (forwards ? 1 : length - 1)) % length;
}
