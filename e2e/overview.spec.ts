import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in";

// The page a security review opens on a projector: the three areas together, meeting mode in the URL, the
// printable report and the exports. axe checks every page in e2e/meeting-layout.spec.ts.

test.use({ viewport: { width: 1920, height: 1080 } });

async function expectInViewport(page: Page, name: string) {
  const box = await page.getByRole("heading", { name, exact: true }).boundingBox();
  expect(box, `${name} heading is rendered`).not.toBeNull();
  if (!box) return;
  expect(box.y + box.height).toBeLessThanOrEqual(1080);
  expect(box.x + box.width).toBeLessThanOrEqual(1920);
}

const PANELS = ["Access (RBAC)", "Network reachability", "Certificates", "Workloads (Pod Security)"];

test("bob sees the four panels side by side at 1920x1080", async ({ page }, testInfo) => {
  await signIn(page, "bob");
  await page.goto("/");
  for (const name of PANELS) await expectInViewport(page, name);
  const headings = PANELS.map((n) => page.getByRole("heading", { name: n, exact: true }));
  const ys = await Promise.all(headings.map(async (h) => (await h.boundingBox())?.y ?? -1));
  expect(Math.max(...ys) - Math.min(...ys), "the panels start on one row").toBeLessThan(5);
  await expect(page.getByText("RBAC-001").first()).toBeVisible();
  // What to do, readable: each top finding's remediation takes up to three lines (no longer one), and a cut one
  // keeps its whole text in its tooltip; the finding links to its page, where it is whole.
  const fixes = await page.locator("[data-overview] [data-testid=finding-fix]").evaluateAll((els) =>
    els.map((el) => ({
      lines: Math.round(el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)),
      cut: el.scrollHeight > el.clientHeight + 1,
      text: el.textContent ?? "",
      whole: el.getAttribute("title") ?? "",
    })),
  );
  expect(fixes.length).toBeGreaterThan(6);
  for (const f of fixes) {
    expect(f.lines, f.text).toBeLessThanOrEqual(3);
    expect(f.text).toContain(`What to do: ${f.whole.slice(0, 30)}`);
    if (!f.cut) expect(f.text).toContain(f.whole);
  }
  expect(fixes.filter((f) => f.lines >= 2).length, "remediations wrap onto more lines").toBeGreaterThan(4);
  expect(fixes.filter((f) => !f.cut).length, "most remediations are whole").toBeGreaterThan(3);
  await page
    .locator("[data-overview] li")
    .filter({ has: page.getByTestId("finding-fix") })
    .first()
    .getByRole("link")
    .first()
    .click();
  await expect(page).toHaveURL(/finding=/);
  await expect(
    page
      .getByTestId("finding-fix")
      .filter({ hasText: fixes[0]?.whole ?? "-" })
      .first(),
  ).toBeVisible();
  await page.goBack();
  await page.screenshot({ path: testInfo.outputPath("overview-1920x1080.png"), fullPage: true });
  // The README's picture of the overview, rewritten on request (VIGIL_UPDATE_SCREENSHOTS=1 npm run test:e2e).
  if (process.env.VIGIL_UPDATE_SCREENSHOTS === "1") {
    await page.screenshot({
      path: resolve(testInfo.project.testDir, "../public/screenshots/overview.png"),
      animations: "disabled",
      caret: "hide",
    });
  }
});

test("meeting mode lives in the URL: a reload opens the same view and the keyboard walks the findings", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob");
  await page.goto("/?ns=kubernetes-dashboard");
  await page.getByRole("button", { name: "Present" }).click();
  await expect(page).toHaveURL(/present=1/);
  await expect(page).toHaveURL(/ns=kubernetes-dashboard/);
  await expect(page.locator("html")).toHaveClass(/present/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await page.keyboard.press("j");
  await expect(page).toHaveURL(/finding=/);
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(page.locator("html")).toHaveClass(/present/);
  const selected = new URL(url).searchParams.get("finding") ?? "";
  await expect(page.locator(`[data-finding-id="${selected}"]`)).toHaveAttribute("aria-current", "true");
  await page.screenshot({ path: testInfo.outputPath("meeting-mode.png"), fullPage: true });
  // The first Escape clears the selection, the second leaves meeting mode.
  await page.keyboard.press("Escape");
  await expect(page).not.toHaveURL(/finding=/);
  await expect(page).toHaveURL(/present=1/);
  await page.keyboard.press("Escape");
  await expect(page).not.toHaveURL(/present=1/);
});

