import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, sealedSessionCookie, startApp, type AppInstance } from "@/dev/cluster/app-harness";

// The Network page with VIGIL_GRAPH_INLINE_KIB as operators set it (docs/network.md "What the page sends"), on
// production builds of the app in snapshot mode (the demo): by default the demo's graph comes in the page; a
// malformed limit is said above the graph, which the page then leaves to its client, and the page still answers.

const secret = randomBytes(32).toString("base64url");
let apps: { byDefault: AppInstance; malformed: AppInstance } | undefined;

async function networkPage(app: AppInstance): Promise<{ status: number; html: string }> {
  const res = await fetch(`${app.url}/network`, {
    headers: { cookie: await sealedSessionCookie(secret, "bob", ["security-reviewers"]) },
  });
  return { status: res.status, html: await res.text() };
}

beforeAll(async () => {
  const env = (port: number) => ({
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: secret,
    VIGIL_MODE: "snapshot",
    VIGIL_MANIFESTS: "",
  });
  const [a, b] = [await freePort(), await freePort()];
  const [byDefault, malformed] = await Promise.all([
    startApp(a, { ...env(a), VIGIL_GRAPH_INLINE_KIB: "" }),
    startApp(b, { ...env(b), VIGIL_GRAPH_INLINE_KIB: "32k" }),
  ]);
  apps = { byDefault, malformed };
});

afterAll(async () => {
  await Promise.all([apps?.byDefault.stop(), apps?.malformed.stop()]);
});

describe("the Network page and VIGIL_GRAPH_INLINE_KIB", () => {
  it("carries the demo's graph by default", async () => {
    const page = await networkPage(apps!.byDefault);
    expect(page.status).toBe(200);
    expect(page.html).toContain("inlineGraph");
    expect(page.html).not.toContain("VIGIL_GRAPH_INLINE_KIB");
  });

  it("says a malformed limit above the graph and leaves the graph to the client", async () => {
    const page = await networkPage(apps!.malformed);
    expect(page.status).toBe(200);
    expect(page.html).toContain(
      "VIGIL_GRAPH_INLINE_KIB must be a whole number of KiB from 0 to 1024, not “32k”<!-- -->: the graph is fetched",
    );
    expect(page.html).not.toContain("inlineGraph");
    expect(page.html).toContain("/api/network/graph");
  });
});
