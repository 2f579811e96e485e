import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUNDLE, OUT_DIR, ROOT, staleReason } from "@/dev/scripts/build-cli.mjs";
import packageJson from "@/package.json" with { type: "json" };

const trees: string[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A checkout in miniature: the CLI's entry, one more source, and a bundle built from both at time `builtAt`. */
function tree(builtAt: number): string {
  const root = mkdtempSync(join(tmpdir(), "vigil-cli-build-"));
  trees.push(root);
  const write = (path: string, text: string, mtimeSeconds: number) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), mtimeSeconds, mtimeSeconds);
  };
  write("lib/cli/main.ts", "export {};\n", builtAt - 60);
  write("lib/errors.ts", "export {};\n", builtAt - 60);
  write("dist/cli/inputs.json", JSON.stringify({ inputs: ["lib/cli/main.ts", "lib/errors.ts"] }), builtAt);
  write("dist/cli/vigil.mjs", "", builtAt);
  return root;
}

describe("the compiled CLI's freshness check", () => {
  const builtAt = 1_900_000_000;

  it("finds a bundle current when every source it was built from is older", () => {
    expect(staleReason(tree(builtAt))).toBeUndefined();
  });

  it("names the source that changed after the build", () => {
    const root = tree(builtAt);
    utimesSync(join(root, "lib/errors.ts"), builtAt + 1, builtAt + 1);
    expect(staleReason(root)).toBe("lib/errors.ts changed since it was built");
  });

  it("names a source that was deleted since the build", () => {
    const root = tree(builtAt);
    rmSync(join(root, "lib/errors.ts"));
    expect(staleReason(root)).toBe("lib/errors.ts is gone since it was built");
  });

  it("asks for a build when there is no bundle or no list of its sources", () => {
    const noBundle = tree(builtAt);
    rmSync(join(noBundle, "dist/cli/vigil.mjs"));
    expect(staleReason(noBundle)).toBe("it has not been built yet");
    const noInputs = tree(builtAt);
    rmSync(join(noInputs, "dist/cli/inputs.json"));
    expect(staleReason(noInputs)).toBe("it has not been built yet");
  });

  it("runs a bundle as it is where there are no sources to compare it with", () => {
    const root = tree(builtAt);
    rmSync(join(root, "lib"), { recursive: true });
    expect(staleReason(root)).toBeUndefined();
  });
});

/** The files a module loads as soon as it is imported (static imports, followed through local chunks). */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gm)) {
    const spec = m[1] ?? "";
    if (seen.has(spec)) continue;
    seen.add(spec);
    if (spec.startsWith("./")) staticImports(join(dirname(file), spec), seen);
  }
  return seen;
}

describe("the compiled `vigil`", () => {
  it("answers --version from the bundle with the package's version and nothing on stderr", () => {
    const run = spawnSync(process.execPath, ["bin/vigil.mjs", "--version"], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`vigil ${packageJson.version}\n`);
    expect(run.status).toBe(0);
  });

  it("loads @kubernetes/client-node only when `vigil snapshot` runs, in a chunk of its own", () => {
    expect([...staticImports(BUNDLE)]).not.toContain("@kubernetes/client-node");
    const lazy = [...readFileSync(BUNDLE, "utf8").matchAll(/import\("(\.\/chunk-[^"]+)"\)/g)].map(
      (m) => m[1] ?? "",
    );
    expect(lazy.some((c) => staticImports(join(OUT_DIR, c)).has("@kubernetes/client-node"))).toBe(true);
  });
});
