import { mkdirSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Findings say what to do: on every area page a finding carries its remediation and a link to its rule's own
// section of the manual (/docs/findings#<rule>); policy, role and binding names open a read-only YAML view of the
// object as the viewer may see it (also in meeting mode); the who-can form suggests verbs and resources. At the
// two projector sizes, in the bundled demo through the real sign-in. Screenshots for judging go to
// /tmp/shots-findings/.

const SHOTS = "/tmp/shots-findings";
mkdirSync(SHOTS, { recursive: true });
test.setTimeout(150_000);

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
] as const;

/** Opens a closed <details> holding the findings, if the page folds them. */
async function unfold(page: Page, summary: RegExp): Promise<void> {
  const s = page.locator("summary", { hasText: summary }).first();
  if ((await s.count()) > 0 && (await s.evaluate((el) => !(el.parentElement as HTMLDetailsElement).open)))
    await s.click();
}

/** The first finding's fix in `scope`: it says what to do, and its docs link names that rule's section. */
async function expectFix(scope: Locator): Promise<string> {
  const fix = scope.getByTestId("finding-fix").first();
  await expect(fix).toBeVisible();
  await expect(fix).toContainText("What to do:");
  const link = fix.getByTestId("finding-docs");
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/^\/docs\/findings#(net|rbac|cert|pod|exp|path)-\d{3}$/);
  // The link's words name the same rule as its anchor.
  const rule = href.split("#")[1] ?? "";
  // Named by its visible text first ("RULE docs"), so that speech input and axe agree with the eye.
  await expect(link).toHaveAccessibleName(`${rule.toUpperCase()} docs, in the manual`);
  return href;
}

