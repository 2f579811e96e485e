import { describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { canConnect } from "@/lib/netpol/can-connect";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { parseManifestText } from "@/lib/model/parse-manifest-text";

// docs/semantics.md §1.21: values the API server would reject, read from files, are reported and never evaluated.
const manifests = (policySpec: string) => `
apiVersion: v1
kind: Pod
metadata: {namespace: n, name: a, labels: {app: a}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {namespace: n, name: b, labels: {app: b}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: n, name: bad}
spec:
${policySpec}`;

function allowed(s: ReturnType<typeof load>): boolean {
  const analysis = analyzeNetwork(s);
  return canConnect(analysis, resolveEndpoint(analysis, "n/a"), resolveEndpoint(analysis, "n/b"), "TCP", 80)
    .allowed;
}

function load(policySpec: string) {
  return buildSnapshot(parseManifestText(manifests(policySpec), "m.yaml"), {
    kind: "manifests",
    name: "m",
    takenAt: "2026-01-01T00:00:00Z",
  });
}

describe("policies with values the API server rejects, read from files", () => {
  it("reports an unknown policy type as NET-005 and does not let the policy isolate anything (rule 21)", () => {
    const s = load("  podSelector: {}\n  policyTypes: [Ingress, Sideways]\n");
    expect(findNetworkRisks(s).filter((f) => f.rule === "NET-005")).toHaveLength(1);
    expect(allowed(s)).toBe(true);
  });

  it("reports an unknown selector operator as NET-005 and does not evaluate the policy (rule 21)", () => {
    const s = load(
      "  podSelector: {matchExpressions: [{key: app, operator: Near, values: [b]}]}\n  policyTypes: [Ingress]\n",
    );
    expect(findNetworkRisks(s).filter((f) => f.rule === "NET-005")).toHaveLength(1);
    expect(allowed(s)).toBe(true);
  });
});
