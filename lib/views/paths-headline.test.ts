import { beforeAll, describe, expect, it } from "vitest";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import { emptySnapshot, type Snapshot } from "@/lib/model/types";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { pathsHeadline } from "@/lib/views/paths-headline";

// The overview's attack-path headline: the worst thing the internet reaches, and never an all-clear said to a
// viewer from whom parts of the graph are hidden.

let demo: Snapshot;
const as = (groups: string[], name: string) => gateSnapshot(demo, rbacDecide(demo, { name, groups }));
beforeAll(async () => {
  demo = await loadDemoSnapshot(new Date("2026-03-01T00:00:00Z"));
});

describe("the overview's attack-path headline", () => {
  it("tells bob the internet reaches cluster-admin in 5 hops, critical, linking to those paths", () => {
    const h = pathsHeadline(as(["security-reviewers"], "bob@example.com"));
    expect(h).toMatchObject({
      text: "The internet reaches cluster-admin in 5 hops",
      severity: "critical",
      href: "/paths?to=cluster-admin",
    });
  });

  it("says unknown, not 'reaches neither', to alice and carol, who find no path among what they may see", () => {
    for (const [groups, name] of [
      [["team-frontend"], "alice@example.com"],
      [[], "carol@example.com"],
    ] as const) {
      const h = pathsHeadline(as([...groups], name));
      expect(h.hidden).toBe(true);
      expect(h.severity).toBe("unknown");
      expect(h.text).toBe(
        "Unknown whether the internet reaches cluster-admin, a node, Secrets or cloud credentials: no path among what you may see",
      );
      expect(h.text).not.toMatch(/neither/);
      expect(h.detail).toMatch(/identities reaching cluster-admin: unknown/);
    }
  });

  it("gives the all-clear only when nothing is hidden and no path exists", () => {
    const h = pathsHeadline(emptySnapshot());
    expect(h).toMatchObject({
      text: "The internet reaches neither cluster-admin, a node, Secrets nor cloud credentials",
      severity: "none",
      hidden: false,
    });
    expect(h.detail).toBe(
      "0 identities reach cluster-admin · pods of 0 namespaces reach cluster-admin or a node",
    );
  });
});
