"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { NetworkView, ViewEdge, ViewNode } from "@/lib/views/build-network-view";
import { NODE_H, NODE_W } from "@/lib/views/build-network-view";

// The workload graph on a canvas: the layout comes precomputed from the server (build-network-view.ts), so the
// browser only draws. Pan by dragging or with the arrow keys, zoom with the wheel or +/-, 0 fits; N/P walk the
// nodes, E/W walk the edges, Enter explains the selected edge (or picks the selected node as an endpoint).
// Status is never colour alone: every badge has a word, highlighted edges are thicker and dashed or doubled.

export interface CanvasProps {
  view: NetworkView;
  selectedEdge?: string;
  gained?: ReadonlySet<string>;
  lost?: ReadonlySet<string>;
  onExplainEdge(edge: ViewEdge): void;
  onPickNode(node: ViewNode): void;
  picked?: string;
}

interface Transform {
  scale: number;
  tx: number;
  ty: number;
}

function isDark(): boolean {
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

function center(n: ViewNode): [number, number] {
  return [n.x + NODE_W / 2, n.y + NODE_H / 2];
}

/** Where the segment from a's centre to b's centre leaves b's box, so arrowheads sit on the border. */
function border(a: ViewNode, b: ViewNode): [number, number] {
  const [ax, ay] = center(a);
  const [bx, by] = center(b);
  const dx = ax - bx;
  const dy = ay - by;
  const sx = dx === 0 ? Infinity : NODE_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : NODE_H / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [bx + dx * s, by + dy * s];
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

function distanceToSegment(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const l2 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * (x2 - x1) + (py - y1) * (y2 - y1)) / l2));
  return Math.hypot(px - (x1 + t * (x2 - x1)), py - (y1 + t * (y2 - y1)));
}

interface EdgeGeometry {
  edge: ViewEdge;
  self: boolean;
  /** Border to border, so arrowheads sit on the box and labels in the gap between boxes. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  angle: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function geometryOf(edges: readonly ViewEdge[], nodeById: ReadonlyMap<string, ViewNode>): EdgeGeometry[] {
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

/** Node and group texts cut to their boxes once per view: measuring text is the slowest thing a frame could do. */
function fittedNodeText(view: NetworkView): {
  nodes: Map<string, { label: string; badges: string }>;
  groups: Map<string, string>;
} {
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
    const badges = [
      n.exposed ? "⚠ internet" : "",
      n.reachesMetadata ? "☁ metadata" : "",
      n.openIngress && n.openEgress
        ? "open in+out"
        : n.openIngress
          ? "open in"
          : n.openEgress
            ? "open out"
            : "",
    ].filter(Boolean);
    ctx.font = "500 11px system-ui, sans-serif";
    nodes.set(n.id, { label, badges: fitText(ctx, badges.join(" · "), NODE_W - 16) });
  }
  return { nodes, groups };
}

