import { VigilError } from "@/lib/errors";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import type { ClusterNetworkPolicy } from "@/lib/model/cluster-policy-types";
import { clusterPolicyKindOf } from "@/lib/model/map-cluster-policies";
import type { NetworkPolicy } from "@/lib/model/types";
import { WHAT_IF_LIMITS } from "@/lib/views/what-if-answer";

// The what-if editor's text: base64url YAML (or JSON) holding one or more NetworkPolicies or cluster-tier
// policies (ClusterNetworkPolicy v1alpha2/v1beta1, AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1,
// docs/semantics.md §1b), decoded and mapped by the same loader as every manifest, so a policy means exactly
// what it would mean in a manifest set.

const CLUSTER_KINDS: Record<string, string> = {
  ClusterNetworkPolicy: "policy.networking.k8s.io/v1beta1 or v1alpha2",
  AdminNetworkPolicy: "policy.networking.k8s.io/v1alpha1",
  BaselineAdminNetworkPolicy: "policy.networking.k8s.io/v1alpha1",
};

export interface ParsedPolicies {
  policies: NetworkPolicy[];
  clusterPolicies: ClusterNetworkPolicy[];
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
    const kind = o !== null && typeof o === "object" ? o.kind : undefined;
    const apiVersion = String((o as { apiVersion?: unknown } | null)?.apiVersion ?? "");
    if (kind === "NetworkPolicy") {
      if (apiVersion !== "networking.k8s.io/v1")
        throw new VigilError(
          "bad-input",
          `document ${i + 1}: a NetworkPolicy's apiVersion must be networking.k8s.io/v1, not "${apiVersion}"`,
        );
      return true;
    }
    if (typeof kind === "string" && kind in CLUSTER_KINDS) {
      if (!clusterPolicyKindOf(kind, apiVersion))
        throw new VigilError(
          "bad-input",
          `document ${i + 1}: a ${kind}'s apiVersion must be ${CLUSTER_KINDS[kind]}, not "${apiVersion}"`,
        );
      return true;
    }
    warnings.push(
      `document ${i + 1} is not a NetworkPolicy or a cluster-tier policy (kind ${String(kind ?? "missing")}): ignored`,
    );
    return false;
  });
  const snapshot = buildSnapshot(kept, { kind: "manifests", name: "what-if", takenAt });
  for (const w of snapshot.warnings) {
    warnings.push(
      `${w.document ? `document ${w.document}: ` : ""}${w.field ? `${w.field}: ` : ""}${w.message}`,
    );
  }
  if (snapshot.networkPolicies.length === 0 && snapshot.clusterNetworkPolicies.length === 0) {
    throw new VigilError(
      "bad-input",
      "the text holds no NetworkPolicy (networking.k8s.io/v1) and no ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io)",
    );
  }
  return {
    policies: [...snapshot.networkPolicies],
    clusterPolicies: [...snapshot.clusterNetworkPolicies],
    warnings,
  };
}
