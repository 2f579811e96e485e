import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signIn } from "./support/sign-in";

// The Network graph on a projector, by behaviour, at 1920x1080 and 1366x768, in and out of meeting mode: the
// internet's edge to an exposed workload is drawn, one internet node and one cloud metadata node, every node
// name whole in its box at 14 px or more, no edge label on a node, nothing wider than its panel; j/k walk the
// edges in meeting mode and the selection follows; the shop / egress / TCP 443 filter lists shop's connections;
// the what-if rows stay short and the changed edges are marked. What the canvas drew is read from its
// `data-drawn` record and measured again in the page's own fonts.

interface Drawn {
  present: boolean;
  scale: number;
  fonts: { label: number; small: number };
  nodes: { id: string; kind: string; label: string; lines: string[]; badges: string[]; rect: Rect }[];
  boxes: { namespace: string; lines: { text: string; main: boolean }[]; rect: Rect }[];
  /** `label` "" and no plate: the edge allows every port, which the legend says once. */
  edges: { id: string; from: string; to: string; label: string; plate: Rect | null }[];
}
interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const SIZES = [
  [1920, 1080],
  [1366, 768],
] as const;

/**
 * What the canvas last drew. In meeting mode, waits until the page has applied it (its keys answer) and the canvas
 * has drawn again in meeting mode's type: the first frame may precede it.
 */
async function drawn(page: Page, present = false): Promise<Drawn> {
  const canvas = page.getByTestId("network-canvas");
  if (present) {
    await expect(page.locator("html")).toHaveAttribute("data-present-keys", "on");
    await expect(canvas).toHaveAttribute("data-drawn", /^\{"present":true,/);
  }
  await expect(canvas).toHaveAttribute("data-drawn", /"nodes"/);
  return JSON.parse((await canvas.getAttribute("data-drawn")) ?? "{}") as Drawn;
}

/** Saves a screenshot with the test's output, and into VIGIL_SHOTS_DIR when set (for people to look at). */
async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = false): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  const dir = process.env.VIGIL_SHOTS_DIR;
  if (dir) {
    await mkdir(dir, { recursive: true });
    await copyFile(path, join(dir, `${name}.png`));
  }
}

/** Elements that stick out of the panel (section) holding them, by more than a pixel. */
async function overflowing(page: Page, panels = "main section"): Promise<string[]> {
  return page.evaluate((selector) => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("the page scrolls sideways");
    for (const panel of document.querySelectorAll(selector)) {
      const p = panel.getBoundingClientRect();
      for (const el of panel.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.right > p.right + 1 || r.left < p.left - 1) {
          out.push(
            `${el.tagName.toLowerCase()} "${(el.textContent ?? "").slice(0, 40)}" in ${panel.getAttribute("aria-label") ?? "a panel"}`,
          );
        }
      }
    }
    return out.slice(0, 10);
  }, panels);
}

