import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";
import { at, base, type FixtureNet, type PodFixture } from "@/lib/netpol/testing/fixture-net";

// The reachability pod fixtures of rules 1 to 10 (docs/semantics.md §1): which policies select a pod and isolate
// it in which direction, how they add up, and what an empty rule, peer list or port list allows. Test-only code.

export const ISOLATION_FIXTURES: ((net: FixtureNet) => PodFixture)[] = [
  (net) => {
    const { web, api, other } = base(net);
    return { title: "rule 1: no policy selects the pods", snapshot: cluster({ pods: [web, api, other] }) };
  },
  (net) => {
    const { web, api, other } = base(net);
    return {
      title: "rule 2: a policy in another namespace does not isolate",
      snapshot: cluster({
        pods: [web, api, other],
        policies: [policy("other", "deny-all", { policyTypes: ["Ingress", "Egress"] })],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 3: policyTypes omitted with egress rules isolates ingress too",
      snapshot: cluster({
        pods: [web, api],
        policies: [policy("shop", "egress-only", { podSelector: sel({ app: "api" }), egress: [rule()] })],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 4: rules of a direction not in policyTypes are ignored",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            policyTypes: ["Egress"],
            ingress: [rule()],
            egress: [rule([{ ipBlock: { cidr: net.cidr(10, 32), except: [] } }])],
          }),
          policy("shop", "q", {
            podSelector: sel({ app: "web" }),
            policyTypes: ["Ingress"],
            egress: [rule()],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    const p1 = policy("shop", "a", {
      podSelector: sel({ app: "api" }),
      ingress: [rule([{ podSelector: sel({ app: "web" }) }], [{ port: 80 }])],
    });
    const p2 = policy("shop", "b", {
      podSelector: sel({ app: "api" }),
      ingress: [rule([{ podSelector: sel({ app: "web" }) }], [{ port: 443 }])],
    });
    return { title: "rule 5: policies add up", snapshot: cluster({ pods: [web, api], policies: [p1, p2] }) };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 6: an active direction with no rules denies",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "deny", {
            podSelector: sel({ app: "api" }),
            policyTypes: ["Ingress", "Egress"],
            ingress: [],
            egress: [],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api, other } = base(net);
    return {
      title: "rule 7: peers and ports pair only inside one rule",
      snapshot: cluster({
        pods: [web, api, other],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [
              rule([{ podSelector: sel({ app: "web" }) }], [{ port: 80 }]),
              rule([{ namespaceSelector: sel({ "kubernetes.io/metadata.name": "other" }) }], [{ port: 443 }]),
            ],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api, other } = base(net);
    return {
      title: "rule 8: a rule without from allows every peer",
      snapshot: cluster({
        pods: [web, api, other],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule(undefined, [{ port: 80 }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 9: ports: [{}] is every TCP port only; a port without protocol is TCP",
      snapshot: cluster({
        pods: [web, api, at(net, 13, pod("shop", "dns", { app: "dns" }))],
        policies: [
          policy("shop", "p", { podSelector: sel({ app: "api" }), ingress: [rule(undefined, [{}])] }),
          policy("shop", "q", {
            podSelector: sel({ app: "dns" }),
            ingress: [rule(undefined, [{ port: 53 }])],
          }),
          policy("shop", "r", {
            podSelector: sel({ app: "web" }),
            ingress: [rule(undefined, [{ protocol: "UDP" }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api, other } = base(net);
    return {
      title: "rule 10: podSelector {} selects the policy's namespace only",
      snapshot: cluster({
        pods: [web, api, other],
        policies: [policy("shop", "deny", { podSelector: sel() })],
      }),
    };
  },
];
