import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { test as setup } from "@playwright/test";
import { DEMO_USERS, signInThroughIdp, storageStatePath, type DemoUser } from "./support/sign-in";

// Each demo user signs in once per run through the real flow (Vigil's sign-in page, the IdP's login page),
// and the specs reuse the session (support/sign-in.ts `signIn`). Only the app's cookies are kept: a spec never
// holds the IdP session, so nothing a spec does (signing out, ending a session) can end another spec's grant.

for (const user of Object.keys(DEMO_USERS) as DemoUser[]) {
  setup(`${user} signs in through the IdP`, async ({ page, baseURL }) => {
    // Every spec of this user waits on this one sign-in: give a busy machine twice a spec's budget for it.
    setup.setTimeout(120_000);
    await signInThroughIdp(page, user);
    const appHost = new URL(baseURL ?? "").hostname;
    const state = await page.context().storageState();
    const path = storageStatePath(user);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      JSON.stringify({ cookies: state.cookies.filter((c) => c.domain === appHost), origins: [] }),
    );
  });
}
