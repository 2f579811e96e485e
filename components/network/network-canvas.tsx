"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { NetworkView, ViewEdge, ViewNode } from "@/lib/netpol/build-network-view";
import { NODE_H, NODE_W } from "@/lib/netpol/build-network-view";

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
  let end = text.length;
  while (end > 1 && ctx.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}

function distanceToSegment(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const l2 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * (x2 - x1) + (py - y1) * (y2 - y1)) / l2));
  return Math.hypot(px - (x1 + t * (x2 - x1)), py - (y1 + t * (y2 - y1)));
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
    canvas.width = size.width * ratio;
    canvas.height = size.height * ratio;
    const c = palette(dark);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = c.bg;
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.setTransform(ratio * t.scale, 0, 0, ratio * t.scale, ratio * t.tx, ratio * t.ty);
    ctx.font = "600 14px system-ui, sans-serif";
    for (const g of view.groups) {
      ctx.fillStyle = c.group;
      ctx.strokeStyle = c.groupLine;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.roundRect(g.x, g.y, g.width, g.height, 10);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = c.muted;
      ctx.fillText(fitText(ctx, `namespace ${g.namespace}`, g.width - 20), g.x + 10, g.y + 20);
    }
    const focusedEdge = view.edges[focusEdge];
    // Edge labels are drawn last, on a plate, so that nodes never hide them.
    const labels: { text: string; x: number; y: number; strong: boolean }[] = [];
    view.edges.forEach((e) => {
      const a = nodeById.get(e.from);
      const b = nodeById.get(e.to);
      if (!a || !b) return;
      const isSel = e.id === selectedEdge || e.id === focusedEdge?.id;
      const isGained = gained?.has(e.id) ?? false;
      const isLost = lost?.has(e.id) ?? false;
      ctx.strokeStyle = isSel ? c.sel : isGained ? c.gained : isLost ? c.lost : c.edge;
      ctx.lineWidth = isSel ? 4 : isGained || isLost ? 3 : 1.25;
      ctx.setLineDash(isLost ? [8, 5] : e.implementationDefined ? [3, 3] : []);
      // From border to border, so the label sits in the gap between the two boxes.
      const [x1, y1] = border(b, a);
      const [x2, y2] = border(a, b);
      ctx.beginPath();
      if (a === b) {
        ctx.arc(a.x + NODE_W - 8, a.y, 14, Math.PI, Math.PI * 2.6);
      } else {
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (a !== b) {
        const angle = Math.atan2(y2 - y1, x2 - x1);
        ctx.fillStyle = ctx.strokeStyle;
        ctx.beginPath();
        ctx.moveTo(x2, y2);
        ctx.lineTo(x2 - 11 * Math.cos(angle - 0.4), y2 - 11 * Math.sin(angle - 0.4));
        ctx.lineTo(x2 - 11 * Math.cos(angle + 0.4), y2 - 11 * Math.sin(angle + 0.4));
        ctx.fill();
      }
      if (isSel || isGained || isLost || view.edges.length <= 300 || t.scale > 0.9) {
        const prefix = isGained ? "+ " : isLost ? "− " : "";
        labels.push({
          text: `${prefix}${e.ports}`.slice(0, 40),
          x: (x1 + x2) / 2,
          y: (y1 + y2) / 2,
          strong: isSel,
        });
      }
    });
    const focused = view.nodes[focusNode];
    for (const n of view.nodes) {
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
      ctx.fillStyle = c.text;
      ctx.font = "600 13px system-ui, sans-serif";
      ctx.fillText(fitText(ctx, n.label, NODE_W - 16), n.x + 8, n.y + 18);
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
      ctx.fillStyle = n.exposed || n.reachesMetadata ? c.warn : c.muted;
      ctx.fillText(fitText(ctx, badges.join(" · "), NODE_W - 16), n.x + 8, n.y + 35);
    }
    for (const l of labels) {
      // 13 screen pixels whatever the zoom: port labels stay legible on a projector.
      const px = 13 / t.scale;
      ctx.font = `${l.strong ? "700" : "500"} ${px}px system-ui, sans-serif`;
      const w = ctx.measureText(l.text).width;
      ctx.fillStyle = c.bg;
      ctx.globalAlpha = 0.85;
      ctx.fillRect(l.x - w / 2 - 3 / t.scale, l.y - px, w + 6 / t.scale, px * 1.3);
      ctx.globalAlpha = 1;
      ctx.fillStyle = l.strong ? c.sel : c.text;
      ctx.fillText(l.text, l.x - w / 2, l.y);
    }
  }, [dark, size, t, view, nodeById, selectedEdge, gained, lost, focusNode, focusEdge, picked]);

  useEffect(() => draw(), [draw]);

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
  }, [setT]);

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
          if (d.moved) setT((o) => ({ ...o, tx: d.tx + e.clientX - d.x, ty: d.ty + e.clientY - d.y }));
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
