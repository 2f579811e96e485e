import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manifestFingerprint } from "@/lib/sources/manifest-fingerprint";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-fingerprint-"));
  mkdirSync(join(dir, "ns"));
  writeFileSync(join(dir, "ns", "a.yaml"), "kind: Namespace\n");
  writeFileSync(join(dir, "b.yaml"), "kind: Pod\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the fingerprint of snapshot mode's files", () => {
  it("stays the same while nothing changes, so the loaded snapshot is kept", async () => {
    expect(await manifestFingerprint([dir])).toBe(await manifestFingerprint([dir]));
  });

  it("changes when a file deep in a directory is rewritten, even to the same size", async () => {
    const before = await manifestFingerprint([dir]);
    writeFileSync(join(dir, "ns", "a.yaml"), "kind: Namespacf\n");
    utimesSync(join(dir, "ns", "a.yaml"), new Date(1), new Date(2_000_000_000_000));
    expect(await manifestFingerprint([dir])).not.toBe(before);
  });

  it("changes when a file is added or removed, and names a path that cannot be read", async () => {
    const before = await manifestFingerprint([dir]);
    writeFileSync(join(dir, "ns", "c.yaml"), "kind: Service\n");
    const added = await manifestFingerprint([dir]);
    expect(added).not.toBe(before);
    rmSync(join(dir, "b.yaml"));
    expect(await manifestFingerprint([dir])).not.toBe(added);
    expect(await manifestFingerprint([join(dir, "missing.yaml")])).toContain("ENOENT");
  });

  it("skips hidden entries as the loader does", async () => {
    const before = await manifestFingerprint([dir]);
    writeFileSync(join(dir, ".editor-swap"), "x");
    expect(await manifestFingerprint([dir])).toBe(before);
  });
});
