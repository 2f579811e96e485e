import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { paths, REPO_ROOT } from "@/dev/cluster/config";
import { kubeConfigOf, requireControlPlane } from "@/dev/cluster/live-testing";
import { toManifestObject, type SnapshotResult } from "@/lib/cli/snapshot";
import { snapshotCommands } from "@/lib/cli/snapshot-command";
import { readObjects } from "@/lib/sources/live/read-objects";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { loadManifests } from "@/lib/sources/load-manifests";
import type { Snapshot } from "@/lib/model/types";

// `vigil snapshot` of the live control plane round-trips: the written manifests load into the same snapshot
// as reading the cluster live (modulo `source`, and Secrets, which are written as metadata only).

beforeAll(() => requireControlPlane());

const SOURCE = { kind: "manifests" as const, name: "-", takenAt: "2026-11-23T00:00:00.000Z" };

/** Every list sorted, so that the order of the files or of the API's answers does not matter. */
function canonical(s: Snapshot): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({ ...s, source: SOURCE }).map(([k, v]) => [
      k,
      Array.isArray(v) ? (v as unknown[]).map((x) => JSON.stringify(x)).sort() : v,
    ]),
  );
}

describe("vigil snapshot against the live control plane", () => {
  it("round-trips: the written manifests load into the snapshot of the live cluster", async () => {
    const out = mkdtempSync(join(tmpdir(), "vigil-live-snapshot-"));
    const command = snapshotCommands.find((c) => c.name === "snapshot");
    const result = (await command?.run([
      "--out",
      out,
      "--kubeconfig",
      paths.adminKubeconfig,
    ])) as SnapshotResult;
    expect(result.gaps).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(result.files.map((f) => f.file).sort());
    expect(result.files.find((f) => f.kind === "Secret")?.count).toBeGreaterThan(0);

    const live = await readObjects({ kubeConfig: kubeConfigOf("admin"), includeTlsSecrets: true });
    const fromLive = buildSnapshot(
      live.objects.map((o, i) => ({ object: toManifestObject(o), origin: { document: i + 1 } })),
      SOURCE,
    );
    const fromFiles = await loadManifests([out]);
    expect(fromFiles.warnings).toEqual([]);
    expect(canonical(fromFiles)).toEqual(canonical(fromLive));
    // Not a trivial equality: the cluster is really in there.
    expect(fromFiles.pods.length).toBeGreaterThan(0);
    expect(fromFiles.roles.length).toBeGreaterThan(50);
    // Secrets: metadata only.
    expect(fromFiles.secrets.length).toBeGreaterThan(0);
    expect(fromFiles.secrets.every((s) => s.tls?.certificate === undefined)).toBe(true);
  });

  it("runs as `npx vigil snapshot` with Vigil's read-only identity, printing one JSON document", async () => {
    const out = mkdtempSync(join(tmpdir(), "vigil-cli-snapshot-"));
    const { stdout } = await promisify(execFile)(
      "npx",
      ["vigil", "snapshot", "--out", out, "--kubeconfig", paths.vigilKubeconfig],
      { cwd: REPO_ROOT },
    );
    const result = JSON.parse(stdout) as SnapshotResult;
    // The ServiceAccount may not read Secrets: one gap per namespace, and no secrets file.
    expect(result.gaps.length).toBeGreaterThan(0);
    expect(result.gaps.every((g) => g.resource === "secrets" && g.status === "forbidden")).toBe(true);
    expect(readdirSync(out)).not.toContain("secrets.yaml");
    expect(readdirSync(out)).toContain("pods.yaml");
    // What it could not read is saved too, and a snapshot opened from the directory says so.
    expect(readdirSync(out)).toContain("access-gaps.yaml");
    const opened = await loadManifests([out]);
    expect(opened.gaps).toEqual(result.gaps);
  });
});
