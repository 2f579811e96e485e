import { WHAT_IF_LIMITS } from "@/lib/views/what-if-answer";
import { describe, expect, it } from "vitest";
import { decodePolicyParam, parsePolicyText } from "@/app/api/network/what-if/parse-policy-text";
import { VigilError } from "@/lib/errors";

const enc = (s: string) => Buffer.from(s, "utf8").toString("base64url");

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "none";
  } catch (err) {
    return err instanceof VigilError ? err.code : "not a VigilError";
  }
}

describe("the what-if policy text", () => {
  it("decodes base64url and maps NetworkPolicies with the manifest loader", () => {
    const text =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { namespace: a, name: p }\nspec: { podSelector: {} }\n";
    const parsed = parsePolicyText(decodePolicyParam(enc(text)), "2026-11-23T00:00:00Z");
    expect(parsed.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(["a/p"]);
    expect(parsed.policies[0]?.policyTypes).toBeUndefined();
  });

  it("refuses text over the size bound, non-base64url text, YAML errors and text without a policy, as bad input", () => {
    expect(codeOf(() => decodePolicyParam(enc("x".repeat(WHAT_IF_LIMITS.textBytes + 1))))).toBe("too-large");
    expect(codeOf(() => decodePolicyParam("not base64!"))).toBe("bad-input");
    expect(codeOf(() => parsePolicyText("kind: [unclosed", "t"))).toBe("invalid-manifest");
    expect(
      codeOf(() => parsePolicyText("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n", "t")),
    ).toBe("bad-input");
    // A valid NetworkPolicy first: the refusal can only come from the second document's version.
    const valid =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { namespace: a, name: p }\nspec: { podSelector: {} }\n";
    expect(codeOf(() => parsePolicyText(valid, "t"))).toBe("none");
    expect(
      codeOf(() =>
        parsePolicyText(
          `${valid}---\napiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: { name: x }\n`,
          "t",
        ),
      ),
    ).toBe("bad-input");
  });

  it("reads the cluster-tier kinds of both API generations besides NetworkPolicies", () => {
    const text = `apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: { name: c }
spec: { tier: Baseline, priority: 5, subject: { namespaces: {} }, ingress: [{ action: Deny, from: [{ namespaces: {} }] }] }
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec: { subject: { namespaces: {} }, ingress: [{ action: Allow, from: [{ namespaces: {} }] }] }
`;
    const parsed = parsePolicyText(text, "t");
    expect(parsed.policies).toEqual([]);
    expect(parsed.clusterPolicies.map((p) => `${p.kind} ${p.name} ${p.tier}`)).toEqual([
      "ClusterNetworkPolicy c Baseline",
      "BaselineAdminNetworkPolicy default Baseline",
    ]);
  });
});
