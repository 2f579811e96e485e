import { describe, expect, it } from "vitest";
import type { NetworkPolicyPeer, NetworkPolicyPort } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { canConnect } from "@/lib/netpol/can-connect";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { validatePolicy } from "@/lib/netpol/validate-policy";
import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";

// docs/semantics.md §1.21: every form the API server rejects is reported with its field and reason, never evaluated.

const withPeer = (peer: NetworkPolicyPeer) => policy("ns", "p", { ingress: [rule([peer])] });
const withPort = (port: NetworkPolicyPort) => policy("ns", "p", { egress: [rule(undefined, [port])] });

describe("rule 21: invalid policies", () => {
  it.each([
    [
      "a peer with no field",
      withPeer({}),
      "spec.ingress[0].from[0]",
      /must set podSelector, namespaceSelector or ipBlock/,
    ],
    [
      "ipBlock with a podSelector in one peer",
      withPeer({ ipBlock: { cidr: "10.0.0.0/8", except: [] }, podSelector: sel() }),
      "spec.ingress[0].from[0]",
      /cannot be combined/,
    ],
    [
      "ipBlock with a namespaceSelector in one peer",
      withPeer({ ipBlock: { cidr: "10.0.0.0/8", except: [] }, namespaceSelector: sel() }),
      "spec.ingress[0].from[0]",
      /cannot be combined/,
    ],
    [
      "endPort with a named port",
      withPort({ port: "http", endPort: 90 }),
      "spec.egress[0].ports[0].endPort",
      /named port/,
    ],
    ["endPort without port", withPort({ endPort: 90 }), "spec.egress[0].ports[0].endPort", /needs a port/],
    [
      "endPort below port",
      withPort({ port: 90, endPort: 80 }),
      "spec.egress[0].ports[0].endPort",
      /below port 90/,
    ],
    [
      "except outside cidr",
      withPeer({ ipBlock: { cidr: "10.0.0.0/16", except: ["10.1.0.0/24"] } }),
      "spec.ingress[0].from[0].ipBlock.except[0]",
      /strict subset/,
    ],
    [
      "except equal to cidr",
      withPeer({ ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.0.0/16"] } }),
      "spec.ingress[0].from[0].ipBlock.except[0]",
      /strict subset/,
    ],
    [
      "except of the other family",
      withPeer({ ipBlock: { cidr: "10.0.0.0/16", except: ["::/64"] } }),
      "spec.ingress[0].from[0].ipBlock.except[0]",
      /strict subset/,
    ],
    [
      "a cidr that is not a CIDR",
      withPeer({ ipBlock: { cidr: "10.0.0.300/8", except: [] } }),
      "spec.ingress[0].from[0].ipBlock.cidr",
      /not a valid CIDR/,
    ],
    [
      "protocol other than TCP/UDP/SCTP",
      withPort({ protocol: "ICMP", port: 1 }),
      "spec.egress[0].ports[0].protocol",
      /ICMP/,
    ],
    [
      "lowercase protocol",
      withPort({ protocol: "tcp", port: 1 }),
      "spec.egress[0].ports[0].protocol",
      /not one of TCP, UDP, SCTP/,
    ],
    ["port 0", withPort({ port: 0 }), "spec.egress[0].ports[0].port", /outside 1-65535/],
    ["port above 65535", withPort({ port: 70000 }), "spec.egress[0].ports[0].port", /outside 1-65535/],
    [
      "endPort above 65535",
      withPort({ port: 80, endPort: 70000 }),
      "spec.egress[0].ports[0].endPort",
      /outside 1-65535/,
    ],
    [
      "a numeric named port",
      withPort({ port: "8080" }),
      "spec.egress[0].ports[0].port",
      /at least one letter/,
    ],
    [
      "a named port longer than 15",
      withPort({ port: "a-very-long-port-name" }),
      "spec.egress[0].ports[0].port",
      /1 to 15/,
    ],
    [
      "In without values",
      policy("ns", "p", { podSelector: sel({}, [{ key: "a", operator: "In", values: [] }]) }),
      "spec.podSelector.matchExpressions[0].values",
      /at least one value/,
    ],
    [
      "Exists with values",
      withPeer({ podSelector: sel({}, [{ key: "a", operator: "Exists", values: ["x"] }]) }),
      "spec.ingress[0].from[0].podSelector.matchExpressions[0].values",
      /takes no values/,
    ],
  ])("reports %s with its field and reason", (_name, p, field, reason) => {
    const problems = validatePolicy(p);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.reason).toMatch(reason);
  });

  it("accepts the valid edge cases: endPort equal to port, host bits in a cidr, an IPv6 except inside an IPv6 cidr", () => {
    expect(validatePolicy(withPort({ port: 80, endPort: 80 }))).toEqual([]);
    expect(validatePolicy(withPeer({ ipBlock: { cidr: "10.0.0.1/8", except: ["10.1.0.0/16"] } }))).toEqual(
      [],
    );
    expect(
      validatePolicy(withPeer({ ipBlock: { cidr: "2001:db8::/32", except: ["2001:db8:1::/48"] } })),
    ).toEqual([]);
    expect(validatePolicy(withPort({ protocol: "SCTP", port: "diameter" }))).toEqual([]);
  });

  it("leaves an invalid policy out of evaluation and reports it as NET-005 naming policy, field and reason", () => {
    const s = cluster({
      pods: [pod("ns", "a", {}, { podIPs: ["10.0.0.1"] }), pod("ns", "b", {}, { podIPs: ["10.0.0.2"] })],
      policies: [policy("ns", "broken", { policyTypes: ["Ingress"], ingress: [rule([{}])] })],
    });
    const a = analyzeNetwork(s);
    expect(a.policies).toHaveLength(0);
    expect(a.invalid.map((i) => i.policy.name)).toEqual(["broken"]);
    // Evaluated, the policy would isolate b; excluded, b stays open.
    expect(canConnect(a, resolveEndpoint(a, "ns/a"), resolveEndpoint(a, "ns/b"), "TCP", 80).allowed).toBe(
      true,
    );
    const net005 = findNetworkRisks(s).filter((f) => f.rule === "NET-005");
    expect(net005).toHaveLength(1);
    expect(net005[0]?.object).toEqual({ kind: "NetworkPolicy", namespace: "ns", name: "broken" });
    expect(net005[0]?.message).toContain("spec.ingress[0].from[0]");
    expect(net005[0]?.message).toContain("left out of the analysis");
  });
});
