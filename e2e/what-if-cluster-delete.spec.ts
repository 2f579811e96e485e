import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Deleting a cluster-tier policy in the what-if (fixtures/demo/45-policy-tiers.yaml): bob ticks the Baseline
// default deny over ci and default, with no policy text, and reads the connections into those namespaces that
// it was closing; the route takes deleteCluster=Kind/name and refuses a kind that is not a cluster-tier policy.

test("bob deletes the Baseline default deny in the what-if and sees ci and default opened", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "bob", "/network");
  const deletes = page.getByTestId("what-if-cluster-deletes");
  const baseline = deletes.getByLabel("Baseline tier ClusterNetworkPolicy baseline-default-deny");
  await expect(baseline).toBeVisible();
  await expect(deletes.getByLabel("Admin tier ClusterNetworkPolicy kube-system-guard")).not.toBeChecked();
  await baseline.check();
  await page.getByLabel("Policy YAML").fill("");
  await page.getByRole("button", { name: "Evaluate what-if" }).click();
  await expect(page.getByTestId("what-if-result")).toContainText(
    "deleted ClusterNetworkPolicy baseline-default-deny",
  );
  const gained = page.getByTestId("what-if-gained");
  await expect(gained).not.toBeEmpty();
  // Every row, under its source's heading, gains a connection into ci or default.
  const rows = await gained.getByTestId("what-if-row").allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toMatch(/^→ (ci|default)\//);
  const sources = await gained.getByTestId("what-if-source").allTextContents();
  expect(new Set(sources).size, "each source is named once").toBe(sources.length);
  await expect(page.getByTestId("what-if-lost")).toBeEmpty();
  await page.screenshot({ path: "test-results/e2e/what-if-cluster-delete-1366.png", fullPage: true });

  const api = await page.request.get(
    "/api/network/what-if?deleteCluster=ClusterNetworkPolicy/baseline-default-deny&deleteCluster=AdminNetworkPolicy/baseline-default-deny",
  );
  expect(api.status()).toBe(200);
  const body = (await api.json()) as {
    changes: { kind: string; name: string; action: string }[];
    lost: unknown[];
  };
  expect(body.changes.map((c) => `${c.kind} ${c.name} ${c.action}`)).toEqual([
    "ClusterNetworkPolicy baseline-default-deny deleted",
    "AdminNetworkPolicy baseline-default-deny not found",
  ]);
  expect(body.lost).toEqual([]);
  const bad = await page.request.get("/api/network/what-if?deleteCluster=NetworkPolicy/x");
  expect(bad.status()).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain("must be Kind/name");
});
