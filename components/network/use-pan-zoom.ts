"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";
import {
  centredOn,
  fitTransform,
  toWorld,
  zoomAbout,
  type Size,
  type Transform,
} from "@/components/network/canvas-geometry";

// Pan and zoom of the network canvas: until the user moves, the graph fits the canvas; the wheel zooms about
// the pointer, a drag pans. `moving` is true while they do and `settled` counts the pauses, so the caller can
// move a bitmap during the gesture and draw the full picture once it ends.

const SETTLE_MS = 160;
const DRAG_THRESHOLD_PX = 4;

interface PanZoom {
  t: Transform;
  setT(f: (old: Transform) => Transform): void;
  fit(): void;
  /** Zooms about a screen point, the centre of the canvas by default. */
  zoom(factor: number, cx?: number, cy?: number): void;
  centreOn(x: number, y: number): void;
  moving: RefObject<boolean>;
  settled: number;
  /** Pointer handlers: a drag pans; `onClick` gets the world point of a press that did not drag. */
  pointer: {
    onPointerDown(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerMove(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerUp(e: React.PointerEvent<HTMLCanvasElement>): void;
  };
}

export function usePanZoom(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  size: Size,
  world: { width: number; height: number },
  onClick: (wx: number, wy: number, scale: number) => void,
): PanZoom {
  // The user's pan and zoom; until they move, the graph fits the canvas.
  const [userT, setUserT] = useState<Transform | undefined>(undefined);
  const fitT = useMemo(() => fitTransform(size, world), [size, world]);
  const t = userT ?? fitT;
  const fitRef = useRef(fitT);
  useEffect(() => {
    fitRef.current = fitT;
  }, [fitT]);
  const setT = useCallback(
    (f: (old: Transform) => Transform) => setUserT((old) => f(old ?? fitRef.current)),
    [],
  );

  const moving = useRef(false);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [settled, setSettled] = useState(0);
  const markMoving = useCallback(() => {
    moving.current = true;
    clearTimeout(settleTimer.current);
    settleTimer.current = setTimeout(() => {
      moving.current = false;
      setSettled((n) => n + 1);
    }, SETTLE_MS);
  }, []);
  useEffect(() => () => clearTimeout(settleTimer.current), []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // A non-passive listener: the wheel zooms the graph instead of scrolling the page.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      markMoving();
      setT((old) =>
        zoomAbout(old, e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - rect.left, e.clientY - rect.top),
      );
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, [canvasRef, setT, markMoving]);

  const drag = useRef<{ x: number; y: number; tx: number; ty: number; moved: boolean } | undefined>(
    undefined,
  );
  const pointer: PanZoom["pointer"] = {
    onPointerDown(e) {
      drag.current = { x: e.clientX, y: e.clientY, tx: t.tx, ty: t.ty, moved: false };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerMove(e) {
      const d = drag.current;
      if (!d) return;
      if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > DRAG_THRESHOLD_PX) d.moved = true;
      if (d.moved) {
        markMoving();
        setT((o) => ({ ...o, tx: d.tx + e.clientX - d.x, ty: d.ty + e.clientY - d.y }));
      }
    },
    onPointerUp(e) {
      const d = drag.current;
      drag.current = undefined;
      if (d?.moved) return;
      const rect = canvasRef.current?.getBoundingClientRect();
      const [wx, wy] = toWorld(t, e.clientX - (rect?.left ?? 0), e.clientY - (rect?.top ?? 0));
      onClick(wx, wy, t.scale);
    },
  };

  return {
    t,
    setT,
    fit: () => setUserT(undefined),
    zoom: (factor, cx = size.width / 2, cy = size.height / 2) =>
      setT((old) => zoomAbout(old, factor, cx, cy)),
    centreOn: (x, y) => setT((old) => centredOn(old, size, x, y)),
    moving,
    settled,
    pointer,
  };
}