test("the review report renders its three sections and prints to an A4 PDF", async ({ page }, testInfo) => {
  await signIn(page, "bob");
  await page.goto("/report");
  for (const name of ["1. Access (RBAC)", "2. Network reachability", "3. Certificates"]) {
    await expect(page.getByRole("heading", { name })).toBeVisible();
  }
  await expect(page.getByText(/by bob/)).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  const pdf = await page.pdf({
    format: "A4",
    printBackground: true,
    path: testInfo.outputPath("report.pdf"),
  });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(10_000);
});

test("the CSV and JSON exports download and hold rule IDs", async ({ page }) => {
  await signIn(page, "bob");
  await page.goto("/");
  for (const [label, check] of [
    ["Export CSV", (t: string) => expect(t.split("\r\n")[0]).toContain("rule,title,severity")],
    ["Export JSON", (t: string) => expect(JSON.parse(t).findings.length).toBeGreaterThan(0)],
  ] as const) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: label }).first().click(),
    ]);
    const text = await readFile((await download.path()) ?? "", "utf8");
    check(text);
    expect(text).toMatch(/RBAC-0\d\d/);
    expect(text).toMatch(/NET-0\d\d/);
    expect(text).toMatch(/CERT-0\d\d/);
  }
});

test("a saved snapshot downloads as manifests without Secret values", async ({ page }) => {
  await signIn(page, "bob");
  await page.goto("/");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Save as snapshot" }).click(),
  ]);
  const text = await readFile((await download.path()) ?? "", "utf8");
  expect(text).toContain("kind: List");
  expect(text).toContain("kind: NetworkPolicy");
  expect(text).not.toContain("PRIVATE KEY");
});

test("the workloads panel gives each namespace's enforced level, the drifted worker and the top findings", async ({
  page,
}, testInfo) => {
  // Four page loads and screenshots at two sizes, in a Chromium that shares a busy machine.
  test.setTimeout(150_000);
  await signIn(page, "bob");
  await page.goto("/");
  const panel = page.getByRole("region", { name: "Workloads (Pod Security)", exact: true });
  const levels = panel.getByRole("table", { name: "Pod Security level of the workloads of each namespace" });
  await expect(levels.getByRole("row", { name: /^g04 restricted/ })).toBeVisible();
  await expect(panel).toContainText("g04/orion-worker");
  await expect(panel.getByText(/^(POD|EXP)-0\d\d$/).first()).toBeVisible();
  await expect(panel).not.toContainText("unknown");
  await panel.locator("[data-finding-id]").first().click();
  await expect(page).toHaveURL(/\/workloads\?rule=(POD|EXP)-0\d\d/);
  await expect(page.getByRole("heading", { name: "Workloads", level: 1 })).toBeVisible();

  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const present of [false, true]) {
      await page.goto(present ? "/?present=1" : "/");
      await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
      await page.screenshot({
        path: testInfo.outputPath(`overview-${width}x${height}${present ? "-present" : ""}.png`),
      });
    }
  }
});

test("alice's workloads panel shows g04 only, and says the namespaces she may not list are not counted", async ({
  page,
}) => {
  await signIn(page, "alice");
  await page.goto("/");
  const panel = page.getByRole("region", { name: "Workloads (Pod Security)", exact: true });
  const rows = panel
    .getByRole("table", { name: "Pod Security level of the workloads of each namespace" })
    .getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("g04");
  await expect(panel).toContainText("Counts cover only what you may list");
  await expect(panel).toContainText("g04/orion-worker");
});

test("GET /api/overview returns the figures the overview page shows, narrowed by ?ns=", async ({ page }) => {
  await signIn(page, "bob");
  const all = await (await page.request.get("/api/overview")).json();
  // Each figure is a count, known or unknown with why (lib/views/known-count.ts). bob reads every RBAC kind; he
  // may not read Secrets, so the certificate figures are unknown, with the expired one he can see counted apart.
  expect(all.overview.rbac.bySeverity.critical.known).toBe(true);
  expect(all.overview.rbac.bySeverity.critical.value).toBeGreaterThan(0);
  expect(all.overview.certificates.byStatus.expired).toMatchObject({
    known: false,
    reasons: ["you may not list secrets in any namespace"],
  });
  expect(all.overview.certificates.byStatus.expired.seen).toBeGreaterThan(0);
  expect(all.overview).not.toHaveProperty("findings");
  const g04 = await (await page.request.get("/api/overview?ns=g04")).json();
  expect(g04.overview.namespace).toBe("g04");
  expect(g04.overview.network.namespaces).toEqual({ known: true, value: 1 });
  expect(g04.overview.workloads.namespaces).toHaveLength(1);
  expect(all.overview.workloads.rejected).toBeGreaterThan(0);
  await page.goto("/");
  await expect(
    page.getByText(String(all.overview.network.exposedToInternet.value), { exact: true }).first(),
  ).toBeVisible();
  expect((await page.request.get("/api/overview?ns=Not_A_Namespace")).status()).toBe(400);
});
