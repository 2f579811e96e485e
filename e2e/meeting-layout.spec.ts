import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn, type DemoUser } from "./support/sign-in";

// The room's screen: the overview on one 1920x1080 screen (and whole, scrolling, at 1366x768), the header on one
// row, the certificates table readable at 1366, meeting mode on every page (j/k walk, Escape twice, larger type,
// no filters or exports, a banner that covers nothing), and no serious accessibility problem on the main pages.

// Several page loads per test, each a whole dynamic page, in a Chromium that shares a busy machine.
test.setTimeout(120_000);

const SIZES = [
  [1920, 1080],
  [1366, 768],
] as const;

/** Opens `path` (in meeting mode when asked) and waits for its heading and meeting mode's class. */
async function open(page: Page, path: string, present: boolean): Promise<void> {
  const url = present ? `${path}${path.includes("?") ? "&" : "?"}present=1` : path;
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // Meeting mode's keys work once the page is hydrated: components/layout/present-mode.tsx says when.
  if (present) await expect(page.locator("html")).toHaveAttribute("data-present-keys", "on");
  else await expect(page.locator("html")).not.toHaveClass(/present/);
}

/**
 * Every element of each overview panel stays inside its panel, and no two panels overlap. Inside a panel, no
 * element's content overflows its own box (a word wider than a narrow figure tile: scrollWidth over clientWidth
 * where nothing clips or scrolls on purpose), and nothing leaves a tile (a box with a border all round, such as
 * a figure) it sits in.
 */
async function panelsOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const panels = [...document.querySelectorAll<HTMLElement>("[data-overview] section[aria-label]")];
    const boxes = panels.map((p) => p.getBoundingClientRect());
    const said = (el: Element) => `<${el.tagName.toLowerCase()}> "${(el.textContent ?? "").slice(0, 30)}"`;
    const isTile = (el: HTMLElement) => {
      const s = getComputedStyle(el);
      return (
        s.display !== "inline" &&
        ["Top", "Right", "Bottom", "Left"].every(
          (side) => parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0,
        )
      );
    };
    // Text cut on purpose (a line clamp, an ellipsis) is clipped by a box between it and the tile.
    const clippedWithin = (child: Element, tile: Element) => {
      for (let a = child.parentElement; a && a !== tile; a = a.parentElement)
        if (getComputedStyle(a).overflow !== "visible") return true;
      return false;
    };
    panels.forEach((panel, i) => {
      const box = boxes[i];
      if (!box) return;
      const name = panel.getAttribute("aria-label");
      for (const el of panel.querySelectorAll<HTMLElement>("*")) {
        // A picture's own shapes are clipped by its <svg>, which is checked itself.
        if (el instanceof SVGElement && !(el instanceof SVGSVGElement)) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1)
          problems.push(`${name}: ${said(el)} leaves the panel`);
        const style = getComputedStyle(el);
        // Content wider than its own box, where the box neither clips (an ellipsis) nor scrolls on purpose.
        if (
          !(el instanceof SVGElement) &&
          style.display !== "inline" &&
          style.overflowX === "visible" &&
          el.scrollWidth > el.clientWidth + 1
        )
          problems.push(
            `${name}: ${said(el)} overflows its own box (${el.scrollWidth} > ${el.clientWidth} px)`,
          );
        if (isTile(el))
          for (const child of el.querySelectorAll<HTMLElement>("*")) {
            const c = child.getBoundingClientRect();
            if (c.width === 0 || c.height === 0 || clippedWithin(child, el)) continue;
            if (c.left < r.left - 1 || c.right > r.right + 1 || c.top < r.top - 1 || c.bottom > r.bottom + 1)
              problems.push(`${name}: ${said(child)} leaves its tile ${said(el)}`);
          }
      }
      boxes.forEach((other, j) => {
        if (j <= i || !other) return;
        const overlap =
          box.left < other.right - 1 &&
          other.left < box.right - 1 &&
          box.top < other.bottom - 1 &&
          other.top < box.bottom - 1;
        if (overlap) problems.push(`${panel.getAttribute("aria-label")} overlaps panel ${j}`);
      });
    });
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push("the page scrolls sideways");
    return problems;
  });
}

for (const user of ["bob", "alice"] as const satisfies readonly DemoUser[]) {
  for (const present of [false, true]) {
    test(`the overview fits one 1920x1080 screen for ${user}${present ? " in meeting mode" : ""}, and is whole at 1366x768`, async ({
      page,
    }, testInfo) => {
      await signIn(page, user);
      for (const [width, height] of SIZES) {
        await page.setViewportSize({ width, height });
        await open(page, "/", present);
        const panels = page.locator("[data-overview] section[aria-label]");
        await expect(panels).toHaveCount(5);
        if (width === 1920) {
          for (const panel of await panels.all()) {
            const box = await panel.boundingBox();
            const name = await panel.getAttribute("aria-label");
            expect(box, `${name} is rendered`).not.toBeNull();
            expect((box?.y ?? 0) + (box?.height ?? 9999), `${name} ends within 1080 px`).toBeLessThanOrEqual(
              1080,
            );
          }
          expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
        }
        expect(await panelsOverflow(page)).toEqual([]);
        // Lists show their first findings and link to the rest.
        await expect(page.getByRole("link", { name: /^\d+ more findings?$/ }).first()).toBeVisible();
        await page.screenshot({
          path: testInfo.outputPath(`overview-${user}-${width}x${height}${present ? "-present" : ""}.png`),
          fullPage: true,
        });
      }
    });
  }
}

