import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layer boundaries are enforced by eslint.config.mjs, not hoped for: this lints files that would break
// them (as they would stand in a commit) with the project's own configuration and expects the rule to refuse.

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .length;
}

// Loading the configuration (Next.js's plugins) takes seconds, more on a busy machine.
describe("the layer boundaries", { timeout: 120_000 }, () => {
  it("refuse next, react, client-node, node:fs, node:net and lib/sources in an engine", async () => {
    const sources = [
      "next/server",
      "react",
      "@kubernetes/client-node",
      "node:fs",
      "node:net",
      "@/lib/sources/load-manifests",
    ];
    const code = sources
      .map((s, i) => `import * as m${i} from "${s}";\nexport const used${i} = m${i};\n`)
      .join("");
    expect(await restrictedImports("lib/netpol/boundary-probe.ts", code)).toBe(sources.length);
  });

  it("let a view or a source import what an engine may not", async () => {
    const code = `import { readFile } from "node:fs/promises";\nexport const read = readFile;\n`;
    expect(await restrictedImports("lib/netpol/boundary-probe.ts", code)).toBe(1);
    expect(await restrictedImports("lib/sources/boundary-probe.ts", code)).toBe(0);
  });

  it("refuse a server module in a client component", async () => {
    // The rule covers the files that start with "use client" when the lint starts; this one is such a file.
    const code = `"use client";\nimport { getViewerContext } from "@/lib/sources/viewer-context";\nexport const f = getViewerContext;\n`;
    expect(await restrictedImports("components/report/print-button.tsx", code)).toBe(1);
  });
});
