import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { certsCommands } from "@/lib/cli/certs";
import { loadInput } from "@/lib/cli/load-input";

// `vigil certs scan` on inputs that are not manifests: a warning on stderr and `unreadable` in the JSON,
// never an empty inventory that looks like an all-clear, and never a hang.

const root = mkdtempSync(join(tmpdir(), "vigil-unreadable-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface ScanOutput {
  certificates: unknown[];
  unreadable: { path: string; reason: string }[];
}

async function scan(path: string): Promise<{ out: ScanOutput; stderr: string[] }> {
  const command = certsCommands.find((c) => c.name === "certs scan");
  if (!command) throw new Error("no certs scan");
  const stderr: string[] = [];
  // The same loading as the command, to see its stderr lines.
  await loadInput([path], (l) => stderr.push(l));
  const out = (await command.run(["--manifests", path, "--now", "2026-01-01"])) as ScanOutput;
  return { out, stderr };
}

describe("vigil certs scan on unreadable input", () => {
  it("says a malformed PEM file could not be read", async () => {
    const file = join(root, "bad.pem");
    writeFileSync(file, "-----BEGIN CERTIFICATE-----\nMIIBnot base64!!\n-----END CERTIFICATE-----\n");
    const { out, stderr } = await scan(file);
    expect(out.certificates).toEqual([]);
    expect(out.unreadable.map((u) => u.path)).toEqual([expect.stringContaining("bad.pem")]);
    expect(stderr.join("")).toMatch(/vigil: warning: .*bad\.pem/);
  });

  it("never opens /dev/zero", async () => {
    const { out, stderr } = await scan("/dev/zero");
    expect(out.unreadable).toEqual([
      { path: "/dev/zero", reason: expect.stringContaining("character device") },
    ]);
    expect(stderr.join("")).toContain("/dev/zero");
  });

  it("never opens a FIFO (which would block forever)", async () => {
    const fifo = join(root, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const { out } = await scan(fifo);
    expect(out.unreadable).toEqual([{ path: fifo, reason: expect.stringContaining("FIFO") }]);
    // Inside a directory too, when it has a manifest's name.
    const inDir = await scan(root);
    expect(inDir.out.unreadable.map((u) => u.path)).toContain(fifo);
  });
});