export function NetworkCanvas({
  view,
  selectedEdge,
  gained,
  lost,
  onExplainEdge,
  onPickNode,
  picked,
}: CanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 900, height: 600 });
  // The user's pan and zoom; until they move, the graph fits the canvas.
  const [userT, setUserT] = useState<Transform | undefined>(undefined);
  const [focusNode, setFocusNode] = useState<number>(-1);
  const [focusEdge, setFocusEdge] = useState<number>(() =>
    view.edges.findIndex((e) => e.id === selectedEdge),
  );
  const [dark, setDark] = useState(() => typeof window !== "undefined" && isDark());
  const drag = useRef<{ x: number; y: number; tx: number; ty: number; moved: boolean } | undefined>(
    undefined,
  );
  const nodeById = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view.nodes]);
  // While the user zooms or pans, frames move a bitmap of the last full frame; the full picture is drawn again
  // once they pause. Rasterising tens of thousands of edges takes longer than a frame, moving a bitmap does not.
  const lastFrame = useRef<{ canvas: HTMLCanvasElement; t: Transform } | null>(null);
  const moving = useRef(false);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [settled, setSettled] = useState(0);
  const markMoving = useCallback(() => {
    moving.current = true;
    clearTimeout(settleTimer.current);
    settleTimer.current = setTimeout(() => {
      moving.current = false;
      setSettled((n) => n + 1);
    }, 160);
  }, []);
  useEffect(() => () => clearTimeout(settleTimer.current), []);
  // Everything about the picture that does not change with pan, zoom or selection is worked out once per view:
  // with a thousand workloads and tens of thousands of edges, a frame must only stroke and fill.
  const edgeGeometry = useMemo(() => geometryOf(view.edges, nodeById), [view.edges, nodeById]);
  const nodeText = useMemo(() => fittedNodeText(view), [view]);

  const fitT = useMemo(() => {
    const scale = Math.min(1.8, size.width / Math.max(1, view.width), size.height / Math.max(1, view.height));
    return { scale, tx: (size.width - view.width * scale) / 2, ty: (size.height - view.height * scale) / 2 };
  }, [size, view.width, view.height]);
  const t = userT ?? fitT;
  const fitRef = useRef(fitT);
  useEffect(() => {
    fitRef.current = fitT;
  }, [fitT]);
  const setT = useCallback(
    (f: (old: Transform) => Transform) => setUserT((old) => f(old ?? fitRef.current)),
    [],
  );
  const fit = () => setUserT(undefined);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() =>
      setSize({ width: wrap.clientWidth, height: Math.max(420, Math.min(760, window.innerHeight * 0.65)) }),
    );
    observer.observe(wrap);
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const update = () => setDark(isDark());
    media.addEventListener("change", update);
    const classes = new MutationObserver(update);
    classes.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      observer.disconnect();
      media.removeEventListener("change", update);
      classes.disconnect();
    };
  }, []);

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    // Resizing clears and reallocates the canvas: only when the size really changed.
    if (
      canvas.width !== Math.round(size.width * ratio) ||
      canvas.height !== Math.round(size.height * ratio)
    ) {
      canvas.width = Math.round(size.width * ratio);
      canvas.height = Math.round(size.height * ratio);
    }
    const c = palette(dark);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = c.bg;
    ctx.fillRect(0, 0, size.width, size.height);
    const last = lastFrame.current;
    if (
      moving.current &&
      last &&
      last.canvas.width === canvas.width &&
      last.canvas.height === canvas.height
    ) {
      // A screen point p of the last frame is now at p * s + (t - last.t * s).
      const s = t.scale / last.t.scale;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(
        last.canvas,
        ratio * (t.tx - last.t.tx * s),
        ratio * (t.ty - last.t.ty * s),
        canvas.width * s,
        canvas.height * s,
      );
      return;
    }
    ctx.setTransform(ratio * t.scale, 0, 0, ratio * t.scale, ratio * t.tx, ratio * t.ty);
    // The visible part of the world, with a margin: what lies outside is not drawn at all.
    const margin = 40 / t.scale;
    const view0 = { x1: -t.tx / t.scale - margin, y1: -t.ty / t.scale - margin };
    const view1 = { x2: (size.width - t.tx) / t.scale + margin, y2: (size.height - t.ty) / t.scale + margin };
    const visible = (x1: number, y1: number, x2: number, y2: number) =>
      x2 >= view0.x1 && x1 <= view1.x2 && y2 >= view0.y1 && y1 <= view1.y2;

    ctx.font = "600 14px system-ui, sans-serif";
    for (const g of view.groups) {
      if (!visible(g.x, g.y, g.x + g.width, g.y + g.height)) continue;
      ctx.fillStyle = c.group;
      ctx.strokeStyle = c.groupLine;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.roundRect(g.x, g.y, g.width, g.height, 10);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = c.muted;
      ctx.fillText(nodeText.groups.get(g.namespace) ?? g.namespace, g.x + 10, g.y + 20);
    }

    const focusedEdge = view.edges[focusEdge];
    // Ordinary edges share two paths (plain and implementation-defined, dashed) and one arrowhead path each;
    // highlighted ones (selected, gained, lost) are few and drawn one by one on top.
    const plain = new Path2D();
    const plainHeads = new Path2D();
    const dashed = new Path2D();
    const dashedHeads = new Path2D();
    const special: EdgeGeometry[] = [];
    const onScreen: EdgeGeometry[] = [];
    for (const g of edgeGeometry) {
      if (!visible(g.minX, g.minY, g.maxX, g.maxY)) continue;
      onScreen.push(g);
      const e = g.edge;
      if (e.id === selectedEdge || e.id === focusedEdge?.id || gained?.has(e.id) || lost?.has(e.id)) {
        special.push(g);
        continue;
      }
      addEdge(
        e.implementationDefined ? dashed : plain,
        e.implementationDefined ? dashedHeads : plainHeads,
        g,
      );
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
      const isSel = e.id === selectedEdge || e.id === focusedEdge?.id;
      const isGained = gained?.has(e.id) ?? false;
      const isLost = lost?.has(e.id) ?? false;
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

    const focused = view.nodes[focusNode];
    for (const n of view.nodes) {
      if (!visible(n.x, n.y, n.x + NODE_W, n.y + NODE_H)) continue;
      const isFocus = n.id === focused?.id || n.id === picked;
      ctx.fillStyle = c.node;
      ctx.strokeStyle = isFocus ? c.sel : n.exposed || n.reachesMetadata ? c.warn : c.nodeLine;
      ctx.lineWidth = isFocus ? 4 : n.exposed || n.reachesMetadata ? 3 : 1.5;
      ctx.setLineDash(n.representative ? [6, 3] : []);
      ctx.beginPath();
      ctx.roundRect(n.x, n.y, NODE_W, NODE_H, n.kind === "external" ? 20 : 6);
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
      const text = nodeText.nodes.get(n.id);
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
      const isSel = e.id === selectedEdge || e.id === focusedEdge?.id;
      const isGained = gained?.has(e.id) ?? false;
      const isLost = lost?.has(e.id) ?? false;
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
    const copy = lastFrame.current?.canvas ?? document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    copy.getContext("2d")?.drawImage(canvas, 0, 0);
    lastFrame.current = { canvas: copy, t };
  }, [dark, size, t, view, edgeGeometry, nodeText, selectedEdge, gained, lost, focusNode, focusEdge, picked]);

  // One redraw per animation frame, however many wheel or pointer events arrive in between.
  // `settled` too: the full picture is drawn again when the user pauses.
  useEffect(() => {
    const frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [draw, settled]);

  const toWorld = (clientX: number, clientY: number): [number, number] => {
    const rect = canvasRef.current?.getBoundingClientRect();
    const x = clientX - (rect?.left ?? 0);
    const y = clientY - (rect?.top ?? 0);
    return [(x - t.tx) / t.scale, (y - t.ty) / t.scale];
  };

  const hit = (wx: number, wy: number): { node?: ViewNode; edge?: ViewEdge } => {
    const node = view.nodes.find((n) => wx >= n.x && wx <= n.x + NODE_W && wy >= n.y && wy <= n.y + NODE_H);
    if (node) return { node };
    let best: ViewEdge | undefined;
    let bestD = 8 / t.scale;
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
    return { edge: best };
  };

  const zoom = (factor: number, cx = size.width / 2, cy = size.height / 2) => {
    setT((old) => {
      const scale = Math.max(0.05, Math.min(4, old.scale * factor));
      return {
        scale,
        tx: cx - ((cx - old.tx) * scale) / old.scale,
        ty: cy - ((cy - old.ty) * scale) / old.scale,
      };
    });
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // A non-passive listener: the wheel zooms the graph instead of scrolling the page.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const cx = e.clientX - rect.left;
      const cy = e.clientY - rect.top;
      const factor = e.deltaY < 0 ? 1.15 : 1 / 1.15;
      markMoving();
      setT((old) => {
        const scale = Math.max(0.05, Math.min(4, old.scale * factor));
        return {
          scale,
          tx: cx - ((cx - old.tx) * scale) / old.scale,
          ty: cy - ((cy - old.ty) * scale) / old.scale,
        };
      });
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, [setT, markMoving]);

  const centerOn = (n: ViewNode) => {
    const [x, y] = center(n);
    setT((old) => ({ ...old, tx: size.width / 2 - x * old.scale, ty: size.height / 2 - y * old.scale }));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const step = 60;
    const key = e.key;
    if (key === "ArrowLeft") setT((o) => ({ ...o, tx: o.tx + step }));
    else if (key === "ArrowRight") setT((o) => ({ ...o, tx: o.tx - step }));
    else if (key === "ArrowUp") setT((o) => ({ ...o, ty: o.ty + step }));
    else if (key === "ArrowDown") setT((o) => ({ ...o, ty: o.ty - step }));
    else if (key === "+" || key === "=") zoom(1.2);
    else if (key === "-") zoom(1 / 1.2);
    else if (key === "0") fit();
    else if (key === "n" || key === "p") {
      if (view.nodes.length === 0) return;
      const next = (focusNode + (key === "n" ? 1 : view.nodes.length - 1)) % view.nodes.length;
      setFocusNode(next);
      setFocusEdge(-1);
      const node = view.nodes[next];
      if (node) centerOn(node);
    } else if (key === "e" || key === "w") {
      if (view.edges.length === 0) return;
      const next =
        (Math.max(focusEdge, key === "e" ? -1 : 0) + (key === "e" ? 1 : view.edges.length - 1)) %
        view.edges.length;
      setFocusEdge(next);
      setFocusNode(-1);
      const edge = view.edges[next];
      const node = edge ? nodeById.get(edge.from) : undefined;
      if (node) centerOn(node);
    } else if (key === "Enter") {
      const edge = view.edges[focusEdge];
      const node = view.nodes[focusNode];
      if (edge) onExplainEdge(edge);
      else if (node) onPickNode(node);
    } else return;
    e.preventDefault();
  };

  const focused = focusEdge >= 0 ? view.edges[focusEdge] : undefined;
  const focusedNode = focusNode >= 0 ? view.nodes[focusNode] : undefined;
  return (
    <div ref={wrapRef} className="relative w-full">
      <canvas
        ref={canvasRef}
        tabIndex={0}
        role="application"
        aria-roledescription="network graph"
        aria-label={`Network graph: ${view.nodes.length} nodes, ${view.edges.length} edges. Keys: N and P walk nodes, E and W walk edges, Enter explains, arrows pan, plus and minus zoom, 0 fits.`}
        data-testid="network-canvas"
        style={{ width: size.width, height: size.height, touchAction: "none" }}
        className="rounded-lg border border-slate-300 focus:outline focus:outline-4 focus:outline-amber-500 dark:border-slate-600"
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, tx: t.tx, ty: t.ty, moved: false };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 4) d.moved = true;
          if (d.moved) {
            markMoving();
            setT((o) => ({ ...o, tx: d.tx + e.clientX - d.x, ty: d.ty + e.clientY - d.y }));
          }
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = undefined;
          if (d?.moved) return;
          const [wx, wy] = toWorld(e.clientX, e.clientY);
          const { node, edge } = hit(wx, wy);
          if (node) {
            setFocusNode(view.nodes.indexOf(node));
            onPickNode(node);
          } else if (edge) {
            setFocusEdge(view.edges.indexOf(edge));
            onExplainEdge(edge);
          }
        }}
      />
      <p
        className="mt-2 text-sm text-slate-600 dark:text-slate-300"
        aria-live="polite"
        data-testid="canvas-focus"
      >
        {focused
          ? `Edge: ${focused.from} → ${focused.to} (${focused.ports}). Enter explains it.`
          : focusedNode
            ? `Node: ${focusedNode.id}${focusedNode.exposed ? ", reachable from the internet" : ""}${focusedNode.reachesMetadata ? ", can reach cloud metadata" : ""}. Enter picks it as an endpoint.`
            : "Click an edge to explain it, or click two nodes to ask about them. Drag to pan, wheel to zoom."}
      </p>
      <div className="mt-1 flex gap-2" data-no-print>
        <button
          type="button"
          className="rounded border border-slate-400 px-3 py-1"
          onClick={() => zoom(1.2)}
          aria-label="Zoom in"
        >
          +
        </button>
        <button
          type="button"
          className="rounded border border-slate-400 px-3 py-1"
          onClick={() => zoom(1 / 1.2)}
          aria-label="Zoom out"
        >
          −
        </button>
        <button type="button" className="rounded border border-slate-400 px-3 py-1" onClick={fit}>
          Fit
        </button>
      </div>
    </div>
  );
}
