import {
  intersects,
  nodeBadges,
  visibleWorld,
  type EdgeGeometry,
  type Size,
  type Transform,
} from "@/components/network/canvas-geometry";
import type { NetworkView } from "@/lib/views/build-network-view";
import { NODE_H, NODE_W } from "@/lib/views/build-network-view";

// Drawing the network graph on a 2D canvas: one full frame from the view, its precomputed geometry and the
// current transform and highlights. Status is never colour alone: every badge has a word, highlighted edges
// are thicker and dashed or doubled.

export function isDark(): boolean {
  const root = document.documentElement;
  if (root.classList.contains("dark")) return true;
  if (root.classList.contains("light")) return false;
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

function palette(dark: boolean) {
  return dark
    ? {
        bg: "#0f172a",
        group: "#1e293b",
        groupLine: "#475569",
        text: "#f1f5f9",
        muted: "#94a3b8",
        node: "#334155",
        nodeLine: "#cbd5e1",
        edge: "#94a3b8",
        sel: "#fbbf24",
        gained: "#34d399",
        lost: "#f87171",
        warn: "#fb923c",
      }
    : {
        bg: "#ffffff",
        group: "#f1f5f9",
        groupLine: "#94a3b8",
        text: "#0f172a",
        muted: "#475569",
        node: "#ffffff",
        nodeLine: "#334155",
        edge: "#64748b",
        sel: "#b45309",
        gained: "#047857",
        lost: "#b91c1c",
        warn: "#c2410c",
      };
}

/** The text, cut with an ellipsis to fit `width` pixels in the current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  // The longest prefix that fits with its ellipsis, by bisection.
  let lo = 1;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function addEdge(line: Path2D, head: Path2D, g: EdgeGeometry): void {
  if (g.self) {
    line.moveTo(g.x1 - 14, g.y1);
    line.arc(g.x1, g.y1, 14, Math.PI, Math.PI * 2.6);
    return;
  }
  line.moveTo(g.x1, g.y1);
  line.lineTo(g.x2, g.y2);
  head.moveTo(g.x2, g.y2);
  head.lineTo(g.x2 - 11 * Math.cos(g.angle - 0.4), g.y2 - 11 * Math.sin(g.angle - 0.4));
  // No closePath: fill closes every subpath itself, and Chromium's Path2D.closePath costs time in proportion
  // to the subpaths already in the path (seconds per frame with 27,000 arrowheads).
  head.lineTo(g.x2 - 11 * Math.cos(g.angle + 0.4), g.y2 - 11 * Math.sin(g.angle + 0.4));
}

interface NodeText {
  nodes: Map<string, { label: string; badges: string }>;
  groups: Map<string, string>;
}

/** Node and group texts cut to their boxes once per view: measuring text is the slowest thing a frame could do. */
export function fittedNodeText(view: NetworkView): NodeText {
  const nodes = new Map<string, { label: string; badges: string }>();
  const groups = new Map<string, string>();
  const ctx = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!ctx) return { nodes, groups };
  ctx.font = "600 14px system-ui, sans-serif";
  for (const g of view.groups)
    groups.set(g.namespace, fitText(ctx, `namespace ${g.namespace}`, g.width - 20));
  for (const n of view.nodes) {
    ctx.font = "600 13px system-ui, sans-serif";
    const label = fitText(ctx, n.label, NODE_W - 16);
    ctx.font = "500 11px system-ui, sans-serif";
    nodes.set(n.id, { label, badges: fitText(ctx, nodeBadges(n), NODE_W - 16) });
  }
  return { nodes, groups };
}

export interface Frame {
  view: NetworkView;
  geometry: readonly EdgeGeometry[];
  text: NodeText;
  t: Transform;
  size: Size;
  dark: boolean;
  /** Ids of the edges and nodes drawn highlighted. */
  selectedEdge: string | undefined;
  focusedEdge: string | undefined;
  focusedNode: string | undefined;
  picked: string | undefined;
  gained: ReadonlySet<string> | undefined;
  lost: ReadonlySet<string> | undefined;
}

