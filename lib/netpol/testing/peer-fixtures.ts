import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";
import { base, type FixtureNet, type PodFixture } from "@/lib/netpol/testing/fixture-net";

// The reachability pod fixtures of rules 11 to 20 (docs/semantics.md §1): how peers (pod and namespace
// selectors, ipBlocks) and ports (numbers, names, ranges, protocols) match, direction, and the explanation. Test-only code.

export const PEER_FIXTURES: ((net: FixtureNet) => PodFixture)[] = [
  (net) => {
    const { web, api } = base(net);
    const twin = pod("other", "web", { app: "web" }, { podIPs: [net.ip(13)] });
    return {
      title: "rule 11: a podSelector-only peer means the policy's namespace",
      snapshot: cluster({
        pods: [web, api, twin],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule([{ podSelector: sel({ app: "web" }) }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api, other } = base(net);
    const stranger = pod("other", "web", { app: "web" }, { podIPs: [net.ip(13)] });
    return {
      title: "rule 11: both selectors in one peer AND, as two peers OR",
      snapshot: cluster({
        namespaces: { shop: { team: "x" }, other: { team: "y" } },
        pods: [web, api, other, stranger],
        policies: [
          policy("shop", "and", {
            podSelector: sel({ app: "api" }),
            ingress: [rule([{ namespaceSelector: sel({ team: "y" }), podSelector: sel({ app: "client" }) }])],
          }),
          policy("shop", "or", {
            podSelector: sel({ app: "web" }),
            ingress: [
              rule([{ namespaceSelector: sel({ team: "y" }) }, { podSelector: sel({ app: "client" }) }]),
            ],
          }),
          policy("other", "all-ns", {
            podSelector: sel({ app: "client" }),
            ingress: [rule([{ namespaceSelector: sel() }])],
          }),
        ],
      }),
    };
  },
  ...(["In", "NotIn", "Exists", "DoesNotExist"] as const).map((operator) => (net: FixtureNet): PodFixture => {
    const { api } = base(net);
    const bare = pod("shop", "bare", {}, { podIPs: [net.ip(13)] });
    const db = pod("shop", "db", { tier: "db" }, { podIPs: [net.ip(14)] });
    const values = operator === "In" || operator === "NotIn" ? ["db"] : [];
    return {
      title: `rule 12: ${operator} on a key some pods lack`,
      snapshot: cluster({
        pods: [bare, db, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule([{ podSelector: sel({}, [{ key: "tier", operator, values }]) }])],
          }),
        ],
      }),
    };
  }),
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 12: matchLabels and matchExpressions AND",
      snapshot: cluster({
        pods: [web, api, pod("shop", "web2", { app: "web", tier: "db" }, { podIPs: [net.ip(13)] })],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [
              rule([{ podSelector: sel({ app: "web" }, [{ key: "tier", operator: "Exists", values: [] }]) }]),
            ],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api, other } = base(net);
    return {
      title: "rule 13: kubernetes.io/metadata.name selects a namespace",
      snapshot: cluster({
        pods: [web, api, other],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule([{ namespaceSelector: sel({ "kubernetes.io/metadata.name": "other" }) }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api, other } = base(net);
    return {
      title: "rule 14: ipBlock is cidr minus except; an except narrows its own peer only",
      snapshot: cluster({
        pods: [web, api, other],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "web" }),
            policyTypes: ["Egress"],
            egress: [
              rule([
                { ipBlock: { cidr: net.cidr(0, 24), except: [net.cidr(8, 30)] } },
                { ipBlock: { cidr: net.cidr(11, 32), except: [] } },
              ]),
            ],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 15: a numeric port matches undeclared ports",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule(undefined, [{ port: 9999 }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    const api2 = pod(
      "shop",
      "api2",
      { app: "api" },
      { podIPs: [net.ip(13)], ports: [{ name: "http", containerPort: 9090, protocol: "TCP" }] },
    );
    const api3 = pod(
      "shop",
      "api3",
      { app: "api" },
      { podIPs: [net.ip(14)], ports: [{ name: "http", containerPort: 8080, protocol: "UDP" }] },
    );
    return {
      title: "rule 16: an ingress named port resolves on the selected pod",
      snapshot: cluster({
        pods: [web, api, api2, api3],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule(undefined, [{ port: "http" }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    const metrics = pod(
      "shop",
      "metrics",
      { app: "metrics" },
      { podIPs: [net.ip(13)], ports: [{ name: "http", containerPort: 9090, protocol: "TCP" }] },
    );
    return {
      title: "rule 16: an egress named port resolves on the peer; an unresolved name matches nothing",
      snapshot: cluster({
        pods: [web, api, metrics],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "web" }),
            policyTypes: ["Egress"],
            egress: [rule(undefined, [{ port: "http" }])],
          }),
          policy("shop", "q", {
            podSelector: sel({ app: "metrics" }),
            ingress: [rule(undefined, [{ port: "nope" }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 17: endPort is an inclusive range",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule(undefined, [{ port: 8000, endPort: 8010 }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 18: SCTP is not TCP",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "api" }),
            ingress: [rule(undefined, [{ protocol: "SCTP", port: 80 }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 19: an allowed a->b says nothing of b->a",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel(),
            policyTypes: ["Ingress"],
            ingress: [rule([{ podSelector: sel({ app: "web" }) }])],
          }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "rule 20: an ipBlock holding a pod IP matches that pod; a pod to itself",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "p", {
            podSelector: sel({ app: "web" }),
            policyTypes: ["Egress"],
            egress: [rule([{ ipBlock: { cidr: net.cidr(11, 32), except: [] } }])],
          }),
          policy("shop", "deny", { podSelector: sel({ app: "api" }), policyTypes: ["Ingress", "Egress"] }),
        ],
      }),
    };
  },
  (net) => {
    const { web, api } = base(net);
    return {
      title: "explanation: isolating policies and the rules that allow",
      snapshot: cluster({
        pods: [web, api],
        policies: [
          policy("shop", "deny-all", { policyTypes: ["Ingress", "Egress"] }),
          policy("shop", "web-out", {
            podSelector: sel({ app: "web" }),
            policyTypes: ["Egress"],
            egress: [rule([{ podSelector: sel({ app: "api" }) }], [{ port: "http" }])],
          }),
          policy("shop", "api-in", {
            podSelector: sel({ app: "api" }),
            ingress: [rule([{ podSelector: sel({ app: "web" }) }], [{ port: 8080 }])],
          }),
        ],
      }),
    };
  },
];
