"use client";

import type { EdgeChange } from "@/components/network/canvas-geometry";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { edgeGeometry, hitTest, walk } from "@/components/network/canvas-geometry";
import { centre } from "@/components/network/edge-segments";
import { drawFrame, drawMovedBitmap, isDark } from "@/components/network/draw-network";
import { drawableEdges, fontsFor, layoutNetwork, type Measure } from "@/components/network/layout-network";
import { usePanZoom } from "@/components/network/use-pan-zoom";
import { endName } from "@/components/network/what-if-changes";
import type { DrawnEdge, DrawnView, ViewNode } from "@/lib/views/network-view-types";

// The workload graph on a canvas. The browser lays it out for the canvas's own width (layout-network.ts) so that
// text is drawn at its real size (16 and 14 px, 20 and 18 in meeting mode) and boxes grow to their names; the
// canvas is as tall as the picture, scaled down only when the picture would be taller than MAX_HEIGHT. Pan by
// dragging or with the arrow keys, zoom with the wheel or +/-, 0 fits (use-pan-zoom.ts); N/P walk the nodes,
// E/W walk the edges, Enter explains the selected edge (or picks the selected node as an endpoint).

const MAX_HEIGHT = 2400;

interface CanvasProps {
  view: DrawnView;
  selectedEdge?: string;
  changes?: ReadonlyMap<string, EdgeChange>;
  onExplainEdge(edge: DrawnEdge): void;
  onPickNode(node: ViewNode): void;
  picked?: string;
}

function usePageState(): { dark: boolean; present: boolean } {
  const [state, setState] = useState({ dark: false, present: false });
  useEffect(() => {
    const update = () =>
      setState({ dark: isDark(), present: document.documentElement.classList.contains("present") });
    update();
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", update);
    const classes = new MutationObserver(update);
    classes.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      media.removeEventListener("change", update);
      classes.disconnect();
    };
  }, []);
  return state;
}

const subscribeNothing = () => () => {};
const NOTHING: Pick<DrawnView, "nodes" | "namespaces" | "edges"> = { nodes: [], namespaces: [], edges: [] };

/** False on the server (and while hydrating): the layout is the browser's, for its own width and fonts; the
 * server never lays out (on 10,000 pods that was seconds of every request). */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

let measureContext: CanvasRenderingContext2D | null | undefined;
const measured = new Map<string, number>();

/** Text widths in the canvas's own font, cached: the layout measures every name once. */
const measureText: Measure = (text, px, bold) => {
  const key = `${px}|${bold ? 1 : 0}|${text}`;
  let w = measured.get(key);
  if (w === undefined) {
    if (measureContext === undefined && typeof document !== "undefined") {
      measureContext = document.createElement("canvas").getContext("2d");
    }
    if (measureContext) {
      measureContext.font = `${bold ? "700" : "500"} ${px}px system-ui, sans-serif`;
      w = measureContext.measureText(text).width;
    } else w = text.length * px * 0.62;
    measured.set(key, w);
  }
  return w;
};

