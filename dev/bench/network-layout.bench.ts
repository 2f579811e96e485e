import { existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { printTable, treeCpuSeconds } from "@/dev/bench/measure";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildNetworkView } from "@/lib/views/build-network-view";
import type { DrawnView } from "@/lib/views/network-view-types";

// `npm run bench -- network-layout`: the Network graph's layout in Chromium (components/network/layout-network.ts
// bundled for the browser, text measured on a canvas in the page's font as the page does), on the demo (whole
// and filtered to shop) and on the large demo (200 namespaces, 1,000 workloads; dev/scripts/generate-large-demo.ts,
// seed 42): per width and mode, the arrows that cross in the fixed order (the top band by kind, the namespaces
// the top band reaches most first, workloads as listed) and in the order the layout chooses (layout-order.ts),
// the arrows that run through a node or a foreign box, and the median time of each layout over a few runs. A benchmark, never a test.

const ROOT = join(import.meta.dirname, "..", "..");
const RUNS = Number(process.env.VIGIL_LAYOUT_RUNS ?? 7);

const entry = `
import { drawableEdges, fontsFor, layoutNetwork } from "@/components/network/layout-network";
import { countCrossings, countNodeHits } from "@/components/network/edge-segments";
const ctx = document.createElement("canvas").getContext("2d");
const cache = new Map();
const measure = (text, px, bold) => {
  const key = px + "|" + bold + "|" + text;
  let w = cache.get(key);
  if (w === undefined) {
    ctx.font = (bold ? "700" : "500") + " " + px + "px system-ui, sans-serif";
    w = ctx.measureText(text).width;
    cache.set(key, w);
  }
  return w;
};
globalThis.benchLayout = (view, width, present, reorder, runs, count) => {
  const times = [];
  let layout;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    layout = layoutNetwork(view, width, fontsFor(present), measure, { reorder });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const drawn = drawableEdges(layout, view.edges);
  const crossings = count ? countCrossings(layout, drawn) : -1;
  const hits = count ? countNodeHits(layout, drawn) : { nodes: -1, boxes: -1 };
  return { median: times[Math.floor(times.length / 2)], crossings, hits, height: layout.height };
};
`;

async function views(): Promise<{ label: string; view: DrawnView; count: boolean }[]> {
  const demo = analyzeNetwork(await loadManifests([join(ROOT, "fixtures", "demo")]));
  const out = [
    { label: "demo", view: buildNetworkView(demo), count: true },
    { label: "demo, shop", view: buildNetworkView(demo, { namespace: "shop" }), count: true },
  ];
  const large = join(ROOT, ".vigil-dev", "large-cluster-200.json");
  if (existsSync(large)) {
    const analysis = analyzeNetwork(await loadManifests([large]));
    // Counting the large demo's crossings takes seconds (millions of them): VIGIL_LAYOUT_COUNT_LARGE=1 does it.
    const count = process.env.VIGIL_LAYOUT_COUNT_LARGE === "1";
    out.push({ label: "large demo", view: buildNetworkView(analysis), count });
  } else console.log(`no ${large}: run \`npm run bench -- load\` or generate-large-demo.ts first`);
  return out.map(({ label, view, count }) => ({
    label,
    count,
    view: {
      nodes: view.nodes,
      namespaces: view.namespaces,
      edges: view.edges,
      connectionCount: 0,
      fromMetadata: 0,
    },
  }));
}

const bundle = await build({
  stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  tsconfig: join(ROOT, "tsconfig.json"),
});
const browser = await chromium.launch({ executablePath: process.env.VIGIL_CHROMIUM ?? "/usr/bin/chromium" });
try {
  const page = await browser.newPage();
  await page.setContent("<!doctype html><title>layout</title>");
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? "" });
  const rows: Record<string, string | number>[] = [];
  for (const { label, view, count } of await views()) {
    const handle = await page.evaluateHandle((v) => v, view);
    for (const [width, present] of [
      [1334, false],
      [1888, false],
      [1334, true],
      [1888, true],
    ] as const) {
      const measureIn = (reorder: boolean) =>
        page.evaluate(
          ([v, args]) => {
            const run = (globalThis as unknown as { benchLayout: (...a: unknown[]) => unknown }).benchLayout;
            return run(v, ...args) as {
              median: number;
              crossings: number;
              hits: { nodes: number; boxes: number };
              height: number;
            };
          },
          [handle, [width, present, reorder, RUNS, count]] as const,
        );
      const before = await measureIn(false);
      const after = await measureIn(true);
      rows.push({
        view: label,
        width,
        mode: present ? "meeting" : "normal",
        edges: view.edges.length,
        "crossings fixed": before.crossings < 0 ? "-" : before.crossings,
        "crossings ordered": after.crossings < 0 ? "-" : after.crossings,
        "through nodes / boxes, fixed":
          before.crossings < 0 ? "-" : `${before.hits.nodes} / ${before.hits.boxes}`,
        "through nodes / boxes, ordered":
          after.crossings < 0 ? "-" : `${after.hits.nodes} / ${after.hits.boxes}`,
        "layout ms fixed": Number(before.median.toFixed(1)),
        "layout ms ordered": Number(after.median.toFixed(1)),
      });
    }
    await handle.dispose();
  }
  printTable(rows);
  const cpu = treeCpuSeconds(process.pid);
  console.log(`CPU of the bench and its Chromium: ${cpu.toFixed(2)} s`);
  console.log(`BENCH_JSON ${JSON.stringify({ rows, cpuSeconds: Number(cpu.toFixed(2)) })}`);
} finally {
  await browser.close();
}
