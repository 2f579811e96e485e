import { VigilError } from "@/lib/errors";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import type { NetworkPolicy } from "@/lib/model/types";
import { WHAT_IF_LIMITS } from "@/lib/views/what-if-answer";

// The what-if editor's text: base64url YAML (or JSON) holding one or more NetworkPolicies, decoded and mapped
// by the same loader as every manifest, so a policy means exactly what it would mean in a manifest set.

export interface ParsedPolicies {
  policies: NetworkPolicy[];
  /** Loader warnings (a field of the wrong type, an ignored kind). */
  warnings: string[];
}

export function decodePolicyParam(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(encoded)) {
    throw new VigilError("bad-input", "the policy parameter must be base64url-encoded text");
  }
  const bytes = Buffer.from(encoded, "base64url");
  if (bytes.length > WHAT_IF_LIMITS.textBytes) {
    throw new VigilError(
      "too-large",
      `the policy text is ${bytes.length} bytes; the what-if editor takes at most ${WHAT_IF_LIMITS.textBytes} bytes`,
    );
  }
  const text = bytes.toString("utf8");
  if (text.trim().length === 0) throw new VigilError("bad-input", "the policy text is empty");
  return text;
}

export function parsePolicyText(text: string, takenAt: string): ParsedPolicies {
  // parseManifestText throws VigilError("invalid-manifest") with the document and line of a syntax error.
  const inputs = parseManifestText(text, text.trimStart().startsWith("{") ? "what-if.json" : "what-if.yaml");
  const warnings: string[] = [];
  const kept = inputs.filter((input, i) => {
    const o = input.object as { kind?: unknown; apiVersion?: unknown } | null;
    const isPolicy = o !== null && typeof o === "object" && o.kind === "NetworkPolicy";
    if (!isPolicy) {
      warnings.push(
        `document ${i + 1} is not a NetworkPolicy (kind ${String(o?.kind ?? "missing")}): ignored`,
      );
      return false;
    }
    if (o.apiVersion !== "networking.k8s.io/v1") {
      throw new VigilError(
        "bad-input",
        `document ${i + 1}: apiVersion must be networking.k8s.io/v1, not "${String(o.apiVersion ?? "")}"`,
      );
    }
    return true;
  });
  const snapshot = buildSnapshot(kept, { kind: "manifests", name: "what-if", takenAt });
  for (const w of snapshot.warnings) {
    warnings.push(
      `${w.document ? `document ${w.document}: ` : ""}${w.field ? `${w.field}: ` : ""}${w.message}`,
    );
  }
  if (snapshot.networkPolicies.length === 0) {
    throw new VigilError("bad-input", "the text holds no NetworkPolicy (apiVersion networking.k8s.io/v1)");
  }
  return { policies: [...snapshot.networkPolicies], warnings };
}