export function NetworkCanvas({
  view,
  selectedEdge,
  changes,
  onExplainEdge,
  onPickNode,
  picked,
}: CanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  /** The canvas's width in CSS pixels; 0 until measured (nothing is laid out or drawn for a guessed width). */
  const [width, setWidth] = useState(0);
  const { dark, present } = usePageState();
  const measure = measureText;
  const inBrowser = useInBrowser();
  const layout = useMemo(
    () => layoutNetwork(inBrowser && width > 0 ? view : NOTHING, width || 1200, fontsFor(present), measure),
    [inBrowser, view, width, present, measure],
  );
  const edges = useMemo(() => drawableEdges(layout, view.edges), [layout, view.edges]);
  const geometry = useMemo(
    () => edgeGeometry(edges, layout, measure, changes),
    [edges, layout, measure, changes],
  );
  const size = useMemo(
    () => ({ width, height: Math.min(layout.height, MAX_HEIGHT) }),
    [width, layout.height],
  );
  const nodeList = useMemo(() => [...layout.nodes.values()], [layout]);
  const [focusNode, setFocusNode] = useState(-1);
  const [focusEdge, setFocusEdge] = useState(-1);
  const selected = selectedEdge ?? edges[focusEdge]?.id;

  const onClick = (wx: number, wy: number, scale: number) => {
    const hit = hitTest(layout, geometry, wx, wy, scale);
    const node = hit.node ? layout.nodes.get(hit.node)?.node : undefined;
    if (node) {
      setFocusNode(nodeList.findIndex((p) => p.node.id === node.id));
      onPickNode(node);
    } else if (hit.edge) {
      setFocusEdge(edges.indexOf(hit.edge));
      onExplainEdge(hit.edge);
    }
  };
  const world = useMemo(() => ({ width: layout.width, height: layout.height }), [layout]);
  const { t, setT, fit, zoom, centreOn, moving, settled, pointer } = usePanZoom(
    canvasRef,
    size,
    world,
    onClick,
  );
  const lastFrame = useRef<{ canvas: HTMLCanvasElement; t: typeof t } | null>(null);

  // The canvas's own width, read before the first paint (a layout effect): the ResizeObserver answers only after
  // a frame, and a first frame laid out for a guessed width would jump once that answer came.
  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    setWidth(wrap.clientWidth);
    const observer = new ResizeObserver(() => setWidth(wrap.clientWidth));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || size.width === 0) return;
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
      layout,
      geometry,
      t,
      size,
      dark,
      selectedEdge: selected,
      focusedNode: nodeList[focusNode]?.node.id,
      picked,
      changes,
    });
    // What was drawn, for tests and assistive checks: every node's lines and box, every edge's label, the scale.
    canvas.dataset.drawn = JSON.stringify({
      present,
      scale: t.scale,
      fonts: layout.fonts,
      nodes: [...layout.nodes.values()].map((p) => ({
        id: p.node.id,
        kind: p.node.kind,
        label: p.node.label,
        lines: p.lines,
        badges: p.badges,
        rect: p.rect,
      })),
      boxes: [...layout.boxes.values()].map((b) => ({
        namespace: b.namespace,
        lines: b.lines,
        rect: b.rect,
      })),
      edges: geometry.map((g) => ({
        id: g.edge.id,
        from: g.edge.from,
        to: g.edge.to,
        label: g.label,
        plate: g.plate ?? null,
      })),
    });
    const copy = lastFrame.current?.canvas ?? document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    copy.getContext("2d")?.drawImage(canvas, 0, 0);
    lastFrame.current = { canvas: copy, t };
  }, [dark, present, size, t, layout, geometry, selected, changes, focusNode, nodeList, picked, moving]);

  // One redraw per animation frame, however many wheel or pointer events arrive in between; `settled` too.
  useEffect(() => {
    const frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [draw, settled]);

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
      const next = walk(focusNode, nodeList.length, key === "n");
      if (next < 0) return;
      setFocusNode(next);
      setFocusEdge(-1);
      const p = nodeList[next];
      if (p && t.scale < 1) centreOn(...centre(p.rect));
    } else if (key === "e" || key === "w") {
      const next = walk(focusEdge, edges.length, key === "e");
      if (next < 0) return;
      setFocusEdge(next);
      setFocusNode(-1);
    } else if (key === "Enter") {
      const edge = edges[focusEdge];
      const node = nodeList[focusNode]?.node;
      if (edge) onExplainEdge(edge);
      else if (node) onPickNode(node);
    } else return;
    // The page's own keys (meeting mode) do not also act on a key the graph used.
    e.preventDefault();
    e.stopPropagation();
  };

  const focused = focusEdge >= 0 ? edges[focusEdge] : undefined;
  const focusedNode = focusNode >= 0 ? nodeList[focusNode]?.node : undefined;
  return (
    <div ref={wrapRef} className="relative w-full">
      <div className="relative">
        <canvas
          ref={canvasRef}
          tabIndex={0}
          role="application"
          aria-roledescription="network graph"
          aria-label={`Network graph: ${view.nodes.length} nodes, ${edges.length} edges. Keys: N and P walk nodes, E and W walk edges, Enter explains, arrows pan, plus and minus zoom, 0 fits.`}
          data-testid="network-canvas"
          style={{ width: size.width, height: size.height, touchAction: "none" }}
          className="block rounded-lg border border-slate-300 focus:outline focus:outline-4 focus:outline-amber-500 dark:border-slate-600"
          onKeyDown={onKeyDown}
          {...pointer}
        />
        {/* One button over each edge label: a click target, and what meeting mode's j/k walk (`data-finding-id`):
            selecting one centres the label on the screen, so the room sees the edge it explains. */}
        <div className="pointer-events-none absolute inset-0 overflow-hidden" data-no-print>
          {geometry
            .filter((g) => !g.edge.id.startsWith("what-if:"))
            .map((g) => (
              <button
                key={g.edge.id}
                type="button"
                tabIndex={-1}
                data-finding-id={g.edge.id}
                data-testid="edge-target"
                aria-current={g.edge.id === selected ? "true" : undefined}
                aria-label={`Edge ${g.edge.from} to ${g.edge.to}: ${g.label || "all ports"}`}
                className="pointer-events-auto absolute rounded focus:outline focus:outline-4 focus:outline-amber-500 aria-[current=true]:outline aria-[current=true]:outline-4 aria-[current=true]:outline-amber-600"
                style={{
                  left: g.anchor.x * t.scale + t.tx,
                  top: g.anchor.y * t.scale + t.ty,
                  width: g.anchor.w * t.scale,
                  height: g.anchor.h * t.scale,
                }}
                onClick={() => onExplainEdge(g.edge)}
              />
            ))}
        </div>
      </div>
      {/* Always one line tall, whatever it says: selecting never moves the page. */}
      <p
        className="mt-2 min-h-[1.5em] truncate text-base text-slate-700 dark:text-slate-200"
        aria-live="polite"
        data-testid="canvas-focus"
      >
        {focused
          ? `Edge: ${endName(view, focused.from)} → ${endName(view, focused.to)} (${focused.ports}${focused.memberCount > 1 ? `, ${focused.memberCount} connections` : ""}). Enter explains it.`
          : focusedNode
            ? `Node: ${focusedNode.id}${focusedNode.detail ? ` (${focusedNode.detail})` : ""}${focusedNode.exposed ? ", exposed to the internet" : ""}${focusedNode.reachesMetadata ? ", reaches cloud metadata" : ""}. Enter picks it as an endpoint.`
            : "Click an edge or its label to explain it, or click two nodes to ask about them."}
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
