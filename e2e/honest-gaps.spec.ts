import { mkdir, readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn, type DemoUser } from "./support/sign-in";

// No false all-clear (docs/overview.md "Unknown figures"): alice (view in g04 only) and carol (no grant) see
// "unknown" with the reason wherever a figure counts what they may not read, never a green 0; carol is told whom
// to ask; the role page never says a role alice cannot read grants nothing; the Network page exports its
// connection list with what the viewer could not read. At the two projector sizes.

const SIZES = [
  [1920, 1080],
  [1366, 768],
] as const;

/** Screenshots for judging by eye go to /tmp/shots-honest when VIGIL_SHOTS_DIR is set, else the test output. */
async function shot(page: Page, path: string) {
  const dir = process.env.VIGIL_SHOTS_DIR;
  if (dir) {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/${path}`, fullPage: true });
  } else {
    await page.screenshot({ path: test.info().outputPath(path), fullPage: true });
  }
}

async function download(page: Page, label: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: label, exact: true }).click(),
  ]);
  return readFile((await file.path()) ?? "", "utf8");
}

for (const [width, height] of SIZES) {
  test.describe(`at ${width}x${height}`, () => {
    test.use({ viewport: { width, height } });

    for (const user of ["alice", "carol"] as const satisfies readonly DemoUser[]) {
      test(`${user}'s overview reads unknown, with the reason, where she may not read the inputs`, async ({
        page,
      }) => {
        test.setTimeout(120_000);
        await signIn(page, user, "/");
        await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

        const rbac = page.getByRole("region", { name: "Access (RBAC)", exact: true });
        // Every severity figure reads "unknown", none a number.
        for (const severity of ["critical", "high", "medium", "low", "info"]) {
          const figure = rbac.getByTestId("count-unknown").filter({ hasText: severity });
          await expect(figure).toHaveCount(1);
          await expect(figure).toContainText("unknown");
        }
        await expect(rbac.getByTestId("unknown-note")).toContainText(
          user === "alice"
            ? /you may not list .*rolebindings.* in g04/
            : /you may not list .*rolebindings.* in any namespace/,
        );
        await expect(rbac.getByText(/^0$/)).toHaveCount(0);

        const certs = page.getByRole("region", { name: "Certificates", exact: true });
        for (const status of ["expired", "renew now", "renew soon"]) {
          await expect(certs.getByTestId("count-unknown").filter({ hasText: status })).toContainText(
            "unknown",
          );
        }
        await expect(certs.getByTestId("unknown-note")).toContainText(
          user === "alice" ? /secrets.* in g04/ : /secrets.* in any namespace/,
        );
        await expect(certs.getByText(/^0$/)).toHaveCount(0);

        // The small network picture: carol may list no pod, so it has no row, and says the picture is unknown
        // and why, never "no workloads" (an all-clear); alice sees g04's row, drawn.
        const network = page.getByRole("region", { name: "Network reachability", exact: true });
        if (user === "carol") {
          await expect(network.getByTestId("mini-graph")).toHaveCount(0);
          await expect(network.getByTestId("mini-graph-unknown")).toContainText(
            /^Picture unknown: .*you may not list .*pods.* in any namespace/,
          );
          await expect(network).not.toContainText(/No workloads/i);
        } else {
          await expect(network.getByTestId("mini-graph")).toContainText("g04");
          await expect(network.getByTestId("mini-graph-unknown")).toHaveCount(0);
        }

        // The attack-path headline: no path among what she may see is unknown, never "reaches neither".
        await expect(page.getByTestId("paths-headline")).toHaveText(
          /^\? Unknown whether the internet reaches cluster-admin, a node, Secrets or cloud credentials/,
        );

        // The page tells them whom to ask (VIGIL_ACCESS_CONTACT, or its default).
        await expect(page.getByTestId("access-contact").first()).toContainText(/ask|contact/i);
        await shot(page, `overview-${user}-${width}x${height}.png`);
      });
    }

    test("the cluster-admin role page does not tell alice it grants nothing", async ({ page }) => {
      test.setTimeout(120_000);
      await signIn(page, "alice", "/access/roles/ClusterRole/cluster-admin");
      await expect(page.getByRole("heading", { name: "ClusterRole cluster-admin", level: 1 })).toBeVisible();
      await expect(page.getByText(/grants nothing/)).toHaveCount(0);
      await expect(page.getByRole("heading", { name: "Rules (unknown)" })).toBeVisible();
      await expect(page.getByTestId("rules-unknown")).toContainText(
        "you may not list clusterroles.rbac.authorization.k8s.io cluster-wide",
      );
      await expect(page.getByTestId("holders-unknown")).toContainText("clusterrolebindings");
      await expect(page.getByTestId("access-contact").first()).toBeVisible();
      await shot(page, `role-cluster-admin-alice-${width}x${height}.png`);
    });

    test("carol's role page and Access page say unknown and whom to ask", async ({ page }) => {
      test.setTimeout(120_000);
      await signIn(page, "carol", "/access/roles/ClusterRole/cluster-admin");
      await expect(page.getByText(/grants nothing/)).toHaveCount(0);
      await expect(page.getByTestId("rules-unknown")).toBeVisible();
      await expect(page.getByTestId("access-contact").first()).toBeVisible();
      await shot(page, `role-cluster-admin-carol-${width}x${height}.png`);
      await page.goto("/access");
      await expect(page.getByRole("heading", { name: /^Findings \(unknown/ })).toBeVisible();
      await expect(page.getByTestId("rbac-counts")).toContainText("critical: unknown");
      // The Network page draws nothing for her, and says the graph is unknown and why.
      await page.goto("/network");
      await expect(page.getByTestId("graph-unknown")).toContainText(
        /^Graph unknown: .*you may not list .*pods.* in any namespace/,
      );
      await expect(page.getByText(/No workloads/)).toHaveCount(0);
      await shot(page, `network-carol-${width}x${height}.png`);
    });
  });
}

