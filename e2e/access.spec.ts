import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Access (RBAC) in the bundled demo: bob (security-reviewers, may read every RBAC kind) asks who can exec into
// pods of shop, opens the subject found and sees the grant chain behind the permission.

test.use({ viewport: { width: 1920, height: 1080 } });

test("bob runs a who-can query and follows a subject to its grant chain", async ({ page }, testInfo) => {
  // Sign-in, three pages and an accessibility scan: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, "bob", "/access");
  await page.goto("/access");
  await expect(page.getByRole("heading", { name: "Access (RBAC)", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Who can?" });
  await form.getByLabel("Verb", { exact: true }).fill("create");
  await form.getByLabel("Resource", { exact: true }).fill("pods");
  await form.getByLabel("Subresource", { exact: true }).fill("exec");
  await form.getByLabel("Namespace", { exact: true }).fill("shop");
  await form.getByRole("button", { name: "Who can?" }).click();
  await expect(page).toHaveURL(/verb=create/);
  await expect(page).toHaveURL(/wns=shop/);

  const results = page.getByTestId("who-can-results");
  await expect(results).toContainText("can create pods/exec in namespace shop");
  // The RoleBinding in shop names ci/deployer; the one in t75 names a namespace-less ServiceAccount, which is
  // t75's deployer and so does not appear for shop.
  await expect(results.getByRole("link", { name: "ServiceAccount ci/deployer" }).first()).toBeVisible();
  await expect(results.getByRole("link", { name: "ServiceAccount t75/deployer" })).toHaveCount(0);
  await expect(results).toContainText("RoleBinding shop/ci-deployer");

  // The answer deep-links: a reload shows it again.
  await page.reload();
  await expect(page.getByTestId("who-can-results")).toContainText("RoleBinding shop/ci-deployer");

  await results.getByRole("link", { name: "ServiceAccount ci/deployer" }).first().click();
  // A first visit may compile or load the page: allow it more than the default.
  await expect(page.getByRole("heading", { name: "ServiceAccount ci/deployer", level: 1 })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole("table", { name: "Bindings of this subject" })).toContainText(
    "shop/ci-deployer",
  );

  const check = page.getByRole("form", { name: "Check" });
  await check.getByLabel("Verb", { exact: true }).fill("create");
  await check.getByLabel("Resource", { exact: true }).fill("pods");
  await check.getByLabel("Subresource", { exact: true }).fill("exec");
  await check.getByLabel("Namespace", { exact: true }).fill("shop");
  await check.getByRole("button", { name: "Check" }).click();
  const result = page.getByTestId("check-result");
  await expect(result).toContainText("allowed");
  await expect(result.getByTestId("grant-chain").first()).toContainText("RoleBinding shop/ci-deployer");
  await expect(result.getByTestId("grant-chain").first()).toContainText("ClusterRole ci-deployer");

  // The permission matrix opens the same chain for the cell.
  const cell = page.getByLabel("create pods/exec: allowed, show why").first();
  await cell.click();
  await expect(page.getByTestId("grant-chain").filter({ hasText: "shop/ci-deployer" }).first()).toBeVisible();

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("access-subject.png"), fullPage: true });
});

test("the bindings table filters, searches and sorts through the URL and labels Kubernetes defaults", async ({
  page,
}) => {
  // Six page loads and an accessibility scan: on a busy 2-core machine they took past one minute.
  test.setTimeout(120_000);
  await signIn(page, "bob", "/access");
  await page.goto("/access?q=deployer&sort=scope");
  const table = page.getByRole("table", { name: "Bindings" });
  await expect(table).toContainText("ci-deployer");
  await expect(table).not.toContainText("security-reviewers");
  await page.goto("/access?risk=critical");
  const critical = page.getByRole("table", { name: "Bindings" });
  await expect(critical).toContainText("kubernetes-dashboard/admin-user");
  // Anonymous users may read pods (RBAC-021, high): not critical.
  await expect(critical).not.toContainText("system:unauthenticated");
  await page.goto("/access?risk=high");
  await expect(page.getByRole("table", { name: "Bindings" })).toContainText("system:unauthenticated");
  // "My access": bob's own page, with his groups, shows the binding he holds through security-reviewers.
  await page.goto("/access");
  await page.getByRole("link", { name: "My access" }).click();
  await expect(page.getByRole("table", { name: "Bindings of this subject" })).toContainText(
    "security-reviewers",
    {
      timeout: 30_000,
    },
  );
  await page.goto("/access?q=cluster-admin");
  await expect(page.getByRole("table", { name: "Bindings" })).toContainText("expected default");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("the RBAC JSON routes answer the signed-in viewer and refuse a cluster check without a cluster", async ({
  page,
}) => {
  await signIn(page, "bob", "/access");
  const who = await page.request.get(
    "/api/rbac/who-can?verb=create&resource=pods&subresource=exec&namespace=shop",
  );
  expect(who.status()).toBe(200);
  const body = (await who.json()) as { subjects: { kind: string; name: string; namespace?: string }[] };
  expect(body.subjects.map((s) => `${s.kind}:${s.namespace ?? ""}/${s.name}`)).toContain(
    "ServiceAccount:ci/deployer",
  );
  const bad = await page.request.get("/api/rbac/who-can?verb=get");
  expect(bad.status()).toBe(400);
  const confirm = await page.request.get(
    "/api/rbac/confirm?kind=ServiceAccount&name=deployer&saNamespace=ci&verb=get&resource=pods&namespace=shop",
  );
  // The demo is a snapshot: there is no API server to ask.
  expect(confirm.status()).toBe(400);
  expect(((await confirm.json()) as { error: { code: string } }).error.code).toBe("bad-input");
});
