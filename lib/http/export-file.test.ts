import { describe, expect, it } from "vitest";
import { exportFileName, exportFormat, exportResponse } from "@/lib/http/export-file";
import type { Snapshot } from "@/lib/model/types";

// Every export route answers through this helper: the same file names, header and download headers.

const snapshot = {
  source: { name: "demo", kind: "manifests", takenAt: "2026-11-30T10:00:00.000Z" },
} as Snapshot;
const now = new Date("2026-11-30T12:34:56.789Z");
const viewer = { name: "alice", groups: [] };

describe("an export file", () => {
  it("is named by what it holds, the namespace and the UTC second, and defaults to JSON", () => {
    expect(exportFileName("network-policies", "shop", now, "csv")).toBe(
      "vigil-network-policies-shop-2026-11-30-12-34-56.csv",
    );
    expect(exportFileName("paths", undefined, now, "json")).toBe("vigil-paths-2026-11-30-12-34-56.json");
    expect(exportFormat.parse(undefined)).toBe("json");
    expect(exportFormat.safeParse("xml").success).toBe(false);
  });

  it("starts a JSON file with who made it from which snapshot, and is never cached", async () => {
    const res = exportResponse({
      what: "findings-all",
      format: "json",
      snapshot,
      viewer,
      now,
      csv: () => "never",
      json: (header) => ({ ...header, findings: [] }),
    });
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(
      'attachment; filename="vigil-findings-all-2026-11-30-12-34-56.json"',
    );
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({
      generatedAt: "2026-11-30T12:34:56.789Z",
      generatedBy: "alice",
      cluster: "demo",
      snapshotTakenAt: "2026-11-30T10:00:00.000Z",
      findings: [],
    });
  });

  it("writes the CSV as the route renders it", async () => {
    const res = exportResponse({
      what: "paths",
      namespace: "shop",
      format: "csv",
      snapshot,
      viewer,
      now,
      csv: () => "a,b\n1,2\n",
      json: () => ({}),
    });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(await res.text()).toBe("a,b\n1,2\n");
  });
});
