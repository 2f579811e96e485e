import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Certificates on a projector-sized screen: bob opens the page, reads the expiry timeline, and opens the
// certificate that expires soonest; its page shows the validity, the verified issuer chain and what to do.

test.use({ viewport: { width: 1920, height: 1080 } });

test("bob opens Certificates, sees the timeline and opens the certificate that expires soonest", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob", "/certificates");
  await page.goto("/certificates");
  await expect(page.getByRole("heading", { name: "Certificates", level: 1 })).toBeVisible();
  const timeline = page.getByRole("group", { name: /^Expiry timeline of \d+ certificates/ });
  await expect(timeline).toBeVisible();
  expect(await timeline.getByRole("link").count()).toBeGreaterThan(0);
  for (const mark of ["now", "14 days", "28 days", "90 days"])
    await expect(timeline.getByText(mark, { exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("certificates-1920x1080.png"), fullPage: true });

  const soonest = page.getByTestId("soonest").getByRole("link");
  const subject = (await soonest.textContent()) ?? "";
  expect(subject.length).toBeGreaterThan(0);
  await soonest.click();
  await expect(page).toHaveURL(/\/certificates\/[0-9a-f]{16}/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  await expect(page.getByText(/\d+ days left/).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Issuer chain" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Where it is used" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("certificate-detail.png"), fullPage: true });
});

test("the timeline is reachable with the keyboard and the page has no serious accessibility problem", async ({
  page,
}) => {
  await signIn(page, "bob", "/certificates");
  await page.goto("/certificates");
  const first = page
    .getByRole("group", { name: /^Expiry timeline/ })
    .getByRole("link")
    .first();
  await first.focus();
  await expect(first).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/certificates\/[0-9a-f]{16}/);
  // Both navigations finish before axe runs: a URL changes before its page has rendered.
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/certificates(\?|$)/);
  await expect(page.getByRole("group", { name: /^Expiry timeline/ })).toBeVisible();
  await page.waitForLoadState("load");
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