test.describe("exports and the one vocabulary", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("the Network page exports its filtered connection list as CSV and JSON, with alice's gaps", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, "bob", "/network?ns=shop&dir=egress&port=TCP/443");
    await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
    const csv = await download(page, "Export connections CSV");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("from,to,ports,allPorts,implementationDefined,note");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith("shop/"))).toBe(true);
    const json = JSON.parse(await download(page, "Export connections JSON")) as {
      filter: unknown;
      connections: { from: string }[];
      complete: boolean;
    };
    expect(json.filter).toEqual({ namespace: "shop", direction: "egress", port: "TCP/443" });
    expect(json.connections.length).toBe(lines.length - 1);
    expect(json.complete).toBe(true);

    await signIn(page, "alice", "/network");
    const aliceJson = JSON.parse(await download(page, "Export connections JSON")) as {
      complete: boolean;
      gaps: { resource: string }[];
    };
    expect(aliceJson.complete).toBe(false);
    expect(aliceJson.gaps.map((g) => g.resource)).toContain("clusternetworkpolicies");
    const aliceCsv = await download(page, "Export connections CSV");
    expect(aliceCsv).toContain("(not visible),clusternetworkpolicies,");
  });

  test("bob's headline counts the expected system:masters default apart, in its own words and shape", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, "bob", "/");
    const api = (await (await page.request.get("/api/overview")).json()) as {
      overview: { rbac: { expectedDefaults: { known: boolean; value: number } } };
    };
    expect(api.overview.rbac.expectedDefaults).toMatchObject({ known: true });
    expect(api.overview.rbac.expectedDefaults.value).toBeGreaterThan(0);
    const rbac = page.getByRole("region", { name: "Access (RBAC)", exact: true });
    await expect(rbac.getByTestId("expected-defaults")).toContainText(
      `expected default: ${api.overview.rbac.expectedDefaults.value}, counted apart`,
    );
    // A certificate status never says "critical", the word of a finding severity.
    const certs = page.getByRole("region", { name: "Certificates", exact: true });
    await expect(certs).toContainText("renew now");
    const findings = (await (await page.request.get("/api/findings/export?area=all&format=json")).json()) as {
      counts: { expectedDefaults: { known: boolean } };
      gaps: { resource: string }[];
    };
    expect(findings.counts.expectedDefaults.known).toBe(false);
    expect(findings.gaps.map((g) => g.resource)).toEqual(["secrets"]);
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });
});
