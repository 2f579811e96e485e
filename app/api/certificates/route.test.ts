import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { createRoute } from "@/lib/http/create-route";
import type { Snapshot } from "@/lib/model/types";

// GET /api/certificates through the real route wrapper, with the session and the viewer context replaced by
// a signed-in viewer of the demo (the real ones need next-auth; e2e covers them).

let snapshot: Snapshot;
vi.mock("@/lib/sources/viewer-context", () => ({
  getViewerContext: async () => ({
    viewer: { name: "bob", groups: [] },
    mode: "snapshot",
    snapshot,
    memo: <T>(_name: string, compute: () => T): T => compute(),
    now: new Date(),
  }),
}));
vi.mock("@/lib/http/route", () => ({
  route: createRoute({
    readViewer: async () => ({ name: "bob", groups: [] }),
    audit: () => undefined,
    clock: () => 0,
    logError: () => undefined,
  }),
}));

beforeAll(async () => {
  snapshot = await loadDemoSnapshot(new Date());
});

describe("GET /api/certificates", () => {
  it("answers the inventory of a namespace without certificate bytes", async () => {
    const { GET } = await import("@/app/api/certificates/route");
    const response = await GET(new Request("http://localhost/api/certificates?ns=t75"));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain("BEGIN CERTIFICATE");
    const body = JSON.parse(text) as {
      certificates: { namespace?: string; sourceName: string }[];
      byStatus: Record<string, number>;
    };
    expect(body.certificates.every((c) => c.namespace === undefined || c.namespace === "t75")).toBe(true);
    expect(body.certificates.some((c) => c.sourceName === "accounting-secret")).toBe(true);
    expect(Object.keys(body.byStatus).sort()).toEqual([
      "critical",
      "expired",
      "not-yet-valid",
      "ok",
      "warning",
    ]);
  });

  it("refuses a malformed namespace and any method but GET", async () => {
    const { GET, POST } = await import("@/app/api/certificates/route");
    expect((await GET(new Request("http://localhost/api/certificates?ns=Not_A_Namespace"))).status).toBe(400);
    expect((await POST(new Request("http://localhost/api/certificates", { method: "POST" }))).status).toBe(
      405,
    );
  });
});