test("the header fits one row at 1366x768: every navigation link shares one top", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "bob");
  for (const path of ["/", "/certificates"]) {
    await open(page, path, false);
    const header = page.locator("header");
    const links = header.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveCount(6);
    const tops = await links.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size, `navigation link tops ${tops.join(", ")}`).toBe(1);
    // The controls on the right share the row too.
    const centres = await header.locator("a, button, select").evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return r.top + r.height / 2;
      }),
    );
    expect(Math.max(...centres) - Math.min(...centres)).toBeLessThan(12);
    expect((await header.boundingBox())?.height ?? 999).toBeLessThan(80);
  }
});

test("the certificates table shows every column at 1366, and kube-root-ca.crt is one row in N namespaces", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "bob", "/certificates");
  await open(page, "/certificates", false);
  const table = page.getByRole("table", { name: "Certificates sorted by days left, most urgent first" });
  const scroller = table.locator("xpath=..");
  const fits = await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(fits, "the table needs no sideways scrolling").toBe(true);
  const headers = await table.locator("thead th").evaluateAll((els) =>
    els.map((e) => ({
      text: e.textContent ?? "",
      right: e.getBoundingClientRect().right,
      width: e.getBoundingClientRect().width,
    })),
  );
  expect(headers.map((h) => h.text)).toEqual([
    "Status",
    "Days left",
    "Source",
    "Namespace",
    "Subject",
    "SANs",
    "Issuer",
    "Findings",
  ]);
  for (const h of headers) expect(h.right, h.text).toBeLessThanOrEqual(1366);
  expect(headers.find((h) => h.text === "SANs")?.width ?? 0).toBeGreaterThan(120);
  // No cell is narrower than its longest word: nothing is broken one character per line.
  const squeezed = await table
    .locator("tbody td")
    .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
  expect(squeezed).toEqual([]);

  const rootCa = table.locator("tbody tr").filter({ hasText: "kube-root-ca.crt" });
  await expect(rootCa).toHaveCount(1);
  const summary = rootCa.getByText(/^in \d+ namespaces$/);
  await expect(summary).toBeVisible();
  const n = Number((await summary.textContent())?.match(/\d+/)?.[0]);
  expect(n).toBeGreaterThan(5);
  await summary.click();
  await expect(rootCa.getByRole("link")).toHaveCount(n + 1);
  // The timeline draws it once too, naming the namespaces.
  await expect(page.getByRole("link", { name: /kube-root-ca\.crt in \d+ namespaces/ })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("certificates-1366x768.png"), fullPage: true });
});

for (const path of ["/certificates", "/report"]) {
  test(`meeting mode: j and k walk ${path}, and Escape clears the selection before it leaves`, async ({
    page,
  }) => {
    await signIn(page, "bob", path);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await open(page, path, true);
    const selected = page.locator("[data-finding-id][data-selected]");
    await page.keyboard.press("j");
    await expect(page).toHaveURL(/finding=/);
    const first = new URL(page.url()).searchParams.get("finding");
    await expect(selected).toHaveCount(1);
    await expect(selected).toHaveAttribute("data-finding-id", first ?? "");
    await page.keyboard.press("j");
    await expect(page).not.toHaveURL(new RegExp(`finding=${first}(&|$)`));
    const second = new URL(page.url()).searchParams.get("finding");
    await expect(selected).toHaveAttribute("data-finding-id", second ?? "");
    await expect(selected).toBeInViewport();
    await page.keyboard.press("k");
    await expect(selected).toHaveAttribute("data-finding-id", first ?? "");
    await page.keyboard.press("Escape");
    await expect(page).not.toHaveURL(/finding=/);
    await expect(page).toHaveURL(/present=1/);
    await expect(selected).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(page).not.toHaveURL(/present=1/);
    await expect(page.locator("html")).not.toHaveClass(/present/);
  });
}

const PAGES = ["/", "/access", "/network", "/certificates", "/workloads", "/paths", "/report"];

