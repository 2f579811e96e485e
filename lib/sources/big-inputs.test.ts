import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { matchesSelector } from "@/lib/model/match-selector";
import { MAX_EXPANDED_NODES, parseManifestText } from "@/lib/model/parse-manifest-text";
import { loadManifests } from "@/lib/sources/load-manifests";

// Inputs an attacker (or a big cluster's `kubectl get -o json`) can hand the loader.

const root = mkdtempSync(join(tmpdir(), "vigil-big-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof VigilError ? err.code : `not a VigilError: ${String(err)}`;
  }
}

describe("big inputs", () => {
  it("loads a List of 200,000 objects without overflowing the stack", async () => {
    const items = Array.from({ length: 200_000 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: `ns-${i}` },
    }));
    const file = join(root, "big.json");
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    const snapshot = await loadManifests([file]);
    expect(snapshot.namespaces).toHaveLength(200_000);
  });

  it("refuses YAML whose aliases expand past the node bound, with too-large, before expanding them", () => {
    // About 1 KB of text; ten levels of ten aliases each would be 10^10 nodes.
    const lines = [
      "p0: &p0 {apiVersion: v1, kind: Pod, metadata: {name: x, namespace: d}, spec: {containers: [{name: c, image: i}]}}",
    ];
    for (let i = 1; i <= 10; i++)
      lines.push(
        `p${i}: &p${i} [${Array(10)
          .fill(`*p${i - 1}`)
          .join(", ")}]`,
      );
    const text = `apiVersion: v1\nkind: List\nitems:\n${lines.map((l) => `  - ${l}`).join("\n")}\n`;
    expect(codeOf(() => parseManifestText(text, "expand.yaml"))).toBe("too-large");
    expect(() => parseManifestText(text, "expand.yaml")).toThrow(String(MAX_EXPANDED_NODES));
  });

  it("still reads YAML with a few aliases", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: &l {x: y}, annotations: *l}\n";
    expect(parseManifestText(text, "ok.yaml")).toHaveLength(1);
  });

  it("calls an unresolved alias what it is, not an alias bomb", () => {
    const text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: &l {x: y}, annotations: *nope}\n";
    let message = "";
    try {
      parseManifestText(text, "typo.yaml");
    } catch (err) {
      expect(err).toBeInstanceOf(VigilError);
      expect((err as VigilError).code).toBe("invalid-manifest");
      message = (err as VigilError).message;
    }
    expect(message).toMatch(/nope/);
    expect(message).not.toMatch(/bomb|too many/i);
  });

  it("refuses a key given twice in JSON as it does in YAML", () => {
    const json = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b"}}';
    expect(codeOf(() => parseManifestText(json, "dup.json"))).toBe("invalid-manifest");
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n";
    expect(codeOf(() => parseManifestText(yaml, "dup.yaml"))).toBe("invalid-manifest");
    // The same key in sibling objects, escaped keys and keys inside strings are fine.
    const fine = '{"a":{"k":1},"b":{"k":2},"c":"\\"k\\":\\"k\\"","d":[{"k":1},{"k":2}],"e\\u0041":1,"eA2":2}';
    expect(codeOf(() => parseManifestText(fine, "fine.json"))).toBeUndefined();
    expect(codeOf(() => parseManifestText('{"eA":1,"e\\u0041":2}', "esc.json"))).toBe("invalid-manifest");
  });
});

describe("a __proto__ label key", () => {
  for (const [name, text] of [
    [
      "policy.yaml",
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: d, name: p}
spec: {podSelector: {matchLabels: {__proto__: x}}, policyTypes: [Ingress]}
---
apiVersion: v1
kind: Pod
metadata: {namespace: d, name: plain, labels: {app: web}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {namespace: d, name: marked, labels: {__proto__: x}}
spec: {containers: [{name: c, image: i}]}
`,
    ],
    [
      "policy.json",
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [
          {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { namespace: "d", name: "p" },
            spec: {
              podSelector: { matchLabels: JSON.parse('{"__proto__":"x"}') as object },
              policyTypes: ["Ingress"],
            },
          },
          {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { namespace: "d", name: "plain", labels: { app: "web" } },
            spec: { containers: [{ name: "c", image: "i" }] },
          },
          {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { namespace: "d", name: "marked", labels: JSON.parse('{"__proto__":"x"}') as object },
            spec: { containers: [{ name: "c", image: "i" }] },
          },
        ],
      }),
    ],
  ] as const) {
    it(`stays data and selects only pods carrying it (${name})`, async () => {
      const file = join(root, name);
      writeFileSync(file, text);
      const snapshot = await loadManifests([file]);
      const policy = snapshot.networkPolicies[0];
      expect(policy).toBeDefined();
      if (!policy) return;
      expect(Object.keys(policy.podSelector.matchLabels)).toEqual(["__proto__"]);
      const selected = snapshot.pods
        .filter((p) => matchesSelector(policy.podSelector, p.labels))
        .map((p) => p.name);
      expect(selected).toEqual(["marked"]);
    });
  }
});
