import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInput } from "@/lib/cli/load-input";

describe("loading the vigil command's manifests", () => {
  it("writes one warning line per content problem to stderr, naming file, document and field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-cli-input-"));
    writeFileSync(
      join(dir, "m.yaml"),
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: x}]}\n---\napiVersion: x/v1\nkind: Gizmo\nmetadata: {name: g}\n",
    );
    const lines: string[] = [];
    const s = await loadInput([dir], (l) => lines.push(l));
    expect(s.services).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringMatching(
        /^vigil: warning: .*m\.yaml \(document 1\) Service s: spec\.ports\[0\]\.port expected a whole number/,
      ),
      expect.stringMatching(
        /^vigil: warning: .*m\.yaml \(document 2\): kind Gizmo \(x\/v1\) is not read by Vigil/,
      ),
    ]);
  });
});