for (const size of SIZES) {
  const at = `${size.width}x${size.height}`;

  test.describe(`at ${at}`, () => {
    test.use({ viewport: size });

    test("a finding on each area page says what to do and links to its rule in the manual", async ({
      page,
    }) => {
      await signIn(page, "bob", "/");
      await expectFix(page.getByRole("main"));
      await page.goto("/access");
      await unfold(page, /RBAC findings/);
      await expectFix(page.locator("#findings"));
      await page.goto("/network");
      await expectFix(page.getByRole("list", { name: "Network findings" }));
      await page.goto("/certificates");
      await expectFix(page.locator("#what-to-do"));
      await page.goto("/workloads");
      await unfold(page, /findings/);
      await expectFix(page.getByRole("main"));
      await page.goto("/paths");
      const href = await expectFix(page.locator("#findings"));
      await page.screenshot({ path: `${SHOTS}/paths-finding-${at}.png` });

      // The docs link lands on that rule's section, which says the same remediation.
      await page.getByTestId("finding-docs").first().click();
      await expect(page).toHaveURL((url) => url.pathname + url.hash === href);
      const section = page.locator(href.slice(href.indexOf("#")));
      await expect(section).toBeVisible();
      await expect(section).toContainText("What to do.");
      await expect(section).toBeInViewport();
      await page.screenshot({ path: `${SHOTS}/docs-section-${at}.png` });
    });

    test("finding lists on the overview and the network page, for the screenshots", async ({ page }) => {
      await signIn(page, "bob", "/network");
      const list = page.getByRole("list", { name: "Network findings" });
      await list.scrollIntoViewIfNeeded();
      await expectFix(list);
      await list
        .getByRole("listitem")
        .first()
        .screenshot({ path: `${SHOTS}/network-finding-${at}.png` });
      await page.goto("/");
      await page.screenshot({ path: `${SHOTS}/overview-${at}.png` });
    });

    test("a policy name and a role name open their YAML, also in meeting mode", async ({ page }) => {
      await signIn(page, "bob", "/network?ns=g04#policies");
      await page.getByRole("link", { name: "NetworkPolicy g04/backend-ingress as YAML" }).click();
      await expect(page).toHaveURL(/\/objects\/NetworkPolicy\/g04\/backend-ingress$/);
      await expect(
        page.getByRole("heading", { name: "NetworkPolicy g04/backend-ingress", level: 1 }),
      ).toBeVisible();
      const yaml = page.getByTestId("object-yaml");
      await expect(yaml).toContainText("kind: NetworkPolicy");
      await expect(yaml).toContainText("name: backend-ingress");
      await expect(yaml).not.toContainText("managedFields");
      await page.screenshot({ path: `${SHOTS}/yaml-policy-${at}.png` });

      // A role: from the bindings table to the role's page, whose name opens its YAML.
      await page.goto("/access?q=ci-deployer#bindings");
      await page.getByRole("link", { name: "RoleBinding shop/ci-deployer as YAML" }).first().click();
      await expect(page.getByTestId("object-yaml")).toContainText("roleRef:");
      await page.goto("/access/roles/ClusterRole/ci-deployer");
      await page.getByRole("link", { name: "ClusterRole ci-deployer as YAML" }).click();
      await expect(page).toHaveURL(/\/objects\/ClusterRole\/ci-deployer$/);
      await expect(page.getByTestId("object-yaml")).toContainText("kind: ClusterRole");
      await expect(page.getByTestId("object-yaml")).toContainText("rules:");

      const fontSize = () =>
        page.getByTestId("object-yaml").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      const outside = await fontSize();

      // Meeting mode: a role's name opens the YAML still in meeting mode, in large type (at least the page's
      // body text), without the navigation.
      await page.goto("/access/roles/ClusterRole/ci-deployer?present=1");
      await page.getByRole("link", { name: "ClusterRole ci-deployer as YAML" }).click();
      await expect(page).toHaveURL(/\/objects\/ClusterRole\/ci-deployer\?present=1$/);
      await expect(page.locator("html")).toHaveClass(/present/);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
      await expect(page.getByTestId("object-yaml")).toContainText("kind: ClusterRole");
      const body = await page.locator("body").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(await fontSize()).toBeGreaterThanOrEqual(body);
      expect(await fontSize()).toBeGreaterThan(outside * 1.25);
      const box = await page.getByTestId("object-yaml").boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: `${SHOTS}/yaml-role-present-${at}.png` });
    });

    test("alice is told plainly that a binding is not visible to her, and a Secret is never shown", async ({
      page,
    }) => {
      await signIn(page, "alice", "/objects/RoleBinding/g04/team-frontend-view");
      await expect(page.getByTestId("object-yaml-error")).toContainText("Not visible to you.");
      await expect(page.getByTestId("object-yaml")).toHaveCount(0);
      await page.screenshot({ path: `${SHOTS}/yaml-forbidden-${at}.png` });
      const secret = await page.request.get("/api/objects?kind=Secret&ns=kube-system&name=bootstrap-token");
      expect(secret.status()).toBe(400);
      expect(await secret.text()).not.toContain("data");
      expect((await page.goto("/objects/Secret/kube-system/x"))?.status()).toBe(404);
    });

    test("the who-can form suggests verbs and resources", async ({ page }) => {
      await signIn(page, "bob", "/access#who-can");
      const form = page.getByRole("form", { name: "Who can?" });
      const verb = form.getByLabel("Verb", { exact: true });
      const resource = form.getByLabel("Resource", { exact: true });
      const verbs = await page
        .locator(`datalist#${await verb.getAttribute("list")} option`)
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      const resources = await page
        .locator(`datalist#${await resource.getAttribute("list")} option`)
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(verbs).toEqual(expect.arrayContaining(["get", "list", "create", "impersonate"]));
      // The demo's roles name pods/log and pods/exec: snapshot mode suggests what its manifests' roles name.
      expect(resources).toEqual(expect.arrayContaining(["secrets", "pods", "pods/exec", "pods/log"]));
      await expect(form.getByTestId("suggestions-source")).toContainText("roles of these manifests");
      // A suggestion works as typed: the answer names a subject.
      await verb.fill("get");
      await resource.fill("secrets");
      await form.getByRole("button", { name: "Who can?" }).click();
      await expect(page.getByTestId("who-can-results")).toBeVisible();
    });
  });
}
