import { describe, expect, it } from "vitest";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { validateClusterPolicy } from "@/lib/netpol/validate-cluster-policy";
import { cluster, cnp, pod, sel } from "@/lib/netpol/testing/build";

// docs/semantics.md §1b: what the CRDs' schema and CEL rules reject, per API version; such a policy is reported
// like NET-005 and never evaluated. Each case has a twin the CRD accepts.

function problemsOf(yaml: string): string[] {
  const s = buildSnapshot(parseManifestText(yaml, "t.yaml"), {
    kind: "manifests",
    name: "t",
    takenAt: "1970-01-01T00:00:00Z",
  });
  const p = s.clusterNetworkPolicies[0];
  if (!p) throw new Error("no policy read");
  return validateClusterPolicy(p).map((x) => `${x.field}: ${x.reason}`);
}

const cnpYaml = (version: string, spec: string) => `apiVersion: policy.networking.k8s.io/${version}
kind: ClusterNetworkPolicy
metadata: { name: p }
spec:
${spec}`;

describe("cluster-tier policies the CRDs reject", () => {
  it("a v1beta1 port range must have start < end; v1alpha1 (no CEL rule) accepts it and it holds no port", () => {
    const bad = cnpYaml(
      "v1beta1",
      `  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  ingress: [{ action: Deny, from: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { range: { start: 90, end: 80 } } } }] }]`,
    );
    expect(problemsOf(bad).join()).toContain("Start port must be less than End port");
    const alpha = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: p }\nspec:\n  priority: 1\n  subject: { namespaces: {} }\n  ingress: [{ action: Deny, from: [{ namespaces: {} }], ports: [{ portRange: { start: 90, end: 80 } }] }]`;
    expect(problemsOf(alpha)).toEqual([]);
  });

  it("v1beta1 CIDRs must be masked; v0.1.7's v1alpha1 CRD only checks isCIDR", () => {
    const spec = (cidr: string) =>
      `  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  egress: [{ action: Deny, to: [{ networks: ["${cidr}"] }] }]`;
    expect(problemsOf(cnpYaml("v1beta1", spec("10.1.2.3/8"))).join()).toContain("host bits");
    expect(problemsOf(cnpYaml("v1alpha2", spec("10.0.0.0/8")))).toEqual([]);
    expect(problemsOf(cnpYaml("v1beta1", spec("fd00::1/8"))).join()).toContain("host bits");
  });

  it("actions per kind: Accept for ClusterNetworkPolicy, Allow for v1alpha1, no Pass in a BaselineAdminNetworkPolicy", () => {
    const rule = (action: string) =>
      `  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  ingress: [{ action: ${action}, from: [{ namespaces: {} }] }]`;
    expect(problemsOf(cnpYaml("v1beta1", rule("Allow"))).join()).toContain("spec.ingress[0].action");
    expect(problemsOf(cnpYaml("v1beta1", rule("Accept")))).toEqual([]);
    const banp = (action: string) =>
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec:\n  subject: { namespaces: {} }\n  ingress: [{ action: ${action}, from: [{ namespaces: {} }] }]`;
    expect(problemsOf(banp("Pass")).join()).toContain("action");
    expect(problemsOf(banp("Allow"))).toEqual([]);
  });

  it("tier, priority range, one subject field, one peer field, peers per direction, at least one peer", () => {
    expect(
      problemsOf(cnpYaml("v1beta1", "  tier: Middle\n  priority: 1\n  subject: { namespaces: {} }")).join(),
    ).toContain("spec.tier");
    expect(
      problemsOf(cnpYaml("v1beta1", "  tier: Admin\n  priority: 1001\n  subject: { namespaces: {} }")).join(),
    ).toContain("0-1000");
    expect(
      problemsOf(cnpYaml("v1beta1", "  tier: Admin\n  priority: 1000\n  subject: { namespaces: {} }")),
    ).toEqual([]);
    expect(
      problemsOf(
        cnpYaml(
          "v1beta1",
          "  tier: Admin\n  priority: 1\n  subject: { namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }",
        ),
      ).join(),
    ).toContain("exactly one");
    const ingressNetworks =
      "  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  ingress: [{ action: Deny, from: [{ networks: [10.0.0.0/8] }] }]";
    expect(problemsOf(cnpYaml("v1beta1", ingressNetworks)).join()).toContain(
      "from[0].networks: is not a field here",
    );
    const noPeers =
      "  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  egress: [{ action: Deny, to: [] }]";
    expect(problemsOf(cnpYaml("v1beta1", noPeers)).join()).toContain("1 to 25 peers");
  });

  it("CEL: a named port cannot go with a networks peer", () => {
    const spec = (peer: string) =>
      `  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  egress: [{ action: Deny, to: [${peer}], protocols: [{ destinationNamedPort: http }] }]`;
    expect(problemsOf(cnpYaml("v1beta1", spec("{ networks: [10.0.0.0/8] }"))).join()).toContain("namedPorts");
    expect(problemsOf(cnpYaml("v1beta1", spec("{ namespaces: {} }")))).toEqual([]);
  });

  it("a protocol object must name its destination port", () => {
    const spec =
      "  tier: Admin\n  priority: 1\n  subject: { namespaces: {} }\n  egress: [{ action: Deny, to: [{ namespaces: {} }], protocols: [{ tcp: {} }] }]";
    expect(problemsOf(cnpYaml("v1beta1", spec)).join()).toContain("destinationPort");
  });

  it("an invalid policy is reported and not evaluated (its Deny does not deny)", () => {
    const bad = cnp("bad", {
      tier: "Admin",
      priority: 2000,
      subject: { namespaces: sel() },
      ingress: [{ action: "Deny", peers: [{ namespaces: sel() }] }],
    });
    const s = cluster({ pods: [pod("a", "x"), pod("b", "y")], clusterNetworkPolicies: [bad] });
    const a = analyzeNetwork(s);
    expect(a.invalidCluster.map((i) => i.policy.name)).toEqual(["bad"]);
    expect(a.classToClass(0, 1).any.TCP).toEqual([1, 65535]);
    expect(
      findNetworkRisks(s, a)
        .filter((f) => f.rule === "NET-005")
        .map((f) => f.object?.name),
    ).toEqual(["bad"]);
  });
});

describe("NET-010: same tier and priority, different actions that can match one connection", () => {
  it("is reported when the rules overlap, not when their ports are disjoint", () => {
    const pods = [pod("a", "x"), pod("b", "y")];
    const mk = (name: string, action: string, port: number) =>
      cnp(name, {
        priority: 3,
        subject: { namespaces: sel() },
        ingress: [
          { action, peers: [{ namespaces: sel() }], ports: [{ set: ["tcp"], protocol: "TCP", port }] },
        ],
      });
    const clash = findNetworkRisks(
      cluster({ pods, clusterNetworkPolicies: [mk("d", "Deny", 80), mk("e", "Accept", 80)] }),
    );
    expect(clash.filter((f) => f.rule === "NET-010").map((f) => f.message)[0]).toContain(
      "share Admin priority 3",
    );
    const apart = findNetworkRisks(
      cluster({ pods, clusterNetworkPolicies: [mk("d", "Deny", 80), mk("e", "Accept", 443)] }),
    );
    expect(apart.filter((f) => f.rule === "NET-010")).toEqual([]);
  });
});
