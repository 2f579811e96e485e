import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { FindingList } from "@/components/overview/finding-list";
import { RiskBars } from "@/components/overview/risk-bars";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import type { Snapshot } from "@/lib/model/types";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";

// The finding lists as carol (signed in, granted nothing) sees them: every list is unknown, with why, never the
// all-clear "No findings." (docs/overview.md "Unknown figures"). The pages render with the viewer context
// replaced by the demo gated as carol's RBAC allows (the real one needs a session: e2e covers that path).

const now = new Date("2031-03-15T09:00:00Z");
let snapshot: Snapshot;
vi.mock("@/lib/sources/viewer-context", () => ({
  getViewerContext: async () => ({
    viewer: { name: "carol@example.com", groups: [] },
    mode: "snapshot",
    snapshot,
    memo: <T,>(_name: string, compute: () => T): T => compute(),
    now,
  }),
}));

// The who-can form's suggestions read the session in token mode; snapshot mode needs only the snapshot.
vi.mock("@/lib/sources/viewer-request-suggestions", async () => {
  const { requestSuggestions } = await import("@/lib/sources/request-suggestions");
  return {
    viewerRequestSuggestions: (ctx: { snapshot: Snapshot }) =>
      requestSuggestions("snapshot", ctx.snapshot, ""),
  };
});

beforeAll(async () => {
  const demo = await loadDemoSnapshot(now);
  snapshot = gateSnapshot(demo, rbacDecide(demo, { name: "carol@example.com", groups: [] }));
});

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("finding lists as carol sees them", () => {
  it("an empty list with reasons reads unknown and says why; without reasons it is a plain none", () => {
    const unknown = text(
      renderToStaticMarkup(
        <FindingList findings={[]} unknown={["you may not list roles in any namespace"]} href={() => "/"} />,
      ),
    );
    expect(unknown).toContain("Findings unknown: none among what you may read");
    expect(unknown).toContain("you may not list roles in any namespace");
    expect(unknown).not.toContain("No findings.");
    expect(text(renderToStaticMarkup(<FindingList findings={[]} unknown={[]} href={() => "/"} />))).toBe(
      "No findings.",
    );
    const bars = renderToStaticMarkup(<RiskBars bars={[]} unknown={["you may not list roles"]} />);
    expect(bars).toContain("Risky grants unknown");
    expect(bars).toContain('title="you may not list roles"');
    expect(text(renderToStaticMarkup(<RiskBars bars={[]} unknown={[]} />))).toBe("No risky grants.");
  });

  it("the overview: each panel's findings and the risk bars unknown, none an all-clear", async () => {
    expect(snapshot.gaps.length).toBeGreaterThan(0);
    const { default: OverviewPage } = await import("@/app/page");
    const html = renderToStaticMarkup(await OverviewPage({ searchParams: Promise.resolve({}) }));
    expect(html).not.toContain("No findings.");
    expect(html).not.toContain("No risky grants.");
    expect(html.match(/data-testid="findings-unknown"/g)?.length).toBe(4);
    expect(html).toContain('data-testid="risk-bars-unknown"');
  });

  it("the Access page and carol's own subject page: unknown with the reasons and whom to ask", async () => {
    const { default: AccessPage } = await import("@/app/access/page");
    const access = renderToStaticMarkup(await AccessPage({ searchParams: Promise.resolve({}) }));
    expect(access).not.toContain("No findings.");
    const unknown = /<p[^>]*data-testid="findings-unknown"[^>]*>.*?<\/p>/.exec(access)?.[0] ?? "";
    expect(text(unknown)).toMatch(/^Findings unknown: none among what you may read, .*you may not list/);
    expect(unknown).toContain('data-testid="access-contact"');
    const { default: SubjectPage } = await import("@/app/access/subjects/[kind]/[...name]/page");
    const subject = renderToStaticMarkup(
      await SubjectPage({
        params: Promise.resolve({ kind: "User", name: ["carol@example.com"] }),
        searchParams: Promise.resolve({}),
      }),
    );
    expect(subject).not.toContain("No findings.");
    expect(subject).toContain('data-testid="findings-unknown"');
  });
});
