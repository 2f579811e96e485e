import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";

// Signing demo users in. Each user signs in through the real flow ONCE per run, in the setup project
// (e2e/sign-in.setup.ts), which saves the browser state; `signIn` then reuses that state. Specs that test the
// sign-in itself use `signInThroughIdp`.

export type DemoUser = "alice" | "bob" | "carol";

export const DEMO_USERS: Record<DemoUser, { email: string; groups: string[] }> = {
  alice: { email: "alice@example.com", groups: ["team-frontend"] },
  bob: { email: "bob@example.com", groups: ["security-reviewers"] },
  carol: { email: "carol@example.com", groups: [] },
};

/** Where the setup project saves a user's signed-in state (per app port: runs on other ports do not mix). */
export function storageStatePath(user: DemoUser): string {
  return join("test-results", "e2e-auth", `${process.env.PORT ?? 3000}-${user}.json`);
}

/** Signs `user` in (password `demo`) through Vigil's sign-in page and the IdP's login page; waits for `path`. */
export async function signInThroughIdp(page: Page, user: DemoUser, path = "/"): Promise<void> {
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

/** Opens `path` as `user`, with the session the setup project saved for them. */
export async function signIn(page: Page, user: DemoUser, path = "/"): Promise<void> {
  const state = JSON.parse(await readFile(storageStatePath(user), "utf8")) as {
    cookies: Parameters<ReturnType<Page["context"]>["addCookies"]>[0];
  };
  await page.context().addCookies(state.cookies);
  await page.goto(path);
  await expect(page).not.toHaveURL(/\/api\/auth\/|\/signin/);
}

/** Signs out with the app's own sign-out form (which also ends the IdP session). */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin\?signed-out=1/, { timeout: 30_000 });
}
