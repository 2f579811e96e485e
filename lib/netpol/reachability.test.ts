import { describe, expect, it } from "vitest";
import { cluster, policy, rule, sel } from "@/lib/netpol/testing/build";
import { podFixture } from "@/lib/netpol/testing/reachability-fixtures";
import { allowed, api, can, explain, web } from "@/lib/netpol/testing/reachability-helpers";

// One behaviour per rule of docs/semantics.md §1, rules 1-10 here (which pods a policy isolates, and its rules'
// shape; rules 11-20 in reachability-peers.test.ts, rule 21 in validate-policy.test.ts), mostly on the pod
// fixtures the dataplane test also probes on a real pod network (lib/netpol/testing/reachability-fixtures.ts).

describe("docs/semantics.md §1: a connection needs both the egress and the ingress side", () => {
  it("rule 1: a pod no policy selects is unrestricted in both directions", () => {
    const s = podFixture("rule 1:");
    expect(can(s, "shop/web", "shop/api")).toEqual({ allowed: true, implementationDefined: false });
    expect(allowed(s, "other/client", "shop/api", "UDP", 53)).toBe(true);
    expect(allowed(s, "shop/web", "8.8.8.8", "SCTP", 9)).toBe(true);
  });

  it("rule 2: a policy in another namespace does not isolate the pod", () => {
    const s = podFixture("rule 2:");
    expect(allowed(s, "shop/web", "shop/api")).toBe(true);
    expect(allowed(s, "shop/web", "other/client")).toBe(false);
  });

  it("rule 3: policyTypes omitted with egress rules denies all ingress too", () => {
    const s = podFixture("rule 3:");
    expect(allowed(s, "shop/api", "shop/web")).toBe(true);
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
  });

  it("rule 3: policyTypes omitted with egress: [] adds no egress isolation", () => {
    const s = cluster({
      pods: [web, api],
      policies: [policy("shop", "p", { podSelector: sel({ app: "api" }), ingress: [rule()], egress: [] })],
    });
    expect(allowed(s, "shop/api", "8.8.8.8")).toBe(true);
  });

  it("rule 3: policyTypes: [] is defaulted like an omitted list, as the API server does", () => {
    // k8s.io/kubernetes pkg/apis/networking/v1/defaults.go: `if len(obj.Spec.PolicyTypes) == 0`.
    const s = cluster({
      pods: [web, api],
      policies: [
        policy("shop", "empty-types", {
          podSelector: sel({ app: "api" }),
          policyTypes: [],
          egress: [rule()],
        }),
      ],
    });
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
    expect(explain(s, "shop/web", "shop/api").ingress.isolatingPolicies.map((p) => p.name)).toEqual([
      "empty-types",
    ]);
    expect(allowed(s, "shop/api", "8.8.8.8")).toBe(true);
  });

  it("rule 4: rules for a direction not listed in policyTypes are ignored", () => {
    // api: Egress only (its ingress rule is ignored); web: Ingress only, with no ingress rule (its egress rule
    // is ignored).
    const s = podFixture("rule 4:");
    expect(allowed(s, "shop/web", "shop/api")).toBe(true); // ingress not isolated: its rules are ignored, not applied
    expect(allowed(s, "shop/api", "1.1.1.1")).toBe(false);
    expect(explain(s, "shop/api", "shop/web").egress.allowed).toBe(true); // the ipBlock holds web's IP
    expect(allowed(s, "shop/api", "shop/web")).toBe(false); // web's ingress: isolated, no rule
    expect(allowed(s, "shop/web", "8.8.8.8")).toBe(true); // web's egress rule is ignored, not applied
  });

  it("rule 4: listed Ingress with no ingress rules denies even though egress rules exist", () => {
    const s = cluster({
      pods: [web, api],
      policies: [
        policy("shop", "p", { podSelector: sel({ app: "api" }), policyTypes: ["Ingress"], egress: [rule()] }),
      ],
    });
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
    expect(allowed(s, "shop/api", "shop/web")).toBe(true);
  });

  it("rule 5: the allowed set is the union of every applicable policy, whatever the order", () => {
    const fixture = podFixture("rule 5:");
    for (const s of [fixture, { ...fixture, networkPolicies: [...fixture.networkPolicies].reverse() }]) {
      expect(allowed(s, "shop/web", "shop/api", "TCP", 80)).toBe(true);
      expect(allowed(s, "shop/web", "shop/api", "TCP", 443)).toBe(true);
      expect(allowed(s, "shop/web", "shop/api", "TCP", 8443)).toBe(false);
    }
  });

  it("rule 6: an active direction with an empty rule list denies everything in that direction", () => {
    const s = podFixture("rule 6:");
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
    expect(allowed(s, "shop/api", "shop/web")).toBe(false);
    expect(explain(s, "shop/web", "shop/api").ingress.reason).toBe(
      "NetworkPolicy deny selects this pod for ingress and allows no ingress at all, so every ingress connection of this pod is denied",
    );
  });

  it("rule 7: peers and ports pair only inside one rule", () => {
    const s = podFixture("rule 7:");
    expect(allowed(s, "shop/web", "shop/api", "TCP", 80)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 443)).toBe(false);
    expect(allowed(s, "other/client", "shop/api", "TCP", 443)).toBe(true);
    expect(allowed(s, "other/client", "shop/api", "TCP", 80)).toBe(false);
  });

  it("rule 8: a rule without from allows every peer, external addresses included", () => {
    const s = podFixture("rule 8:");
    expect(allowed(s, "other/client", "shop/api")).toBe(true);
    expect(allowed(s, "203.0.113.7", "shop/api")).toBe(true);
    expect(allowed(s, "203.0.113.7", "shop/api", "TCP", 81)).toBe(false);
  });

  it("rule 8: a rule with empty from and empty ports allows everything", () => {
    const s = cluster({
      pods: [web, api],
      policies: [policy("shop", "p", { podSelector: sel({ app: "api" }), ingress: [rule([], [])] })],
    });
    expect(allowed(s, "203.0.113.7", "shop/api", "SCTP", 5000)).toBe(true);
  });

  it("rule 9: a port item without protocol means TCP, and ports: [{}] means every TCP port only", () => {
    // dns: [{ port: 53 }]; api: [{}]; web: [{ protocol: UDP }].
    const s = podFixture("rule 9:");
    expect(allowed(s, "shop/web", "shop/dns", "TCP", 53)).toBe(true);
    expect(allowed(s, "shop/web", "shop/dns", "UDP", 53)).toBe(false);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 65535)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api", "UDP", 53)).toBe(false);
    expect(allowed(s, "shop/api", "shop/web", "UDP", 1)).toBe(true);
    expect(allowed(s, "shop/api", "shop/web", "TCP", 80)).toBe(false);
  });

  it("rule 10: spec.podSelector {} selects every pod of the policy's namespace only", () => {
    const s = podFixture("rule 10:");
    expect(allowed(s, "other/client", "shop/web")).toBe(false);
    expect(allowed(s, "other/client", "shop/api")).toBe(false);
    expect(allowed(s, "shop/web", "other/client")).toBe(true);
  });
});
