import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { manifestFiles, toManifestObject } from "@/lib/cli/snapshot";
import { snapshotCommands } from "@/lib/cli/snapshot-command";
import { loadDemoObjects } from "@/lib/sources/demo-source";
import type { RawObject } from "@/lib/sources/live/read-objects";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { loadManifests } from "@/lib/sources/load-manifests";
import type { Snapshot } from "@/lib/model/types";

const NOW = new Date("2026-11-23T08:00:00.000Z");
const command = snapshotCommands[0];

async function demoObjects(): Promise<RawObject[]> {
  return (await loadDemoObjects(NOW)).map((i) => i.object as RawObject);
}

describe("vigil snapshot", () => {
  it("writes one kind: List file per kind, names sorted, and nothing of a Secret but metadata, type and key names", async () => {
    const files = manifestFiles([
      { apiVersion: "v1", kind: "Pod", metadata: { namespace: "b", name: "x", managedFields: [{}] } },
      { apiVersion: "v1", kind: "Pod", metadata: { namespace: "a", name: "y" } },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { namespace: "a", name: "tls" },
        type: "kubernetes.io/tls",
        data: { "tls.crt": "Y2VydA==", "ca.crt": "Y2E=" },
      },
    ]);
    expect(files.map((f) => f.file)).toEqual(["pods.yaml", "secrets.yaml"]);
    expect(files[0]?.items.map((o) => (o["metadata"] as { name: string }).name)).toEqual(["y", "x"]);
    expect(files[0]?.items[1]?.["metadata"]).toEqual({ namespace: "b", name: "x" });
    expect(files[1]?.items[0]).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { namespace: "a", name: "tls" },
      type: "kubernetes.io/tls",
      data: { "tls.crt": "", "ca.crt": "" },
    });
  });

  it("round-trips the demo cluster: loading the written files gives the snapshot of the objects themselves", async () => {
    const objects = await demoObjects();
    const dir = mkdtempSync(join(tmpdir(), "vigil-snapshot-"));
    for (const f of manifestFiles(objects)) {
      writeFileSync(join(dir, f.file), stringify({ apiVersion: "v1", kind: "List", items: f.items }));
    }
    const source = { kind: "manifests" as const, name: "x", takenAt: NOW.toISOString() };
    const loaded = { ...(await loadManifests([dir])), source };
    const direct = buildSnapshot(
      objects.map((o, i) => ({ object: toManifestObject(o), origin: { document: i + 1 } })),
      source,
    );
    expect(loaded.warnings).toEqual([]);
    const sortAll = (s: Snapshot) =>
      Object.fromEntries(
        Object.entries(s).map(([k, v]) => [
          k,
          Array.isArray(v) ? [...(v as unknown[])].map((x) => JSON.stringify(x)).sort() : v,
        ]),
      );
    expect(sortAll(loaded)).toEqual(sortAll(direct));
    // Every demo object is in some file (the demo uses only kinds Vigil reads).
    const written = readdirSync(dir).flatMap(
      (f) => (parse(readFileSync(join(dir, f), "utf8")) as { items: unknown[] }).items,
    );
    expect(written).toHaveLength(objects.length);
    const secrets = written.filter((o) => (o as RawObject)["kind"] === "Secret") as RawObject[];
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(Object.values((secret["data"] ?? {}) as Record<string, string>).every((v) => v === "")).toBe(
        true,
      );
    }
  });

  it("rejects a missing --out, a missing kubeconfig file and an unknown context as bad input", async () => {
    expect(command?.name).toBe("snapshot");
    await expect(command?.run([])).rejects.toMatchObject({ code: "bad-input" });
    await expect(
      command?.run(["--out", "/tmp/x", "--kubeconfig", "/nonexistent/kubeconfig"]),
    ).rejects.toMatchObject({
      code: "unreadable-path",
    });
    const dir = mkdtempSync(join(tmpdir(), "vigil-kubeconfig-"));
    const file = join(dir, "config");
    writeFileSync(
      file,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:1" } }],
        users: [{ name: "u", user: {} }],
        contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
        "current-context": "ctx",
      }),
    );
    await expect(
      command?.run(["--out", dir, "--kubeconfig", file, "--context", "nope"]),
    ).rejects.toMatchObject({
      code: "bad-input",
    });
  });

  it("reports an unreachable cluster as unavailable instead of writing an empty snapshot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-kubeconfig-"));
    const file = join(dir, "config");
    writeFileSync(
      file,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:1" } }],
        users: [{ name: "u", user: {} }],
        contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
        "current-context": "ctx",
      }),
    );
    await expect(command?.run(["--out", join(dir, "out"), "--kubeconfig", file])).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});
