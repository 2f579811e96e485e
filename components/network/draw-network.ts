import type { EdgeChange, EdgeGeometry, Size, Transform } from "@/components/network/canvas-geometry";
import { lineHeight, type GraphLayout } from "@/components/network/layout-network";

// Drawing the network graph on a 2D canvas: one full frame from the layout, its precomputed geometry and the
// current transform and highlights. Status is never colour alone: every badge has a word, changed edges carry
// GAINED or LOST and are thicker (lost ones dashed), exposed ones EXPOSED; every edge has an arrowhead.

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

function arrow(ctx: CanvasRenderingContext2D, g: EdgeGeometry, size: number): void {
  ctx.beginPath();
  ctx.moveTo(g.x2, g.y2);
  ctx.lineTo(g.x2 - size * Math.cos(g.angle - 0.42), g.y2 - size * Math.sin(g.angle - 0.42));
  ctx.lineTo(g.x2 - size * Math.cos(g.angle + 0.42), g.y2 - size * Math.sin(g.angle + 0.42));
  ctx.closePath();
  ctx.fill();
}

export interface Frame {
  layout: GraphLayout;
  geometry: readonly EdgeGeometry[];
  t: Transform;
  size: Size;
  dark: boolean;
  /** Ids of the edges and nodes drawn highlighted. */
  selectedEdge: string | undefined;
  focusedNode: string | undefined;
  picked: string | undefined;
  changes: ReadonlyMap<string, EdgeChange> | undefined;
}

function font(px: number, bold: boolean): string {
  return `${bold ? "700" : "500"} ${px}px system-ui, sans-serif`;
}

/** Draws one full frame in CSS pixels (the caller has set the device-pixel ratio) over the whole canvas. */
export function drawFrame(ctx: CanvasRenderingContext2D, ratio: number, f: Frame): void {
  const { layout, t, size } = f;
  const { fonts } = layout;
  const c = palette(f.dark);
  clear(ctx, ratio, size, f.dark);
  ctx.setTransform(ratio * t.scale, 0, 0, ratio * t.scale, ratio * t.tx, ratio * t.ty);
  const world = visibleWorld(t, size);
  ctx.textBaseline = "top";

  // Namespace boxes; an open one (every workload open to every pod or the internet) has a thick warning border.
  for (const b of layout.boxes.values()) {
    const r = b.rect;
    if (!intersects(world, r.x, r.y, r.x + r.w, r.y + r.h)) continue;
    ctx.fillStyle = c.group;
    ctx.strokeStyle = b.open ? c.warn : c.groupLine;
    ctx.lineWidth = b.open ? 3 : 1;
    ctx.beginPath();
    ctx.roundRect(r.x, r.y, r.w, r.h, 10);
    ctx.fill();
    ctx.stroke();
  }

  // Edges: plain ones first, highlighted ones (selected, gained, lost, exposed) on top, thicker.
  const ordered = [...f.geometry].sort((a, b) => rank(f, a) - rank(f, b));
  for (const g of ordered) {
    const e = g.edge;
    const change = f.changes?.get(e.id)?.kind;
    const isSel = e.id === f.selectedEdge;
    const colour = isSel
      ? c.sel
      : change === "gained"
        ? c.gained
        : change === "lost"
          ? c.lost
          : e.exposed || e.metadata
            ? c.warn
            : c.edge;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = isSel ? 5 : change ? 4 : e.exposed ? 4 : e.internet || e.metadata ? 2.5 : 1.75;
    ctx.setLineDash(change === "lost" ? [10, 6] : e.implementationDefined ? [4, 4] : []);
    ctx.beginPath();
    if (g.self) ctx.arc(g.x1, g.y1, 16, Math.PI, Math.PI * 2.6);
    else {
      ctx.moveTo(g.x1, g.y1);
      ctx.lineTo(g.x2, g.y2);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (!g.self) arrow(ctx, g, isSel || change || e.exposed ? 18 : 14);
  }

  // Box titles over the edges, on their box's colour, so that no line crosses a namespace's name.
  for (const b of layout.boxes.values()) {
    const r = b.rect;
    if (!intersects(world, r.x, r.y, r.x + r.w, r.y + r.h)) continue;
    const pad = Math.round(fonts.label * 0.6);
    let y = r.y + pad * 0.7;
    for (const line of b.lines) {
      const px = line.main ? fonts.label : fonts.small;
      ctx.font = font(px, line.main);
      ctx.fillStyle = c.group;
      ctx.fillRect(r.x + pad - 3, y - 1, ctx.measureText(line.text).width + 6, lineHeight(px));
      ctx.fillStyle = line.main ? c.text : c.warn;
      ctx.fillText(line.text, r.x + pad, y);
      y += lineHeight(px);
    }
  }

  // Nodes over the edges, opaque.
  for (const p of layout.nodes.values()) {
    const r = p.rect;
    const n = p.node;
    if (!intersects(world, r.x, r.y, r.x + r.w, r.y + r.h)) continue;
    const isFocus = n.id === f.focusedNode || n.id === f.picked;
    const warn = n.exposed || n.kind === "internet" || n.kind === "metadata";
    ctx.fillStyle = n.kind === "workload" ? c.node : n.kind === "group" ? c.group : c.node;
    ctx.strokeStyle = isFocus ? c.sel : warn ? c.warn : c.nodeLine;
    ctx.lineWidth = isFocus ? 4 : warn ? 3 : 1.5;
    ctx.setLineDash(n.representative || n.upperBound ? [6, 3] : []);
    ctx.beginPath();
    ctx.roundRect(r.x, r.y, r.w, r.h, n.kind === "workload" ? 6 : r.h / 2);
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
    const pad = Math.round(fonts.label * 0.6);
    let y = r.y + pad;
    ctx.font = font(fonts.label, true);
    ctx.fillStyle = c.text;
    for (const line of p.lines) {
      ctx.fillText(line, r.x + (n.kind === "workload" ? pad : (r.w - ctx.measureText(line).width) / 2), y);
      y += lineHeight(fonts.label);
    }
    ctx.font = font(fonts.small, false);
    ctx.fillStyle = n.exposed || n.upperBound ? c.warn : c.muted;
    for (const line of p.badges) {
      ctx.fillText(line, r.x + pad, y);
      y += lineHeight(fonts.small);
    }
  }

  // Edge labels last, on an opaque plate placed off the nodes (canvas-geometry.ts).
  ctx.font = font(fonts.small, true);
  for (const g of ordered) {
    const p = g.plate;
    if (!p || !intersects(world, p.x, p.y, p.x + p.w, p.y + p.h)) continue;
    const e = g.edge;
    const change = f.changes?.get(e.id)?.kind;
    const isSel = e.id === f.selectedEdge;
    ctx.fillStyle = c.bg;
    ctx.strokeStyle = isSel
      ? c.sel
      : change === "gained"
        ? c.gained
        : change === "lost"
          ? c.lost
          : c.groupLine;
    ctx.lineWidth = isSel || change ? 2.5 : 1;
    ctx.beginPath();
    ctx.roundRect(p.x, p.y, p.w, p.h, 4);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = isSel
      ? c.sel
      : change === "gained"
        ? c.gained
        : change === "lost"
          ? c.lost
          : e.exposed
            ? c.warn
            : c.text;
    ctx.fillText(g.label, p.x + 5, p.y + 3);
  }
}

function rank(f: Frame, g: EdgeGeometry): number {
  const e = g.edge;
  if (e.id === f.selectedEdge) return 3;
  if (f.changes?.has(e.id)) return 2;
  return e.exposed || e.metadata || e.internet ? 1 : 0;
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
