import { expect, type Page } from "@playwright/test";

// Signs a demo user in through the real flow: Vigil's sign-in page, then the embedded IdP's login page.

export type DemoUser = "alice" | "bob" | "carol";

export const DEMO_USERS: Record<DemoUser, { email: string; groups: string[] }> = {
  alice: { email: "alice@example.com", groups: ["team-frontend"] },
  bob: { email: "bob@example.com", groups: ["security-reviewers"] },
  carol: { email: "carol@example.com", groups: [] },
};

/** Signs `user` in (password `demo`) and waits until Vigil shows `path` (default: the overview). */
export async function signIn(page: Page, user: DemoUser, path = "/"): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.protocol === "http:" && !url.pathname.startsWith("/signin"), {
    timeout: 30_000,
  });
  await expect(page).not.toHaveURL(/\/api\/auth\/|\/signin/);
}

/** Signs out with the app's own sign-out form (which also ends the IdP session). */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin\?signed-out=1/, { timeout: 30_000 });
}