for (const path of PAGES) {
  test(`meeting mode on ${path} grows the type, hides filters and exports, and its banner covers nothing`, async ({
    page,
  }) => {
    await signIn(page, "bob", path);
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      {
        await open(page, path, false);
        const normal = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
        const h1 = await page
          .getByRole("heading", { level: 1 })
          .first()
          .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        await open(page, path, true);
        const larger = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
        expect(larger, `${path} body text grows`).toBeGreaterThan(normal);
        const h1Present = await page
          .getByRole("heading", { level: 1 })
          .first()
          .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        expect(h1Present, `${path} headings grow`).toBeGreaterThan(h1);
        const shown = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>("[data-present-hide], form[aria-label*='ilter']")]
            .filter((e) => e.getClientRects().length > 0)
            .map((e) => e.getAttribute("aria-label") ?? e.textContent?.slice(0, 30)),
        );
        expect(shown, `${path}: filters and exports are hidden`).toEqual([]);
        await expect(page.getByRole("link", { name: /^(Export (CSV|JSON)|Save as snapshot)$/ })).toHaveCount(
          0,
        );
        await expect(page.getByRole("button", { name: "Save as PDF / Print" })).toHaveCount(0);
        const covered = await page.evaluate(() => {
          const banner = document.querySelector("[data-present-banner]")?.getBoundingClientRect();
          if (!banner) return ["no banner"];
          return [...document.querySelectorAll<HTMLElement>("h1, h2, h3, [data-finding-id]")]
            .filter((e) => {
              const r = e.getBoundingClientRect();
              return (
                r.width > 0 &&
                r.left < banner.right &&
                banner.left < r.right &&
                r.top < banner.bottom &&
                banner.top < r.bottom
              );
            })
            .map((e) => (e.textContent ?? "").slice(0, 40));
        });
        expect(covered, `${path} at ${width}: the banner covers nothing`).toEqual([]);
      }
    }
  });
}

test("printing /network scales the graph to the page instead of cutting it", async ({ page }) => {
  await signIn(page, "bob", "/network");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, "/network", false);
  const graph = page.getByTestId("network-canvas");
  await expect(graph).toBeVisible();
  // An A4 page at 96 px per inch, less the margins: 794 x 1123 px.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  const box = await graph.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.x ?? 0) + (box?.width ?? 9999)).toBeLessThanOrEqual(794);
  expect(box?.height ?? 9999).toBeLessThanOrEqual(1123);
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});

test("the report opens with a summary table and the overview's pictures, and numbers its printed pages", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob", "/report");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, "/report", false);
  const summary = page.getByTestId("report-summary");
  await expect(summary.getByRole("row")).toHaveCount(6);
  // Each area's total is the count its own section gives.
  for (const [id, label] of [
    ["access", "1. Access (RBAC)"],
    ["network", "2. Network reachability"],
    ["certificates", "3. Certificates"],
    ["workloads", "4. Workload hardening"],
  ] as const) {
    const said = (await page.locator(`#${id} > p`).first().textContent()) ?? "";
    const total = said.match(/^(\d+) findings/)?.[1];
    expect(total, said).toBeDefined();
    await expect(summary.getByRole("row").filter({ hasText: label }).locator("td").nth(5)).toHaveText(
      total ?? "",
    );
  }
  await expect(summary.getByRole("row").filter({ hasText: "3. Certificates" })).toContainText("secrets");
  // The summary comes before the first section.
  const [tableY, sectionY] = await Promise.all([
    summary.boundingBox().then((b) => b?.y ?? 9999),
    page
      .getByRole("heading", { name: "1. Access (RBAC)", level: 2 })
      .boundingBox()
      .then((b) => b?.y ?? -1),
  ]);
  expect(tableY).toBeLessThan(sectionY);
  await expect(page.getByRole("figure", { name: "RBAC findings per rule" })).toBeVisible();
  await expect(page.getByTestId("mini-graph")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Expiry of \d+ certificates/ })).toBeVisible();
  const numbered = await page.evaluate(() =>
    [...document.styleSheets].some((s) => {
      try {
        return [...s.cssRules].some(
          (r) => r.cssText.includes("counter(page)") && r.cssText.includes("counter(pages)"),
        );
      } catch {
        return false;
      }
    }),
  );
  expect(numbered, "the print style numbers the pages").toBe(true);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: testInfo.outputPath("report-print-first-page.png") });
  const pdf = await page.pdf({
    format: "A4",
    preferCSSPageSize: true,
    printBackground: true,
    path: testInfo.outputPath("report.pdf"),
  });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});

for (const path of PAGES) {
  test(`axe finds no serious or critical problem on ${path} at 1920x1080`, async ({ page }) => {
    // axe walks every element: the report and the access page hold thousands.
    test.setTimeout(120_000);
    await signIn(page, "bob", path);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await open(page, path, false);
    await page.waitForLoadState("load");
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(" ")})`),
    ).toEqual([]);
  });
}

test("axe finds no serious or critical problem on the overview in meeting mode", async ({ page }) => {
  await signIn(page, "bob");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, "/", true);
  await page.waitForLoadState("load");
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(" ")})`)).toEqual([]);
});
