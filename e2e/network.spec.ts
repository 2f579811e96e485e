import { expect, test } from "@playwright/test";
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
