import type { DrawnEdge, DrawnView, ViewNode } from "@/lib/views/network-view-types";

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

export function layoutNetwork(
  view: Pick<DrawnView, "nodes" | "namespaces" | "edges">,
  width: number,
  fonts: Fonts,
  measure: Measure,
): GraphLayout {
  const usable = Math.max(320, width - 2 * MARGIN);
  const maxNode = Math.max(160, Math.floor(usable * 0.4));
  const place = (n: ViewNode): PlacedNode => {
    const lines = wrapText(n.label, maxNode, fonts.label, true, measure);
    const badgeText = nodeBadges(n);
    const badges = badgeText ? wrapText(badgeText, maxNode, fonts.small, false, measure) : [];
    const { w, h } = measureBlock(lines, badges, fonts, measure);
    return { node: n, rect: { x: 0, y: 0, w, h }, lines, badges };
  };
  const nodes = new Map<string, PlacedNode>();
  const boxes = new Map<string, PlacedBox>();

  // The top band: internet at the left, cloud metadata at the right, groups and named ranges between, spread
  // over the width so that arrows into the boxes below stay short; more rows when they do not fit in one.
  const order = { internet: 0, group: 1, range: 2, metadata: 3, workload: 4 } as const;
  const top = view.nodes
    .filter((n) => n.kind !== "workload")
    .sort((a, b) => order[a.kind] - order[b.kind])
    .map(place);
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

  // Namespace boxes, flowed in rows below.
  const members = new Map<string, ViewNode[]>();
  for (const n of view.nodes) {
    if (n.kind !== "workload" || n.namespace === undefined) continue;
    members.set(n.namespace, [...(members.get(n.namespace) ?? []), n]);
  }
  const pad = Math.round(fonts.label * 0.6);
  const inner = Math.round(fonts.label * 0.75);
  // The namespaces the top band's arrows reach first (nearest the band), then by name.
  const touches = new Map<string, number>();
  const nsOfEnd = (id: string) =>
    id.startsWith("ns:") ? id.slice(3) : view.nodes.find((n) => n.id === id)?.namespace;
  const isTop = (id: string) => nodes.has(id);
  for (const e of view.edges) {
    if (isTop(e.from) === isTop(e.to)) continue;
    const ns = nsOfEnd(isTop(e.from) ? e.to : e.from);
    if (ns !== undefined) touches.set(ns, (touches.get(ns) ?? 0) + 1);
  }
  const namespaces = [...view.namespaces].sort(
    (a, b) =>
      (touches.get(b.namespace) ?? 0) - (touches.get(a.namespace) ?? 0) ||
      a.namespace.localeCompare(b.namespace),
  );
  let x = MARGIN;
  let rowH = 0;
  for (const ns of namespaces) {
    const list = members.get(ns.namespace) ?? [];
    if (list.length === 0) continue;
    const placed = list.map(place);
    const header = boxHeader(ns).flatMap((l, i) =>
      wrapText(l, maxNode, i === 0 ? fonts.label : fonts.small, i === 0, measure).map((text) => ({
        text,
        main: i === 0,
      })),
    );
    const px = (main: boolean) => (main ? fonts.label : fonts.small);
    const headerW = Math.max(...header.map((l) => measure(l.text, px(l.main), l.main)));
    const headerH = header.reduce((sum, l) => sum + lineHeight(px(l.main)), 0) + pad;
    const w = Math.ceil(Math.max(headerW + 2 * pad, ...placed.map((p) => p.rect.w + 2 * inner)));
    // Room between stacked workloads for the label of an edge between them.
    const between = lineHeight(fonts.small) + 14;
    const h = Math.ceil(
      headerH + inner + placed.reduce((s, p) => s + p.rect.h, 0) + (placed.length - 1) * between + inner,
    );
    if (x > MARGIN && x + w > MARGIN + usable) {
      x = MARGIN;
      y += rowH + GAP;
      rowH = 0;
    }
    let cy = y + headerH + inner;
    for (const p of placed) {
      p.rect.x = x + inner;
      p.rect.y = cy;
      p.rect.w = w - 2 * inner;
      cy += p.rect.h + between;
      nodes.set(p.node.id, p);
    }
    boxes.set(ns.namespace, {
      namespace: ns.namespace,
      rect: { x, y, w, h },
      lines: header,
      open: ns.openToPods || ns.openToInternet,
    });
    x += w + GAP;
    rowH = Math.max(rowH, h);
  }
  y += rowH + MARGIN;
  let right = 0;
  for (const p of nodes.values()) right = Math.max(right, p.rect.x + p.rect.w);
  for (const b of boxes.values()) right = Math.max(right, b.rect.x + b.rect.w);
  return { nodes, boxes, width: Math.max(width, right + MARGIN), height: Math.ceil(y), fonts };
}

/** The rectangle an edge end stands for: a node, or a whole namespace box (`ns:<name>`). */
export function endRect(layout: GraphLayout, id: string): Rect | undefined {
  if (id.startsWith("ns:")) return layout.boxes.get(id.slice(3))?.rect;
  return layout.nodes.get(id)?.rect;
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The edges whose two ends are placed. */
export function drawableEdges(layout: GraphLayout, edges: readonly DrawnEdge[]): DrawnEdge[] {
  return edges.filter((e) => endRect(layout, e.from) && endRect(layout, e.to));
}
