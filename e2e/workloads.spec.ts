import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Workloads in the bundled demo: bob sees every namespace's Pod Security enforcement and the hardening
// findings, filters them, exports them and presents them; alice (team-frontend) sees g04 only, where the
// namespace enforces restricted and the orion-worker Deployment has drifted.

test.use({ viewport: { width: 1920, height: 1080 } });
// The page evaluates every workload of the demo, and the report and exports each run the engines again.
test.setTimeout(150_000);

test("bob sees the enforcement of each namespace, the what-if, and each violation with its field and fix", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob", "/workloads");
  await page.goto("/workloads");
  await expect(page.getByRole("heading", { name: "Workloads", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Workloads" }).first()).toBeVisible();
  const namespaces = page.getByRole("table", { name: "Pod Security enforcement by namespace" });
  await expect(namespaces.getByRole("row", { name: /^g04 restricted:latest/ })).toBeVisible();
  const worker = page.getByTestId("workload").filter({ hasText: "g04/orion-worker" });
  await expect(worker).toContainText("its namespace would reject it");
  await expect(worker).toContainText("spec.template.spec.containers[0].securityContext.capabilities.drop");
  await expect(worker).toContainText('Set capabilities.drop: ["ALL"]');
  await expect(page.getByTestId("workload").filter({ hasText: "ci/docker-builder" })).toContainText(
    "privileged",
  );
  await page.screenshot({ path: testInfo.outputPath("workloads-1920x1080.png"), fullPage: false });

  await page.locator("select[name=level]").selectOption("privileged");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/level=privileged/);
  await expect(page.getByTestId("workload").first()).toBeVisible();
  for (const badge of await page.getByTestId("workload").all())
    await expect(badge).toContainText("privileged");

  await page.goto("/workloads?rule=EXP-004");
  await expect(
    page.getByText("EXP-004 Kubernetes Dashboard with insecure login switches:").first(),
  ).toBeVisible();

  const csv = await page.request.get("/api/findings/export?area=workloads&format=csv");
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  for (const rule of ["POD-001", "POD-003", "POD-012", "POD-017", "EXP-003", "EXP-004"])
    expect(text).toContain(rule);
  const json = await (await page.request.get("/api/findings/export?area=workloads&format=json")).json();
  expect(JSON.stringify(json)).not.toContain('password":');

  await page.goto("/report");
  await expect(page.getByRole("heading", { name: "4. Workload hardening" })).toBeVisible();
});

test("alice sees g04 only, with its drifted worker", async ({ page }) => {
  await signIn(page, "alice", "/workloads");
  await page.goto("/workloads");
  const rows = page.getByRole("table", { name: "Pod Security enforcement by namespace" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("g04");
  const names = await page.getByTestId("workload").allTextContents();
  expect(names.length).toBe(3);
  expect(names.every((n) => n.startsWith("g04/"))).toBe(true);
  const csv = await (await page.request.get("/api/findings/export?area=workloads&format=csv")).text();
  expect(csv).not.toContain("docker-builder");
});

test("meeting mode and 1366x768 keep the page readable, with no serious accessibility problem", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "bob", "/workloads");
  await page.goto("/workloads?present=1&ns=g04");
  await expect(page.locator("html")).toHaveClass(/present/);
  await expect(page.getByRole("heading", { name: "Workloads", level: 1 })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("workloads-present-1366x768.png") });
  for (const [width, height, present] of [
    [1366, 768, false],
    [1920, 1080, true],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(present ? "/workloads?present=1" : "/workloads");
    await expect(page.getByRole("heading", { name: "Workloads", level: 1 })).toBeVisible();
    await page.screenshot({
      path: testInfo.outputPath(`workloads${present ? "-present" : ""}-${width}x${height}.png`),
    });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/workloads");
  await page.waitForLoadState("load");
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