/** Draws one full frame in CSS pixels (the caller has set the device-pixel ratio) over the whole canvas. */
export function drawFrame(ctx: CanvasRenderingContext2D, ratio: number, f: Frame): void {
  const { view, t, size } = f;
  const c = palette(f.dark);
  clear(ctx, ratio, size, f.dark);
  ctx.setTransform(ratio * t.scale, 0, 0, ratio * t.scale, ratio * t.tx, ratio * t.ty);
  const world = visibleWorld(t, size);

  ctx.font = "600 14px system-ui, sans-serif";
  for (const g of view.groups) {
    if (!intersects(world, g.x, g.y, g.x + g.width, g.y + g.height)) continue;
    ctx.fillStyle = c.group;
    ctx.strokeStyle = c.groupLine;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.roundRect(g.x, g.y, g.width, g.height, 10);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = c.muted;
    ctx.fillText(f.text.groups.get(g.namespace) ?? g.namespace, g.x + 10, g.y + 20);
  }

  const isSelected = (id: string) => id === f.selectedEdge || id === f.focusedEdge;
  // Ordinary edges share two paths (plain and implementation-defined, dashed) and one arrowhead path each;
  // highlighted ones (selected, gained, lost) are few and drawn one by one on top.
  const plain = new Path2D();
  const plainHeads = new Path2D();
  const dashed = new Path2D();
  const dashedHeads = new Path2D();
  const special: EdgeGeometry[] = [];
  const onScreen: EdgeGeometry[] = [];
  for (const g of f.geometry) {
    if (!intersects(world, g.minX, g.minY, g.maxX, g.maxY)) continue;
    onScreen.push(g);
    const e = g.edge;
    if (isSelected(e.id) || f.gained?.has(e.id) || f.lost?.has(e.id)) {
      special.push(g);
      continue;
    }
    addEdge(e.implementationDefined ? dashed : plain, e.implementationDefined ? dashedHeads : plainHeads, g);
  }
  ctx.strokeStyle = c.edge;
  ctx.fillStyle = c.edge;
  ctx.lineWidth = 1.25;
  ctx.stroke(plain);
  ctx.fill(plainHeads);
  ctx.setLineDash([3, 3]);
  ctx.stroke(dashed);
  ctx.setLineDash([]);
  ctx.fill(dashedHeads);
  for (const g of special) {
    const e = g.edge;
    const isSel = isSelected(e.id);
    const isGained = f.gained?.has(e.id) ?? false;
    const isLost = f.lost?.has(e.id) ?? false;
    const line = new Path2D();
    const head = new Path2D();
    addEdge(line, head, g);
    ctx.strokeStyle = isSel ? c.sel : isGained ? c.gained : isLost ? c.lost : c.edge;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = isSel ? 4 : 3;
    ctx.setLineDash(isLost ? [8, 5] : e.implementationDefined ? [3, 3] : []);
    ctx.stroke(line);
    ctx.setLineDash([]);
    ctx.fill(head);
  }

  for (const n of view.nodes) {
    if (!intersects(world, n.x, n.y, n.x + NODE_W, n.y + NODE_H)) continue;
    const isFocus = n.id === f.focusedNode || n.id === f.picked;
    ctx.fillStyle = c.node;
    ctx.strokeStyle = isFocus ? c.sel : n.exposed || n.reachesMetadata ? c.warn : c.nodeLine;
    ctx.lineWidth = isFocus ? 4 : n.exposed || n.reachesMetadata ? 3 : 1.5;
    ctx.setLineDash(n.representative ? [6, 3] : []);
    ctx.beginPath();
    ctx.roundRect(n.x, n.y, NODE_W, NODE_H, n.kind === "external" ? 20 : 6);
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
    const text = f.text.nodes.get(n.id);
    ctx.fillStyle = c.text;
    ctx.font = "600 13px system-ui, sans-serif";
    ctx.fillText(text?.label ?? n.label, n.x + 8, n.y + 18);
    ctx.font = "500 11px system-ui, sans-serif";
    ctx.fillStyle = n.exposed || n.reachesMetadata ? c.warn : c.muted;
    ctx.fillText(text?.badges ?? "", n.x + 8, n.y + 35);
  }

  // Edge labels last, on a plate, so that nodes never hide them; only where they can be read.
  const labelAll = onScreen.length <= 300 || t.scale > 0.9;
  const px = 13 / t.scale; // 13 screen pixels whatever the zoom: legible on a projector
  for (const g of onScreen) {
    const e = g.edge;
    const isSel = isSelected(e.id);
    const isGained = f.gained?.has(e.id) ?? false;
    const isLost = f.lost?.has(e.id) ?? false;
    if (!labelAll && !isSel && !isGained && !isLost) continue;
    const text = `${isGained ? "+ " : isLost ? "− " : ""}${e.ports}`.slice(0, 40);
    const x = (g.x1 + g.x2) / 2;
    const y = (g.y1 + g.y2) / 2;
    ctx.font = `${isSel ? "700" : "500"} ${px}px system-ui, sans-serif`;
    const w = ctx.measureText(text).width;
    ctx.fillStyle = c.bg;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(x - w / 2 - 3 / t.scale, y - px, w + 6 / t.scale, px * 1.3);
    ctx.globalAlpha = 1;
    ctx.fillStyle = isSel ? c.sel : c.text;
    ctx.fillText(text, x - w / 2, y);
  }
}

function clear(ctx: CanvasRenderingContext2D, ratio: number, size: Size, dark: boolean): void {
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = palette(dark).bg;
  ctx.fillRect(0, 0, size.width, size.height);
}

/**
 * The last full frame, drawn at transform `from`, moved to transform `to`: a point p of it is now at
 * p * s + (to.t - from.t * s). While the user pans or zooms this replaces drawing tens of thousands of edges.
 */
export function drawMovedBitmap(
  ctx: CanvasRenderingContext2D,
  ratio: number,
  size: Size,
  dark: boolean,
  bitmap: HTMLCanvasElement,
  from: Transform,
  to: Transform,
): void {
  clear(ctx, ratio, size, dark);
  const s = to.scale / from.scale;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(
    bitmap,
    ratio * (to.tx - from.tx * s),
    ratio * (to.ty - from.ty * s),
    bitmap.width * s,
    bitmap.height * s,
  );
}
