import AxeBuilder from "@axe-core/playwright";
import { encode } from "next-auth/jwt";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { readSession, SESSION_COOKIE, writeSession } from "./support/session-cookie";
import { signIn, signInThroughIdp, signOut } from "./support/sign-in";

// Sign-in, sessions and the app's own security, in a real browser against the production build. The specs
// of the sign-in itself and of token refresh go through the IdP; the others reuse the saved sessions.

const ALL_DEMO_NAMESPACES = [
  "a12",
  "ci",
  "default",
  "g04",
  "kube-system",
  "kubernetes-dashboard",
  "shop",
  "t75",
  "vigil",
];
const JSON_ROUTES = ["/api/namespaces", "/api/overview"];
const idpIssuer = `https://127.0.0.1:${process.env.VIGIL_IDP_PORT ?? 9400}`;
const sessionCookie = SESSION_COOKIE;

async function namespacesOf(request: APIRequestContext): Promise<string[]> {
  const res = await request.get("/api/namespaces");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { namespaces: { name: string }[] };
  return body.namespaces.map((n) => n.name).sort();
}

async function pickerOptions(page: Page): Promise<string[]> {
  const picker = page.getByRole("banner").getByRole("combobox");
  await expect(picker).toBeEnabled();
  return (await picker.locator("option").allTextContents()).map((t) => t.trim());
}

async function refreshCount(request: APIRequestContext): Promise<number> {
  const res = await request.get(`${idpIssuer}/dev/grant-counts`, { ignoreHTTPSErrors: true });
  return ((await res.json()) as Record<string, number>).refresh_token ?? 0;
}

test.describe("without a session", () => {
  test("pages redirect to the sign-in page and JSON routes answer 401", async ({ page, request }) => {
    for (const path of ["/", "/access", "/network", "/certificates"]) {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(path)}`));
      await expect(page.getByRole("button", { name: "Sign in with single sign-on" })).toBeVisible();
    }
    for (const path of JSON_ROUTES) {
      const res = await request.get(path);
      expect(res.status()).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
    }
  });

  test("robots.txt denies all indexing and the icon loads, without a session and with the security headers", async ({
    request,
  }) => {
    const robots = await request.get("/robots.txt");
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
    const icon = await request.get("/icon.svg");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");
    for (const res of [robots, icon]) expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("writing methods answer 405", async ({ request }) => {
    for (const path of JSON_ROUTES) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await request.fetch(path, { method, data: {} });
        expect(res.status(), `${method} ${path}`).toBe(405);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("method-not-allowed");
      }
    }
  });

  test("the sign-in page and the IdP's login page have no serious accessibility problem", async ({
    page,
  }) => {
    const serious = async () =>
      (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help}`);
    await page.goto("/signin");
    expect(await serious()).toEqual([]);
    await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
    await expect(page.getByLabel("Password")).toBeVisible();
    expect(await serious()).toEqual([]);
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("Wrong username or password");
    expect(await serious()).toEqual([]);
  });

  test("a forged session cookie is refused", async ({ page, context, request }) => {
    const forged = await encode({
      token: {
        sub: "mallory",
        username: "mallory",
        name: "Mallory",
        groups: ["system:masters"],
        idToken: "x",
        issuedAt: 0,
        expiresAt: 4e9,
      },
      secret: "not-the-app-secret-not-the-app-secret",
    });
    await context.addCookies([
      { name: sessionCookie, value: forged, url: test.info().project.use.baseURL ?? "" },
    ]);
    const res = await page.request.get("/api/namespaces");
    expect(res.status()).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin\?/);
    const garbage = await request.get("/api/overview", { headers: { cookie: `${sessionCookie}=garbage` } });
    expect(garbage.status()).toBe(401);
  });

  test("an expired session cookie is refused", async ({ request }) => {
    const secret = process.env.NEXTAUTH_SECRET ?? "";
    const bob = {
      sub: "bob",
      username: "bob@example.com",
      name: "Bob",
      groups: ["security-reviewers"],
      idToken: "x",
    };
    const sealedButExpired = await encode({
      token: { ...bob, issuedAt: 0, expiresAt: 4e9 },
      secret,
      maxAge: -60,
    });
    const idTokenExpired = await encode({ token: { ...bob, issuedAt: 0, expiresAt: 1000 }, secret });
    for (const value of [sealedButExpired, idTokenExpired]) {
      const res = await request.get("/api/namespaces", { headers: { cookie: `${sessionCookie}=${value}` } });
      expect(res.status()).toBe(401);
    }
    // The same secret with a live token is accepted: the refusals above are about expiry alone.
    const live = await encode({
      token: {
        ...bob,
        issuedAt: Math.floor(Date.now() / 1000),
        expiresAt: Math.floor(Date.now() / 1000) + 600,
      },
      secret,
    });
    const ok = await request.get("/api/namespaces", { headers: { cookie: `${sessionCookie}=${live}` } });
    expect(ok.status()).toBe(200);
  });
});

