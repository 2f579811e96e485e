"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { center, edgeGeometry, hitTest, walk } from "@/components/network/canvas-geometry";
import { drawFrame, drawMovedBitmap, fittedNodeText, isDark } from "@/components/network/draw-network";
import { usePanZoom } from "@/components/network/use-pan-zoom";
import type { NetworkView, ViewEdge, ViewNode } from "@/lib/views/build-network-view";

// The workload graph on a canvas: the layout comes precomputed from the server (build-network-view.ts), so the
// browser only draws (draw-network.ts, over the geometry of canvas-geometry.ts). Pan by dragging or with the
// arrow keys, zoom with the wheel or +/-, 0 fits (use-pan-zoom.ts); N/P walk the nodes, E/W walk the edges,
// Enter explains the selected edge (or picks the selected node as an endpoint).

interface CanvasProps {
  view: NetworkView;
  selectedEdge?: string;
  gained?: ReadonlySet<string>;
  lost?: ReadonlySet<string>;
  onExplainEdge(edge: ViewEdge): void;
  onPickNode(node: ViewNode): void;
  picked?: string;
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
  const [focusNode, setFocusNode] = useState<number>(-1);
  const [focusEdge, setFocusEdge] = useState<number>(() =>
    view.edges.findIndex((e) => e.id === selectedEdge),
  );
  const [dark, setDark] = useState(() => typeof window !== "undefined" && isDark());
  const nodeById = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view.nodes]);
  // Everything about the picture that does not change with pan, zoom or selection is worked out once per view:
  // with a thousand workloads and tens of thousands of edges, a frame must only stroke and fill.
  const geometry = useMemo(() => edgeGeometry(view.edges, nodeById), [view.edges, nodeById]);
  const nodeText = useMemo(() => fittedNodeText(view), [view]);

  const onClick = (wx: number, wy: number, scale: number) => {
    const { node, edge } = hitTest(view, nodeById, wx, wy, scale);
    if (node) {
      setFocusNode(view.nodes.indexOf(node));
      onPickNode(node);
    } else if (edge) {
      setFocusEdge(view.edges.indexOf(edge));
      onExplainEdge(edge);
    }
  };
  const { t, setT, fit, zoom, centreOn, moving, settled, pointer } = usePanZoom(
    canvasRef,
    size,
    view,
    onClick,
  );
  // While the user zooms or pans, frames move a bitmap of the last full frame; the full picture is drawn again
  // once they pause. Rasterising tens of thousands of edges takes longer than a frame, moving a bitmap does not.
  const lastFrame = useRef<{ canvas: HTMLCanvasElement; t: typeof t } | null>(null);

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
    const last = lastFrame.current;
    if (
      moving.current &&
      last &&
      last.canvas.width === canvas.width &&
      last.canvas.height === canvas.height
    ) {
      drawMovedBitmap(ctx, ratio, size, dark, last.canvas, last.t, t);
      return;
    }
    drawFrame(ctx, ratio, {
      view,
      geometry,
      text: nodeText,
      t,
      size,
      dark,
      selectedEdge,
      focusedEdge: view.edges[focusEdge]?.id,
      focusedNode: view.nodes[focusNode]?.id,
      picked,
      gained,
      lost,
    });
    const copy = lastFrame.current?.canvas ?? document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    copy.getContext("2d")?.drawImage(canvas, 0, 0);
    lastFrame.current = { canvas: copy, t };
  }, [
    dark,
    size,
    t,
    view,
    geometry,
    nodeText,
    selectedEdge,
    gained,
    lost,
    focusNode,
    focusEdge,
    picked,
    moving,
  ]);

  // One redraw per animation frame, however many wheel or pointer events arrive in between.
  // `settled` too: the full picture is drawn again when the user pauses.
  useEffect(() => {
    const frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [draw, settled]);

  const centreOnNode = (n: ViewNode) => centreOn(...center(n));

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
      const next = walk(focusNode, view.nodes.length, key === "n");
      if (next < 0) return;
      setFocusNode(next);
      setFocusEdge(-1);
      const node = view.nodes[next];
      if (node) centreOnNode(node);
    } else if (key === "e" || key === "w") {
      const next = walk(focusEdge, view.edges.length, key === "e");
      if (next < 0) return;
      setFocusEdge(next);
      setFocusNode(-1);
      const edge = view.edges[next];
      const node = edge ? nodeById.get(edge.from) : undefined;
      if (node) centreOnNode(node);
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
        {...pointer}
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
