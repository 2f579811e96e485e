import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

// NET-003 on the Network page names exactly what is exposed: in the bundled demo, the dashboard's NodePort
// Service and Ingress reach TCP 8443 only, and t75's Ingress reaches nginx on TCP 80 only (never UDP or SCTP
// on the same numbers: an Ingress controller proxies over TCP, and a Service port has its own protocol).

test.use({ viewport: { width: 1920, height: 1080 } });

test("bob reads internet exposure with the exposed protocols only", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "bob", "/network");
  for (const [ns, text] of [
    ["t75", "reachable from the internet on TCP 80 ("],
    ["kubernetes-dashboard", "reachable from the internet on TCP 8443 ("],
  ] as const) {
    await page.goto(`/network?ns=${ns}`);
    const findings = page.getByRole("list", { name: "Network findings" });
    const exposure = findings.getByRole("listitem").filter({ hasText: "reachable from the internet" });
    await expect(exposure).toHaveCount(1);
    await expect(exposure).toContainText(text);
    await expect(exposure).not.toContainText("UDP");
    await expect(exposure).not.toContainText("SCTP");
  }
});