test.describe("signed in", () => {
  test("alice signs in through the IdP and sees only g04, in the page and in /api/namespaces", async ({
    page,
  }) => {
    await signInThroughIdp(page, "alice");
    expect(await namespacesOf(page.request)).toEqual(["g04"]);
    expect(await pickerOptions(page)).toEqual(["All namespaces", "g04"]);
    await expect(page.getByText("alice@example.com").first()).toBeVisible();
  });

  test("bob sees every namespace, in the page and in /api/namespaces", async ({ page }) => {
    await signIn(page, "bob");
    // A live API server adds its own (kube-public, kube-node-lease) to the demo's.
    expect(await namespacesOf(page.request)).toEqual(expect.arrayContaining(ALL_DEMO_NAMESPACES));
    expect((await pickerOptions(page)).slice(1)).toEqual(expect.arrayContaining(ALL_DEMO_NAMESPACES));
  });

  test("writing methods still answer 405", async ({ page }) => {
    await signIn(page, "bob");
    for (const path of JSON_ROUTES) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        expect((await page.request.fetch(path, { method, data: {} })).status(), `${method} ${path}`).toBe(
          405,
        );
      }
    }
  });

  test("the session the browser can read holds name, e-mail and groups, never a token", async ({ page }) => {
    await signIn(page, "alice");
    const res = await page.request.get("/api/auth/session");
    const text = await res.text();
    const session = JSON.parse(text) as Record<string, unknown>;
    expect(session).toEqual({
      user: { name: "Alice", email: "alice@example.com", groups: ["team-frontend"] },
      expires: expect.any(String),
    });
    expect(text).not.toMatch(/eyJ|idToken|refreshToken|id_token|refresh_token|access_token/);
  });

  test("pages carry the security headers, a script nonce, and a HttpOnly SameSite=Lax session cookie", async ({
    page,
    context,
  }) => {
    await signIn(page, "bob");
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto("/");
    // Hydrated: the namespace picker has fetched its list with a script that ran under the policy.
    await expect(page.getByRole("banner").getByRole("combobox")).toBeEnabled();
    expect(violations).toEqual([]);
    const headers = response?.headers() ?? {};
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Over plain http (the demo) there is no HSTS; it is sent when NEXTAUTH_URL is https.
    expect(headers["strict-transport-security"]).toBeUndefined();
    // Every script tag of the served HTML carries this response's own nonce.
    const html = await response?.text();
    const tags = html?.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    const cookie = (await context.cookies()).find((c) => c.name === sessionCookie);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  });

  test("tokens are refreshed before the ID token expires, and the session outlives it", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    // A sign-in of its own: its refresh token is used by no other spec, so each refresh below reaches the IdP.
    await signInThroughIdp(page, "bob");
    const signedIn = await readSession(context);
    const now = () => Math.floor(Date.now() / 1000);
    // Vigil refreshes within the last third of the ID token's lifetime: seal the session 25 s into a 30 s one.
    const before = await refreshCount(page.request);
    const nearlyExpired = { ...signedIn, issuedAt: now() - 25, expiresAt: now() + 5 };
    await writeSession(context, baseURL ?? "", nearlyExpired);
    await page.goto("/");
    await expect(page).not.toHaveURL(/\/signin/);
    expect(await refreshCount(page.request)).toBeGreaterThan(before);
    // The session was sealed anew with the refreshed ID token's times. (The token itself may equal the first
    // one byte for byte: the IdP signs with RS256, which is deterministic, so a refresh within the second of
    // the sign-in gets the same claims and the same signature.)
    const refreshed = await readSession(context);
    expect(refreshed.issuedAt).toBeGreaterThanOrEqual(signedIn.issuedAt);
    expect(refreshed.expiresAt).toBeGreaterThan(nearlyExpired.expiresAt);
    expect(refreshed.expiresAt - refreshed.issuedAt).toBe(signedIn.expiresAt - signedIn.issuedAt);
    // An ID token already past its expiry is renewed too, as long as the refresh token is good.
    await writeSession(context, baseURL ?? "", { ...refreshed, issuedAt: now() - 31, expiresAt: now() - 1 });
    expect(await namespacesOf(page.request)).toEqual(expect.arrayContaining(ALL_DEMO_NAMESPACES));
    await page.goto("/access");
    await expect(page).toHaveURL(/\/access/);
    // The cookie was sealed anew: it no longer holds the expired times written above.
    expect((await readSession(context)).expiresAt).toBeGreaterThanOrEqual(refreshed.expiresAt);
  });

  test("a refresh the IdP refuses signs the user out cleanly", async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    await signInThroughIdp(page, "alice");
    // Ending the session at the IdP behind Vigil's back revokes the grant, and with it the refresh token.
    const idp = await context.newPage();
    await idp.goto(`${idpIssuer}/session/end`);
    await expect(idp.getByRole("heading", { name: "Signed out" })).toBeVisible();
    await idp.close();
    const now = Math.floor(Date.now() / 1000);
    await writeSession(context, baseURL ?? "", {
      ...(await readSession(context)),
      issuedAt: now - 25,
      expiresAt: now + 5,
    });
    await page.goto("/access");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccess&error=SessionExpired/);
    await expect(page.getByRole("status")).toContainText("Your session has ended");
    expect((await context.cookies()).some((c) => c.name === sessionCookie)).toBe(false);
    expect((await page.request.get("/api/namespaces")).status()).toBe(401);
  });

  test("a copied session cookie stops working after sign-out, and no ID token travels in a URL", async ({
    page,
    playwright,
    baseURL,
  }) => {
    // A session of its own: signing out revokes it, and the saved session the other specs share must survive.
    await signInThroughIdp(page, "alice");
    const copied = (await page.context().cookies())
      .filter((c) => c.name.startsWith(sessionCookie))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const thief = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: copied } });
    expect((await thief.get("/api/namespaces")).status()).toBe(200);
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    await signOut(page);
    expect(urls.filter((u) => u.includes("id_token_hint"))).toEqual([]);
    expect((await thief.get("/api/namespaces")).status()).toBe(401);
    await thief.dispose();
  });

  test("signing out ends the IdP session too", async ({ page }) => {
    await signInThroughIdp(page, "alice");
    await signOut(page);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    expect((await page.request.get("/api/namespaces")).status()).toBe(401);
    // The IdP asks for the password again: its session ended with Vigil's.
    await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
    await expect(page.getByLabel("Password")).toBeVisible();
  });
});
