import type { DrawnEdge, DrawnView, ViewNamespace, ViewNode } from "@/lib/views/network-view-types";
import { endRect } from "@/components/network/edge-segments";
import { chooseOrder } from "@/components/network/layout-order";

// The layout of the network graph for the canvas's own width, in CSS pixels at scale 1 (docs/network.md "Reading
// the graph"): the internet, the groups of workloads, named ranges and cloud metadata in a band across the top;
// the namespaces as boxes below, flowed in rows, their workloads stacked inside. Every text is measured and its
// box sized to it (long names wrap, never cut), so that at scale 1 nothing is smaller than the font asked for.
// Pure: the caller passes the text measure (a canvas context in the browser, a fixed advance in tests).

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Fonts {
  /** Node and namespace names, bold. */
  label: number;
  /** Badges and edge labels. */
  small: number;
}

export type Measure = (text: string, px: number, bold: boolean) => number;

interface PlacedNode {
  node: ViewNode;
  rect: Rect;
  lines: string[];
  badges: string[];
}

interface PlacedBox {
  namespace: string;
  rect: Rect;
  /** The name (bold, label size) then the "open to" words (small). */
  lines: { text: string; main: boolean }[];
  open: boolean;
}

export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  boxes: Map<string, PlacedBox>;
  width: number;
  height: number;
  fonts: Fonts;
}

/** The font sizes: at least 14 px everywhere, larger in meeting mode. */
export function fontsFor(present: boolean): Fonts {
  return present ? { label: 20, small: 18 } : { label: 16, small: 14 };
}

export const lineHeight = (px: number) => Math.round(px * 1.3);