for (const [width, height] of SIZES) {
  for (const present of [false, true]) {
    const mode = `${width}x${height}${present ? " in meeting mode" : ""}`;
    test(`the graph shows the internet's reach, whole names and arrows at ${mode}`, async ({
      page,
    }, testInfo) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height });
      await signIn(page, "bob", `/network${present ? "?present=1" : ""}`);
      await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
      const d = await drawn(page, present);

      // One node per meaning.
      expect(d.nodes.filter((n) => n.kind === "internet").map((n) => n.label)).toEqual(["internet"]);
      expect(d.nodes.filter((n) => n.kind === "metadata").map((n) => n.label)).toEqual(["cloud metadata"]);
      // The internet's edge to an exposed workload, drawn with its ports.
      const exposed = d.edges.filter((e) => e.from === "internet" && e.label.startsWith("EXPOSED "));
      expect(exposed.map((e) => e.to)).toContain("t75/nginx[Deployment]");
      expect(exposed.every((e) => /ports|TCP|UDP|SCTP/.test(e.label))).toBe(true);
      // An edge says only what it adds: "all ports" is said by the internet's exposed edges only, never by the
      // many others; an arrow without a label allows every port, and the legend says so once.
      expect(
        d.edges
          .filter((e) => e.label.includes("all ports") && !e.label.startsWith("EXPOSED "))
          .map((e) => e.id),
      ).toEqual([]);
      expect(d.edges.filter((e) => e.label.includes("all ports")).length).toBeLessThanOrEqual(exposed.length);
      expect(d.edges.filter((e) => e.label === "").length).toBeGreaterThan(3);
      expect(d.edges.every((e) => (e.label === "") === (e.plate === null))).toBe(true);
      await expect(page.getByText("an arrow without a label allows every port")).toHaveCount(1);
      // Someone's edge into cloud metadata.
      expect(d.edges.some((e) => e.to === "metadata")).toBe(true);

      // Text at its real size (14 px at least, larger in meeting mode), names whole and inside their boxes.
      expect(d.scale).toBe(1);
      expect(d.fonts.small).toBeGreaterThanOrEqual(present ? 18 : 14);
      const tooWide = await page.evaluate((x: Drawn) => {
        const ctx = document.createElement("canvas").getContext("2d");
        if (!ctx) return ["no canvas"];
        const bad: string[] = [];
        for (const n of x.nodes) {
          if (
            n.lines.join(" ").replace(/ +/g, " ") !== n.label.replace(/ +/g, " ") &&
            n.lines.join("") !== n.label
          )
            bad.push(`${n.id}: cut`);
          ctx.font = `700 ${x.fonts.label}px system-ui, sans-serif`;
          for (const l of n.lines) if (ctx.measureText(l).width > n.rect.w) bad.push(`${n.id}: ${l}`);
          ctx.font = `500 ${x.fonts.small}px system-ui, sans-serif`;
          for (const l of n.badges) if (ctx.measureText(l).width > n.rect.w) bad.push(`${n.id}: ${l}`);
        }
        return bad;
      }, d);
      expect(tooWide).toEqual([]);
      const overlaps = (a: Rect, b: Rect) =>
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      for (const e of d.edges)
        for (const n of d.nodes)
          if (e.plate) expect(overlaps(e.plate, n.rect), `${e.id} on ${n.id}`).toBe(false);
      // The canvas is no wider than the page.
      const box = await page.getByTestId("network-canvas").boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
      expect(await overflowing(page)).toEqual([]);
      await shot(page, testInfo, `network-${width}x${height}${present ? "-present" : ""}`);
      await page.getByTestId("network-canvas").scrollIntoViewIfNeeded();
      await shot(page, testInfo, `network-graph-${width}x${height}${present ? "-present" : ""}`);

      // Selecting a node does not move the graph.
      const before = await page.getByTestId("network-canvas").boundingBox();
      const internet = d.nodes.find((n) => n.kind === "internet");
      await page
        .getByTestId("network-canvas")
        .click({ position: { x: (internet?.rect.x ?? 0) + 5, y: (internet?.rect.y ?? 0) + 5 } });
      await expect(page.getByTestId("pick-status")).toContainText("First endpoint: internet");
      expect(await page.getByTestId("network-canvas").boundingBox()).toEqual(before);
      // Nor any node or box in it: the order of the picture depends on the view only, never on a selection.
      const after = await drawn(page, present);
      const where = (x: Drawn) => [
        ...x.nodes.map((n) => `${n.id} ${JSON.stringify(n.rect)}`),
        ...x.boxes.map((b) => `${b.namespace} ${JSON.stringify(b.rect)}`),
      ];
      expect(where(after)).toEqual(where(d));
    });
  }
}

test("in meeting mode j and k walk the graph's edges, and the selection is highlighted and explained", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "bob", "/network?present=1");
  await drawn(page, true);
  await page.keyboard.press("j");
  await expect(page).toHaveURL(/finding=/);
  const first = new URL(page.url()).searchParams.get("finding") ?? "";
  // The edge's target over the graph is the selection; its row in the list is highlighted too.
  await expect(page.locator(`[data-finding-id="${first}"]`)).toHaveAttribute("aria-current", "true");
  await expect(page.locator("tr.bg-amber-100[data-testid=edge-row]")).toHaveCount(1);
  await expect(page.getByTestId("verdict")).toContainText("allowed");
  await page.keyboard.press("j");
  await expect(page).not.toHaveURL(
    new RegExp(`finding=${encodeURIComponent(first).replace(/[[\]]/g, "\\$&")}$`),
  );
  const second = new URL(page.url()).searchParams.get("finding") ?? "";
  expect(second).not.toBe(first);
  await page.keyboard.press("k");
  await expect.poll(() => new URL(page.url()).searchParams.get("finding")).toBe(first);
  // A shared link to the selection: the graph arrives after the page, and its edge is selected then.
  await page.goto(`/network?present=1&finding=${encodeURIComponent(first)}`);
  await expect(page.locator(`[data-finding-id="${first}"]`)).toHaveAttribute("data-selected", "true");
  await expect(page.locator(`[data-finding-id="${first}"]`)).toBeFocused();
});

