import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Attack paths in the bundled demo: bob sees the internet reach cluster-admin in 5 hops with each hop's evidence,
// the hop to cut, and the fix by what-if; alice (team-frontend) sees only what lies within g04, and is told that
// parts are hidden. Exports and meeting mode; screenshots at 1920x1080 and 1366x768.

test.use({ viewport: { width: 1920, height: 1080 } });
test.setTimeout(120_000);

test("bob sees the 5-hop chain from the internet to cluster-admin, with evidence, links and the hop to cut", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob", "/paths");
  await expect(page.getByRole("heading", { name: "Attack paths", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Attack paths" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("paths-headline")).toContainText(
    "The internet reaches cluster-admin in 5 hops",
  );
  await page.screenshot({ path: testInfo.outputPath("paths-1920x1080.png") });
  const chain = page.getByTestId("attack-path").filter({ hasText: "the internet → cluster-admin" });
  await expect(chain.getByTestId("hop")).toHaveCount(5);
  const hops = chain.getByTestId("hop");
  await expect(hops.nth(0)).toContainText("ATTACK-001 Exploit an exposed application");
  await expect(hops.nth(0).getByTestId("assumption")).toContainText("exploitable application");
  await expect(hops.nth(0)).toContainText("Ingress t75/accounting-ingress");
  await expect(hops.nth(2)).toContainText("ATTACK-011 Create a pod");
  await expect(hops.nth(4)).toContainText("ClusterRoleBinding velero grants ClusterRole cluster-admin");
  // bob may not read Secrets: the page says parts are hidden.
  await expect(page.getByTestId("paths-hidden")).toContainText("secrets");
  await expect(
    page.getByRole("table", { name: "Hops to cut, best first" }).getByTestId("cut").first(),
  ).toContainText("of 4 paths");

  // Each hop links to the object's page: the create-pods grant to its Role.
  await hops
    .nth(2)
    .getByRole("link", { name: /RoleBinding t75\/accounting-web-report-runner/ })
    .click();
  await expect(page).toHaveURL(/\/access\/roles\/Role\/t75\/report-runner/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("report-runner");
});

test("the demo's fix by what-if: enforcing baseline in t75 makes the path to cluster-admin disappear", async ({
  page,
}) => {
  await signIn(page, "bob", "/paths?to=cluster-admin");
  await page.getByRole("link", { name: "Try Pod Security baseline enforced in t75" }).click();
  await expect(page).toHaveURL(/fix=enforce-baseline%3At75/);
  await expect(page.getByTestId("what-if-result")).toContainText("1 path before, 0 after");
  await expect(page.getByTestId("what-if-result")).toContainText("No longer reached: cluster-admin");
  await expect(page.getByTestId("attack-path")).toContainText("gone with the what-if");
  await page.getByRole("link", { name: "Remove the what-if" }).click();
  await page.getByRole("link", { name: "Try a default-deny ingress policy in t75" }).click();
  await expect(page.getByTestId("what-if-result")).toContainText("1 path before, 0 after");
});

test("bob changes entry and view: a pod of ci, and the blast radius of the internet", async ({ page }) => {
  await signIn(page, "bob", "/paths");
  await page.getByLabel("From").selectOption("any-pod:ci");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/from=any-pod%3Aci/);
  await expect(page.getByTestId("paths-headline")).toContainText(
    "A compromised pod of ci reaches cluster-admin",
  );
  await page.goto("/paths?view=blast");
  await expect(page.getByRole("list", { name: "Reached, by hops" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: /^1 hop: / })).toBeVisible();
});

test("exports: CSV one row per hop, JSON the answer, never a Secret's data", async ({ page }) => {
  await signIn(page, "bob", "/paths");
  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(csvHref).toBe("/api/paths/export?format=csv");
  const csv = await page.request.get(csvHref ?? "");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="vigil-paths-.*\.csv"/);
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe(
    "path,from,to,hop,technique,title,hop_from,hop_to,assumption,evidence,message",
  );
  for (const t of ["ATTACK-001", "ATTACK-009", "ATTACK-011", "ATTACK-010", "ATTACK-014"])
    expect(text).toContain(t);
  const json = (await (await page.request.get("/api/paths/export?format=json&to=cluster-admin")).json()) as {
    headline: string;
    generatedBy: string;
    paths: unknown[];
  };
  expect(json.headline).toBe("The internet reaches cluster-admin in 5 hops");
  expect(json.generatedBy).toContain("bob");
  expect(json.paths).toHaveLength(1);
  expect(JSON.stringify(json)).not.toMatch(/"(data|token|password)":/);
  const bad = await page.request.get("/api/paths/export?to=internet");
  expect(bad.status()).toBe(400);
});

