import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn } from "./support/sign-in";

// /metrics through the real server (`next start`, instrumentation.ts): request durations by the app's route
// patterns, the process's figures, and nothing about who asked what; only for the bearer of
// VIGIL_METRICS_TOKEN (set for the app in playwright.config.ts), never for a signed-in browser.

const token = process.env.VIGIL_METRICS_TOKEN ?? "";

async function scrape(request: APIRequestContext): Promise<string> {
  // A fresh connection per scrape: between two scrapes the page loads take longer than the server keeps an idle
  // connection open, and a reused socket the server has just closed answers ECONNRESET (as any scraper knows).
  const res = await request.get("/metrics", {
    headers: { authorization: `Bearer ${token}`, connection: "close" },
  });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  return res.text();
}

/** Finished requests of one route, over every method and status class. */
function requestsOf(text: string, route: string): number {
  const prefix = `vigil_http_request_duration_seconds_count{route="${route}",`;
  return text
    .split("\n")
    .filter((l) => l.startsWith(prefix))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

test("/metrics counts page requests by route for the token's bearer, and says nothing of the viewers", async ({
  page,
  request,
}) => {
  expect(token.length, "playwright.config.ts gives the app a metrics token").toBeGreaterThanOrEqual(32);
  const before = await scrape(request);
  await signIn(page, "bob", "/network?ns=g04");
  await page.goto("/access/roles/ClusterRole/view");
  const after = await scrape(request);
  expect(requestsOf(after, "/network")).toBeGreaterThan(requestsOf(before, "/network"));
  expect(requestsOf(after, "/access/roles/[kind]/[...name]")).toBeGreaterThan(
    requestsOf(before, "/access/roles/[kind]/[...name]"),
  );
  expect(after).toMatch(/^process_resident_memory_bytes \d+$/m);
  expect(after).toMatch(
    /^vigil_http_request_duration_seconds_bucket\{route="\/network",method="GET",status="2xx",le="\+Inf"\} \d+$/m,
  );
  for (const secret of ["bob", "g04", "ClusterRole/view", "next-auth.session-token", token]) {
    expect(after, secret).not.toContain(secret);
  }
});

test("/metrics refuses a request without the token, even with a signed-in session", async ({
  page,
  request,
}) => {
  expect((await request.get("/metrics")).status()).toBe(401);
  const wrong = await request.get("/metrics", { headers: { authorization: `Bearer ${"x".repeat(40)}` } });
  expect(wrong.status()).toBe(401);
  expect(wrong.headers()["www-authenticate"]).toBe('Bearer realm="vigil-metrics"');
  await signIn(page, "bob");
  const withSession = await page.request.get("/metrics");
  expect(withSession.status()).toBe(401);
  expect(await withSession.text()).toBe("unauthorized\n");
});