test("shop's egress on TCP 443 lists shop's connections, the internet among them", async ({ page }) => {
  await signIn(page, "bob", "/network?ns=shop&dir=egress&port=TCP%2F443");
  const list = page.getByRole("table", { name: "Allowed connections" });
  await page.getByText(/^Every connection \(\d+\)$/).click();
  const rows = list.getByTestId("connection-row");
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(rows.filter({ hasText: "shop/untrusted-app" }).filter({ hasText: "internet" })).toHaveCount(1);
  for (const text of await rows.allTextContents()) expect(text).toMatch(/^shop\//);
});

for (const [width, height] of SIZES) {
  for (const present of [false, true]) {
    test(`what-if rows stay under 200 characters and the graph marks the change at ${width}x${height}${present ? " in meeting mode" : ""}`, async ({
      page,
    }, testInfo) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height });
      await signIn(page, "bob", `/network?ns=g04${present ? "&present=1" : ""}`);
      await page
        .getByLabel("Policy YAML")
        .fill(
          [
            "apiVersion: networking.k8s.io/v1",
            "kind: NetworkPolicy",
            "metadata: { namespace: g04, name: only-443 }",
            "spec:",
            "  podSelector: {}",
            "  policyTypes: [Egress]",
            "  egress: [{ ports: [{ protocol: TCP, port: 443 }] }]",
          ].join("\n"),
        );
      await page.getByRole("button", { name: "Evaluate what-if" }).click();
      const lost = page.getByTestId("what-if-lost");
      await expect(
        lost.getByRole("list", { name: "Lost from g04/frontend[Pod]" }).getByTestId("what-if-row"),
      ).toContainText(["→ g04/backend[Pod]: TCP 3000"]);
      await expect(page.getByRole("heading", { name: /^Lost connections \(\d+\)$/ })).toBeVisible();
      await expect(page.getByRole("heading", { name: /^Gained connections \(\d+\)$/ })).toBeVisible();
      const texts = await page.getByTestId("what-if-row").allTextContents();
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) expect(t.length).toBeLessThanOrEqual(200);
      // Workload pairs first, the internet named in words; each source is named once, in its group's heading,
      // and its rows name only where they go.
      expect(texts[0]).not.toMatch(/internet|metadata/);
      expect(texts.some((t) => /^→ internet: /.test(t))).toBe(true);
      for (const t of texts) expect(t).toMatch(/^→ /);
      for (const list of [lost, page.getByTestId("what-if-gained")]) {
        const sources = await list.getByTestId("what-if-source").allTextContents();
        expect(new Set(sources).size).toBe(sources.length);
      }
      expect(texts.join("\n")).not.toMatch(/0\.0\.0\.0\/0/);
      // The graph marks the lost edge in words.
      await expect
        .poll(
          async () => (await drawn(page, present)).edges.filter((e) => e.label.startsWith("LOST ")).length,
        )
        .toBeGreaterThan(0);
      expect(await overflowing(page)).toEqual([]);
      await page.getByTestId("what-if-result").scrollIntoViewIfNeeded();
      await shot(page, testInfo, `what-if-${width}x${height}${present ? "-present" : ""}`);
      await page.getByTestId("network-canvas").scrollIntoViewIfNeeded();
      await shot(page, testInfo, `what-if-graph-${width}x${height}${present ? "-present" : ""}`);
    });
  }
}

for (const [width, height] of SIZES) {
  test(`the overview's mini graph has one internet and one cloud metadata node and fits its panel at ${width}x${height}`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width, height });
    for (const present of [false, true]) {
      await signIn(page, "bob", present ? "/?present=1" : "/");
      const mini = page.getByTestId("mini-graph");
      await expect(mini).toBeVisible();
      await expect(mini.getByText("internet", { exact: true })).toHaveCount(1);
      await expect(mini.getByText("cloud metadata", { exact: true })).toHaveCount(1);
      await expect(mini.getByText("kubernetes-dashboard")).toBeVisible();
      await expect(mini.getByRole("img", { name: "internet exposes a workload in t75" })).toBeVisible();
      // No text under 14 px, nothing out of its panel.
      const small = await mini.evaluate((root) =>
        [...root.querySelectorAll("*")]
          .filter(
            (el) =>
              el.childNodes.length > 0 &&
              [...el.childNodes].some((c) => c.nodeType === 3 && (c.textContent ?? "").trim()),
          )
          .map((el) => parseFloat(getComputedStyle(el).fontSize))
          .filter((px) => px < 14),
      );
      expect(small).toEqual([]);
      // Nothing sticks out of the network panel (the overview's other panels are laid out elsewhere).
      const out = await overflowing(page, 'main section[aria-label="Network reachability"]');
      expect(out.filter((x) => x !== "the page scrolls sideways")).toEqual([]);
      await mini.scrollIntoViewIfNeeded();
      await shot(page, testInfo, `overview-mini-${width}x${height}${present ? "-present" : ""}`);
    }
  });
}

test("alice sees the graph of what she may see, with the same reading rules", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "alice", "/network");
  const d = await drawn(page);
  expect(d.scale).toBe(1);
  expect(d.nodes.filter((n) => n.kind === "internet").length).toBeLessThanOrEqual(1);
  expect(await overflowing(page)).toEqual([]);
  await page.getByTestId("network-canvas").scrollIntoViewIfNeeded();
  await shot(page, testInfo, "network-alice-1366x768");
});