test("alice sees only paths within g04, and is told that parts are hidden", async ({ page }) => {
  await signIn(page, "alice", "/paths");
  await expect(page.getByTestId("paths-hidden")).toContainText("clusterrolebindings");
  await expect(page.getByTestId("paths-headline")).toContainText(
    "Unknown whether the internet reaches cluster-admin, a node or cloud credentials: no path among what you may see",
  );
  await expect(page.getByTestId("attack-path")).toHaveCount(0);
  const options = await page.getByLabel("From").locator("option").allTextContents();
  expect(options).toEqual(["The internet", "Any compromised pod", "A compromised pod of g04"]);
  await page.goto("/paths?from=any-pod:g04");
  const paths = page.getByTestId("attack-path");
  await expect(paths.first()).toBeVisible();
  for (const text of await paths.allTextContents()) {
    expect(text).toContain("g04/");
    for (const ns of ["t75/", "kube-system/", "ci/", "shop/"]) expect(text).not.toContain(ns);
  }
  const csv = await (await page.request.get("/api/paths/export?format=csv&from=any-pod")).text();
  expect(csv).not.toContain("t75");
});

test("meeting mode walks the paths with j and k; readable at 1366x768; no serious accessibility problem", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob", "/paths?present=1");
  await expect(page.locator("html")).toHaveClass(/present/);
  await page.screenshot({ path: testInfo.outputPath("paths-present-1920x1080.png") });
  await page.keyboard.press("j");
  await expect(page).toHaveURL(/finding=path-1/);
  await expect(page.locator('[data-finding-id="path-1"]')).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(page).toHaveURL(/finding=path-2/);
  await page.keyboard.press("k");
  await expect(page).toHaveURL(/finding=path-1/);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: testInfo.outputPath("paths-present-1366x768.png") });
  await page.goto("/paths");
  await page.screenshot({ path: testInfo.outputPath("paths-1366x768.png") });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("the overview's headline says how the internet reaches cluster-admin, above the panels, in one line", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob", "/");
  const headline = page.getByTestId("paths-headline");
  await expect(headline).toHaveText(/The internet reaches cluster-admin in 5 hops/);
  const box = await page.getByRole("region", { name: "Attack paths" }).boundingBox();
  // One line above the panels: the panels' headings stay where a projector shows them.
  expect(box?.height ?? 999).toBeLessThan(70);
  for (const name of ["Access (RBAC)", "Network reachability", "Certificates"]) {
    const panel = await page.getByRole("heading", { name, exact: true }).boundingBox();
    expect(panel && box && panel.y > box.y + box.height && panel.y + panel.height < 1080, name).toBe(true);
  }
  await page.screenshot({ path: testInfo.outputPath("overview-headline-1920x1080.png") });
  await headline.click();
  await expect(page).toHaveURL(/\/paths\?to=cluster-admin/);
  await expect(page.getByTestId("attack-path")).toHaveCount(1);
});

test("the review report lists every PATH finding with its chain; the findings export carries them", async ({
  page,
}) => {
  await signIn(page, "bob", "/report");
  const section = page.locator("section#paths");
  await expect(section.getByRole("heading", { name: "5. Attack paths" })).toBeVisible();
  await expect(
    section.getByRole("heading", { name: /PATH-001 The internet reaches cluster-admin/ }),
  ).toBeVisible();
  const first = section.getByTestId("report-path").first();
  await expect(first.getByRole("listitem")).toHaveCount(5);
  await expect(first).toContainText("ATTACK-014 Bind cluster-admin");
  const csv = await (await page.request.get("/api/findings/export?area=paths&format=csv")).text();
  for (const rule of ["PATH-001", "PATH-002", "PATH-004", "PATH-005", "PATH-006"])
    expect(csv).toContain(rule);
  const all = await (await page.request.get("/api/findings/export?area=all&format=csv")).text();
  expect(all).toContain("PATH-001");
});
