import type { DrawnEdge } from "@/lib/views/network-view-types";
import type { GraphLayout, Rect } from "@/components/network/layout-network";

// The segments of the network graph's arrows as the canvas draws them (border to border, on the line between the
// centres of their ends), and how many times they cross: the measure the layout's ordering lowers
// (layout-order.ts, docs/network.md "Reading the graph"). Pure.

export function centre(r: Rect): [number, number] {
  return [r.x + r.w / 2, r.y + r.h / 2];
}

/** Where the segment from the centre of `from` to the centre of `r` leaves `r`: arrowheads sit on the border. */
export function border(from: Rect, r: Rect): [number, number] {
  const [ax, ay] = centre(from);
  const [bx, by] = centre(r);
  const dx = ax - bx;
  const dy = ay - by;
  const sx = dx === 0 ? Infinity : r.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : r.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [bx + dx * s, by + dy * s];
}

/** The rectangle an edge end stands for: a node, or a whole namespace box (`ns:<name>`). */
export function endRect(layout: GraphLayout, id: string): Rect | undefined {
  if (id.startsWith("ns:")) return layout.boxes.get(id.slice(3))?.rect;
  return layout.nodes.get(id)?.rect;
}

/** Twice the signed area of (a, b, c): > 0 when c is left of a->b, < 0 right of it, 0 on its line. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Whether two segments cross at a point inside both (touching at an end or overlapping along a line is not). */
export function segmentsCross(
  p: readonly [number, number, number, number],
  q: readonly [number, number, number, number],
): boolean {
  const [ax, ay, bx, by] = p;
  const [cx, cy, dx, dy] = q;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  if (!((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0))) return false;
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  return (o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0);
}

/**
 * How many pairs of drawn arrows cross: each edge is its segment as drawn (border to border); a loop (an edge to
 * itself) and an edge with an unplaced end are not segments; two edges with an end in common meet there and are
 * not counted. Segments are swept by their left end so that pairs far apart sideways are never compared.
 */
export function countCrossings(layout: GraphLayout, edges: readonly DrawnEdge[]): number {
  const endIds = new Map<string, number>();
  const endId = (id: string) => {
    let n = endIds.get(id);
    if (n === undefined) endIds.set(id, (n = endIds.size));
    return n;
  };
  const raw: { x1: number; y1: number; x2: number; y2: number; a: number; b: number }[] = [];
  for (const e of edges) {
    if (e.from === e.to) continue;
    const ra = endRect(layout, e.from);
    const rb = endRect(layout, e.to);
    if (!ra || !rb) continue;
    const [x1, y1] = border(rb, ra);
    const [x2, y2] = border(ra, rb);
    raw.push({ x1, y1, x2, y2, a: endId(e.from), b: endId(e.to) });
  }
  raw.sort((p, q) => Math.min(p.x1, p.x2) - Math.min(q.x1, q.x2));
  // Flat arrays, in order of the left ends: the inner loop reads numbers only.
  const n = raw.length;
  const x1 = new Float64Array(n);
  const y1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y2 = new Float64Array(n);
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  const minY = new Float64Array(n);
  const maxY = new Float64Array(n);
  const ea = new Int32Array(n);
  const eb = new Int32Array(n);
  raw.forEach((r, i) => {
    x1[i] = r.x1;
    y1[i] = r.y1;
    x2[i] = r.x2;
    y2[i] = r.y2;
    minX[i] = Math.min(r.x1, r.x2);
    maxX[i] = Math.max(r.x1, r.x2);
    minY[i] = Math.min(r.y1, r.y2);
    maxY[i] = Math.max(r.y1, r.y2);
    ea[i] = r.a;
    eb[i] = r.b;
  });
  let count = 0;
  for (let i = 0; i < n; i++) {
    const ax = x1[i] as number;
    const ay = y1[i] as number;
    const bx = x2[i] as number;
    const by = y2[i] as number;
    const right = maxX[i] as number;
    const low = minY[i] as number;
    const high = maxY[i] as number;
    const pa = ea[i] as number;
    const pb = eb[i] as number;
    for (let j = i + 1; j < n; j++) {
      if ((minX[j] as number) > right) break;
      if ((maxY[j] as number) < low || (minY[j] as number) > high) continue;
      const qa = ea[j] as number;
      const qb = eb[j] as number;
      if (qa === pa || qa === pb || qb === pa || qb === pb) continue;
      const cx = x1[j] as number;
      const cy = y1[j] as number;
      const dx = x2[j] as number;
      const dy = y2[j] as number;
      const o1 = orient(ax, ay, bx, by, cx, cy);
      const o2 = orient(ax, ay, bx, by, dx, dy);
      if (!((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0))) continue;
      const o3 = orient(cx, cy, dx, dy, ax, ay);
      const o4 = orient(cx, cy, dx, dy, bx, by);
      if ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) count++;
    }
  }
  return count;
}

/** Whether the segment passes through the inside of `r` (a pixel in from its border, so touching is not). */
export function segmentEntersRect(s: readonly [number, number, number, number], r: Rect): boolean {
  const [x1, y1, x2, y2] = s;
  const [xmin, xmax, ymin, ymax] = [r.x + 1, r.x + r.w - 1, r.y + 1, r.y + r.h - 1];
  if (xmax <= xmin || ymax <= ymin) return false;
  let t0 = 0;
  let t1 = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  // Liang-Barsky: clip the segment's parameter range against each side.
  for (const [p, q] of [
    [-dx, x1 - xmin],
    [dx, xmax - x1],
    [-dy, y1 - ymin],
    [dy, ymax - y1],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/**
 * How many times a drawn arrow runs through something it does not end at: through a node (its name is under the
 * line), and through a namespace box that holds neither of its ends. Loops and unplaced ends are not segments.
 */
export function countNodeHits(
  layout: GraphLayout,
  edges: readonly DrawnEdge[],
): { nodes: number; boxes: number } {
  const holder = (id: string) => (id.startsWith("ns:") ? id.slice(3) : layout.nodes.get(id)?.node.namespace);
  const nodes = [...layout.nodes.values()].map((p) => ({ id: p.node.id, rect: p.rect }));
  const boxes = [...layout.boxes.values()].map((b) => ({ id: b.namespace, rect: b.rect }));
  const hits = { nodes: 0, boxes: 0 };
  for (const e of edges) {
    if (e.from === e.to) continue;
    const a = endRect(layout, e.from);
    const b = endRect(layout, e.to);
    if (!a || !b) continue;
    const s = [...border(b, a), ...border(a, b)] as [number, number, number, number];
    const [left, right, top, bottom] = [
      Math.min(s[0], s[2]),
      Math.max(s[0], s[2]),
      Math.min(s[1], s[3]),
      Math.max(s[1], s[3]),
    ];
    const near = (r: Rect) => r.x <= right && left <= r.x + r.w && r.y <= bottom && top <= r.y + r.h;
    for (const n of nodes)
      if (n.id !== e.from && n.id !== e.to && near(n.rect) && segmentEntersRect(s, n.rect)) hits.nodes++;
    const ends = [holder(e.from), holder(e.to)];
    for (const x of boxes)
      if (!ends.includes(x.id) && near(x.rect) && segmentEntersRect(s, x.rect)) hits.boxes++;
  }
  return hits;
}
