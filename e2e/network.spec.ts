import { expect, test } from "@playwright/test";
import { FETCHED_GRAPH_APP_URL } from "./support/apps";
import { signIn } from "./support/sign-in";

// Network in the bundled demo: bob (security-reviewers) opens the g04 graph, selects the frontend -> backend
// edge, reads why it is allowed (the backend-ingress policy), then tries what-if policies: one that removes the
// connection, and an invalid one that gets a precise message instead of an answer.

test.use({ viewport: { width: 1920, height: 1080 } });

test("bob selects an edge, reads why it is allowed, and tries a what-if policy", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "bob", "/network");
  await page.goto("/network?ns=g04");
  await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
  const canvas = page.getByTestId("network-canvas");
  await expect(canvas).toBeVisible();

  // The keyboard walks the edges of the canvas; the focus line says which one is selected.
  await canvas.focus();
  await page.keyboard.press("e");
  await expect(page.getByTestId("canvas-focus")).toContainText("Edge:");

  // The same edges as a list (open when short): explain frontend -> backend.
  await page.getByRole("button", { name: "Explain g04/frontend[Pod] to g04/backend[Pod]" }).click();
  await expect(page).toHaveURL(/from=g04%2Ffrontend/);
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toContainText("g04/frontend → g04/backend on TCP/3000: allowed");
  const explanation = page.getByTestId("explanation");
  await expect(explanation).toContainText("Ingress of g04/backend: allows");
  await expect(explanation.getByRole("link", { name: "g04/backend-ingress" }).first()).toBeVisible();

  // What-if: the example policy replaces backend-ingress with one that admits nothing.
  await page.getByRole("button", { name: "Evaluate what-if" }).click();
  // Under frontend's heading (named once), the connection to backend it loses.
  const lost = page.getByTestId("what-if-lost");
  await expect(
    lost.getByTestId("what-if-source").filter({ hasText: /^From g04\/frontend\[Pod\]$/ }),
  ).toHaveCount(1);
  await expect(
    lost
      .getByRole("list", { name: "Lost from g04/frontend[Pod]" })
      .getByTestId("what-if-row")
      .filter({ hasText: /^→ g04\/backend\[Pod\]: TCP 3000$/ }),
  ).toHaveCount(1);
  await expect(page.getByTestId("what-if-result")).toContainText("replaced g04/backend-ingress");

  // An invalid policy is reported with its field and reason, never evaluated.
  await page
    .getByLabel("Policy YAML")
    .fill(
      [
        "apiVersion: networking.k8s.io/v1",
        "kind: NetworkPolicy",
        "metadata: { namespace: g04, name: broken }",
        "spec:",
        "  podSelector: {}",
        "  ingress:",
        "    - ports: [{ port: http, endPort: 9000 }]",
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Evaluate what-if" }).click();
  await expect(page.getByTestId("what-if-result")).toContainText("spec.ingress[0].ports[0].endPort");
  await expect(page.getByTestId("what-if-result")).toContainText("endPort cannot be used with a named port");

  // Text that is not YAML gets the parser's message.
  await page.getByLabel("Policy YAML").fill("kind: [unclosed");
  await page.getByRole("button", { name: "Evaluate what-if" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "what-if.yaml" })).toBeVisible();
});

test("the graph is each viewer's own, as the page: alice's is carried by her page and draws only what she may read", async ({
  page,
  playwright,
}) => {
  type Graph = { nodes: { id: string; kind: string; namespace?: string }[]; edges: unknown[] };
  const workloadNamespaces = (g: Graph) =>
    [...new Set(g.nodes.filter((n) => n.kind === "workload").map((n) => n.namespace))].sort();
  await signIn(page, "alice", "/certificates");
  // Her graph is small: the page carries it, and its client asks for nothing.
  const asked: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/network/graph") asked.push(r.url());
  });
  await page.goto("/network");
  const canvas = page.getByTestId("network-canvas");
  await expect(canvas).toHaveAttribute("data-drawn", /"nodes"/);
  const drawn = JSON.parse((await canvas.getAttribute("data-drawn")) ?? "{}") as Graph;
  expect(asked).toEqual([]);
  // The route answers her the same graph, for a client whose page does not carry it.
  const res = await page.request.get("/api/network/graph");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(res.headers()["content-security-policy"]).toContain("default-src 'self'");
  const alice = (await res.json()) as Graph;
  expect(drawn.nodes.map((n) => n.id).sort()).toEqual(alice.nodes.map((n) => n.id).sort());
  expect(workloadNamespaces(alice)).toEqual(["g04"]);
  // Asked again with its tag: nothing has changed, nothing is sent.
  const again = await page.request.get("/api/network/graph", {
    headers: { "if-none-match": res.headers().etag ?? "" },
  });
  expect(again.status()).toBe(304);

  // bob reads every namespace: his graph is another, under another tag.
  await signIn(page, "bob", "/network");
  const bob = await page.request.get("/api/network/graph");
  expect(bob.status()).toBe(200);
  expect(bob.headers().etag).not.toBe(res.headers().etag);
  const whole = (await bob.json()) as Graph;
  expect(workloadNamespaces(whole).length).toBeGreaterThan(1);
  // The filters apply: bob's g04 graph (g04 and what it talks to) is another, smaller one.
  const g04 = await page.request.get("/api/network/graph?ns=g04");
  expect(g04.headers().etag).not.toBe(bob.headers().etag);
  const g04Graph = (await g04.json()) as Graph;
  expect(workloadNamespaces(g04Graph)).toContain("g04");
  expect(g04Graph.edges.length).toBeLessThan(whole.edges.length);

  // Without a session: 401, never the graph.
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anonymous.get("/api/network/graph")).status()).toBe(401);
  await anonymous.dispose();
});

test("a graph the page does not carry is fetched; one that cannot be loaded says why, keeps the page, and loads on Try again", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The instance whose pages never carry the graph (e2e/support/apps.ts), as for a graph too large to.
  const at = (path: string) => `${FETCHED_GRAPH_APP_URL}${path}`;
  await signIn(page, "bob", at("/certificates"));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url() === at("/api/network/graph")),
    page.goto(at("/network")),
  ]);
  expect(res.status()).toBe(200);
  const fetched = (await res.json()) as { nodes: { id: string }[] };
  const canvas = page.getByTestId("network-canvas");
  await expect(canvas).toHaveAttribute("data-drawn", /"nodes"/);
  const drawn = JSON.parse((await canvas.getAttribute("data-drawn")) ?? "{}") as typeof fetched;
  expect(drawn.nodes.map((n) => n.id).sort()).toEqual(fetched.nodes.map((n) => n.id).sort());

  // A proxy in front of Vigil answers the graph's request with its own HTML error page, once.
  let failed = 0;
  await page.route("**/api/network/graph*", async (route) => {
    if (failed++ > 0) return route.continue();
    await route.fulfill({
      status: 502,
      contentType: "text/html",
      body: "<html><body>Bad gateway</body></html>",
    });
  });
  await page.goto(at("/network?ns=g04"));
  const error = page.getByTestId("graph-error");
  await expect(error).toContainText("The graph could not be loaded: the server answered 502");
  await expect(error).not.toContainText(/JSON|Unexpected token/);
  // The rest of the page stays: the connection list is server-rendered.
  await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
  await error.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("network-canvas")).toHaveAttribute("data-drawn", /"nodes"/);
  await expect(page.getByTestId("graph-error")).toHaveCount(0);
  expect(failed).toBe(2);
});