/** Words under a node's name: status is never colour alone (a template's dashed border is explained by the legend). */
export function nodeBadges(n: ViewNode): string {
  return [
    n.exposed ? "exposed to internet" : "",
    n.reachesMetadata ? "reaches metadata" : "",
    n.upperBound ? "upper bound (NET-011)" : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** A box's header: its name, and whether every workload of it is open (NET-001 in pictures). */
function boxHeader(b: DrawnView["namespaces"][number]): string[] {
  const open = [b.openToPods ? "every pod" : "", b.openToInternet ? "the internet" : ""].filter(Boolean);
  return [`namespace ${b.namespace}`, ...(open.length > 0 ? [`open to ${open.join(" and ")}`] : [])];
}

/**
 * Text broken into lines no wider than `max` (at spaces, or after / - , . : when a word is longer); a single
 * unbreakable piece longer than `max` stays whole on its line (the box grows): nothing is ever cut.
 */
export function wrapText(text: string, max: number, px: number, bold: boolean, measure: Measure): string[] {
  if (measure(text, px, bold) <= max) return [text];
  const pieces = text.split(/(?<=[ /\-,.:[\]])/);
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    const next = line + piece;
    if (line !== "" && measure(next.trimEnd(), px, bold) > max) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line = next;
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines;
}

const GAP = 56;
const MARGIN = 16;

function measureBlock(
  lines: string[],
  badges: string[],
  fonts: Fonts,
  measure: Measure,
): { w: number; h: number } {
  const pad = Math.round(fonts.label * 0.6);
  const w = Math.max(
    ...lines.map((l) => measure(l, fonts.label, true)),
    ...badges.map((b) => measure(b, fonts.small, false)),
    40,
  );
  const h = lines.length * lineHeight(fonts.label) + badges.length * lineHeight(fonts.small);
  return { w: Math.ceil(w + 2 * pad), h: Math.ceil(h + 2 * pad) };
}

interface SizedBox {
  ns: ViewNamespace;
  w: number;
  h: number;
  headerH: number;
  lines: PlacedBox["lines"];
  members: PlacedNode[];
}

/** Everything measured once, before any order is chosen: a box's size does not depend on its workloads' order. */
interface Sized {
  top: PlacedNode[];
  boxes: SizedBox[];
  usable: number;
  width: number;
  fonts: Fonts;
  /** Room between stacked workloads for the label of an edge between them. */
  between: number;
  inner: number;
}

function size(
  view: Pick<DrawnView, "nodes" | "namespaces">,
  width: number,
  fonts: Fonts,
  measure: Measure,
): Sized {
  const usable = Math.max(320, width - 2 * MARGIN);
  const maxNode = Math.max(160, Math.floor(usable * 0.4));
  const place = (n: ViewNode): PlacedNode => {
    const lines = wrapText(n.label, maxNode, fonts.label, true, measure);
    const badgeText = nodeBadges(n);
    const badges = badgeText ? wrapText(badgeText, maxNode, fonts.small, false, measure) : [];
    const { w, h } = measureBlock(lines, badges, fonts, measure);
    return { node: n, rect: { x: 0, y: 0, w, h }, lines, badges };
  };
  const members = new Map<string, ViewNode[]>();
  for (const n of view.nodes) {
    if (n.kind !== "workload" || n.namespace === undefined) continue;
    members.set(n.namespace, [...(members.get(n.namespace) ?? []), n]);
  }
  const pad = Math.round(fonts.label * 0.6);
  const inner = Math.round(fonts.label * 0.75);
  const between = lineHeight(fonts.small) + 14;
  const px = (main: boolean) => (main ? fonts.label : fonts.small);
  const boxes: SizedBox[] = [];
  for (const ns of view.namespaces) {
    const list = members.get(ns.namespace) ?? [];
    if (list.length === 0) continue;
    const placed = list.map(place);
    const lines = boxHeader(ns).flatMap((l, i) =>
      wrapText(l, maxNode, px(i === 0), i === 0, measure).map((text) => ({ text, main: i === 0 })),
    );
    const headerW = Math.max(...lines.map((l) => measure(l.text, px(l.main), l.main)));
    const headerH = lines.reduce((sum, l) => sum + lineHeight(px(l.main)), 0) + pad;
    const w = Math.ceil(Math.max(headerW + 2 * pad, ...placed.map((p) => p.rect.w + 2 * inner)));
    const h = Math.ceil(
      headerH + inner + placed.reduce((s, p) => s + p.rect.h, 0) + (placed.length - 1) * between + inner,
    );
    for (const p of placed) p.rect.w = w - 2 * inner;
    boxes.push({ ns, w, h, headerH, lines, members: placed });
  }
  const top = view.nodes.filter((n) => n.kind !== "workload").map(place);
  return { top, boxes, usable, width, fonts, between, inner };
}

/** An order of everything placed, as indices into the sized lists: the top band, the boxes, each box's workloads. */
export interface GraphOrder {
  top: number[];
  boxes: number[];
  /** Per box (by its index in the sized list), its workloads' indices top to bottom. */
  members: number[][];
}

/**
 * The order Vigil used before it lowered crossings, kept as the baseline the chosen order is measured against:
 * the top band by kind (internet, groups, ranges, metadata); the namespaces the top band's arrows reach most
 * first, then by name; workloads as the view lists them.
 */
function fixedOrder(s: Sized, edges: readonly DrawnEdge[]): GraphOrder {
  const rank = { internet: 0, group: 1, range: 2, metadata: 3, workload: 4 } as const;
  const top = s.top.map((_, i) => i).sort((a, b) => rank[kindOf(s, a)] - rank[kindOf(s, b)] || a - b);
  const topIds = new Set(s.top.map((p) => p.node.id));
  const nsOf = new Map<string, string>();
  for (const b of s.boxes) for (const p of b.members) nsOf.set(p.node.id, b.ns.namespace);
  const nsOfEnd = (id: string) => (id.startsWith("ns:") ? id.slice(3) : nsOf.get(id));
  const touches = new Map<string, number>();
  for (const e of edges) {
    if (topIds.has(e.from) === topIds.has(e.to)) continue;
    const ns = nsOfEnd(topIds.has(e.from) ? e.to : e.from);
    if (ns !== undefined) touches.set(ns, (touches.get(ns) ?? 0) + 1);
  }
  const name = (i: number) => (s.boxes[i] as SizedBox).ns.namespace;
  const boxes = s.boxes
    .map((_, i) => i)
    .sort(
      (a, b) => (touches.get(name(b)) ?? 0) - (touches.get(name(a)) ?? 0) || name(a).localeCompare(name(b)),
    );
  return { top, boxes, members: s.boxes.map((b) => b.members.map((_, i) => i)) };
}

const kindOf = (s: Sized, i: number) => (s.top[i] as PlacedNode).node.kind;

/** Places everything in the given order (positions only: sizes are already known). */
function arrange(s: Sized, order: GraphOrder): GraphLayout {
  const { usable, inner, between } = s;
  const nodes = new Map<string, PlacedNode>();
  const boxes = new Map<string, PlacedBox>();
  // The top band, spread over the width so that arrows into the boxes below stay short; more rows when it does
  // not fit in one.
  const top = order.top.map((i) => s.top[i] as PlacedNode);
  let y = MARGIN;
  for (let i = 0; i < top.length;) {
    const row: PlacedNode[] = [];
    let used = 0;
    while (i < top.length) {
      const p = top[i] as PlacedNode;
      if (row.length > 0 && used + GAP * 2 + p.rect.w > usable) break;
      used += (row.length > 0 ? GAP * 2 : 0) + p.rect.w;
      row.push(p);
      i++;
    }
    const spare = row.length > 1 ? (usable - used) / (row.length - 1) : 0;
    let x = MARGIN;
    for (const p of row) {
      p.rect.x = Math.round(x);
      p.rect.y = y;
      x += p.rect.w + GAP * 2 + spare;
      nodes.set(p.node.id, p);
    }
    y += Math.max(...row.map((p) => p.rect.h)) + GAP;
  }
  if (top.length > 0) y += GAP * 0.5;
  // The namespace boxes, flowed in rows below.
  let x = MARGIN;
  let rowH = 0;
  for (const bi of order.boxes) {
    const b = s.boxes[bi] as SizedBox;
    if (x > MARGIN && x + b.w > MARGIN + usable) {
      x = MARGIN;
      y += rowH + GAP;
      rowH = 0;
    }
    let cy = y + b.headerH + inner;
    for (const mi of order.members[bi] ?? []) {
      const p = b.members[mi] as PlacedNode;
      p.rect.x = x + inner;
      p.rect.y = cy;
      cy += p.rect.h + between;
      nodes.set(p.node.id, p);
    }
    boxes.set(b.ns.namespace, {
      namespace: b.ns.namespace,
      rect: { x, y, w: b.w, h: b.h },
      lines: b.lines,
      open: b.ns.openToPods || b.ns.openToInternet,
    });
    x += b.w + GAP;
    rowH = Math.max(rowH, b.h);
  }
  y += rowH + MARGIN;
  let right = 0;
  for (const p of nodes.values()) right = Math.max(right, p.rect.x + p.rect.w);
  for (const b of boxes.values()) right = Math.max(right, b.rect.x + b.rect.w);
  return { nodes, boxes, width: Math.max(s.width, right + MARGIN), height: Math.ceil(y), fonts: s.fonts };
}

/**
 * Lays the graph out for `width`. The order of the top band, of the boxes and of the workloads in each box is the
 * one with the fewest crossing arrows that layout-order.ts finds, never more than the fixed order's
 * (`reorder: false` keeps the fixed order, the baseline of the tests and the figures in docs/network.md).
 * Deterministic: the same view, width and fonts give the same picture.
 */
export function layoutNetwork(
  view: Pick<DrawnView, "nodes" | "namespaces" | "edges">,
  width: number,
  fonts: Fonts,
  measure: Measure,
  options: { reorder?: boolean } = {},
): GraphLayout {
  const s = size(view, width, fonts, measure);
  const initial = fixedOrder(s, view.edges);
  if (options.reorder === false) return arrange(s, initial);
  const order = chooseOrder({
    top: s.top.map((p) => p.node),
    boxes: s.boxes.map((b) => ({ namespace: b.ns.namespace, members: b.members.map((p) => p.node.id) })),
    edges: view.edges,
    exposed: new Set(view.nodes.filter((n) => n.exposed).map((n) => n.id)),
    initial,
    arrange: (o) => arrange(s, o),
  });
  return arrange(s, order);
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The edges whose two ends are placed. */
export function drawableEdges(layout: GraphLayout, edges: readonly DrawnEdge[]): DrawnEdge[] {
  return edges.filter((e) => endRect(layout, e.from) && endRect(layout, e.to));
}
