import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// Policy tiers on the Network page, in the bundled demo (fixtures/demo/45-policy-tiers.yaml): an Admin-tier
// guardrail lets only DNS into kube-system, a Baseline default deny covers ci and default. bob (who may list the
// cluster-tier kinds) reads which tier, policy, priority and rule decided a connection, the policies in tier
// order, and tries a ClusterNetworkPolicy in the what-if editor; alice (view in g04 only) is told that she
// cannot see the tiers instead of being shown an all-clear.

test("bob reads which tier decided a connection, the policies in tier order, and a cluster-tier what-if", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signIn(page, "bob", "/network");
  await page.goto("/network?from=shop%2Fmy-app&to=kube-system%2Fvelero&at=TCP%2F8085#explanation");
  const explanation = page.getByTestId("explanation");
  await expect(page.getByTestId("verdict")).toContainText(
    "shop/my-app → kube-system/velero on TCP/8085: denied",
  );
  const ingress = explanation.getByRole("list", {
    name: "Ingress of kube-system/velero: tiers in the order they decided",
  });
  const step = ingress.getByTestId("tier-step");
  await expect(step).toHaveCount(1);
  await expect(step).toContainText("Admin tier");
  await expect(step).toContainText("priority 10");
  await expect(step).toContainText("its 2nd ingress rule “nothing-else”");
  await expect(step).toContainText("Deny");
  await expect(step.getByRole("link", { name: "ClusterNetworkPolicy kube-system-guard" })).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/network-tiers-explanation-1920.png" });

  // DNS is what the guardrail accepts, over any NetworkPolicy.
  await page.goto("/network?from=shop%2Fmy-app&to=kube-system%2Fvelero&at=UDP%2F53#explanation");
  await expect(page.getByTestId("verdict")).toContainText("on UDP/53: allowed");
  await expect(
    page
      .getByRole("list", { name: "Ingress of kube-system/velero: tiers in the order they decided" })
      .getByTestId("tier-step"),
  ).toContainText("Accept");

  // The link in the explanation leads to the policy in the tiered list.
  await page.getByRole("link", { name: "ClusterNetworkPolicy kube-system-guard" }).first().click();
  await expect(page).toHaveURL(/#cluster-policy-ClusterNetworkPolicy-kube-system-guard$/);
  const admin = page.getByRole("list", { name: "Admin tier policies in order" });
  await expect(admin.getByRole("listitem").first()).toContainText("kube-system-guard");
  await expect(admin).toContainText("ingress Accept “dns”");
  await expect(page.getByRole("list", { name: "Baseline tier policies in order" })).toContainText(
    "baseline-default-deny",
  );
  await expect(page.getByRole("link", { name: "Export policies CSV" })).toHaveAttribute(
    "href",
    "/api/network/policies/export?format=csv",
  );

  // What-if: the guardrail replaced by one that also accepts TCP 8085 from shop.
  await page
    .getByLabel("Policy YAML")
    .fill(
      [
        "apiVersion: policy.networking.k8s.io/v1beta1",
        "kind: ClusterNetworkPolicy",
        "metadata: { name: kube-system-guard }",
        "spec:",
        "  tier: Admin",
        "  priority: 10",
        "  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }",
        "  ingress:",
        "    - action: Accept",
        "      from: [{ namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }]",
        "      protocols: [{ tcp: { destinationPort: { number: 8085 } } }]",
        "    - action: Accept",
        "      from: [{ namespaces: {} }]",
        "      protocols: [{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } }]",
        "    - action: Deny",
        "      from: [{ namespaces: {} }]",
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Evaluate what-if" }).click();
  const result = page.getByTestId("what-if-result");
  await expect(result).toContainText("replaced ClusterNetworkPolicy kube-system-guard");
  await expect(
    page
      .getByTestId("what-if-gained")
      .getByRole("list", { name: "Gained from shop/my-app[Deployment]" })
      .getByTestId("what-if-row"),
  ).toContainText(["→ kube-system/velero[Deployment]: TCP 8085"]);
  await expect(page.getByTestId("what-if-lost")).toBeEmpty();
  await page.screenshot({ path: "test-results/e2e/network-tiers-policies-1920.png", fullPage: true });
});

test("alice, who may not list the cluster-tier kinds, is told so rather than shown no tiers", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "alice", "/network");
  await page.goto("/network?ns=g04");
  const gaps = page.getByRole("status").filter({ hasText: "Part of the cluster is not visible to you" });
  await expect(gaps).toContainText("clusternetworkpolicies: not visible to you");
  await expect(page.getByRole("list", { name: "Admin tier policies in order" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /1\. Admin tier \(0\)/ })).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/network-tiers-alice-1366.png" });
  await page.getByRole("heading", { name: /Policies in tier order/ }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/e2e/network-tiers-alice-policies-1366.png" });
});
