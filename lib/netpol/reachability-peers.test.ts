import { describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { canConnect } from "@/lib/netpol/can-connect";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";
import { podFixture } from "@/lib/netpol/testing/reachability-fixtures";
import { allowed, api, can, explain, web } from "@/lib/netpol/testing/reachability-helpers";

// One behaviour per rule of docs/semantics.md §1, rules 11-20 here (peers, ports, protocols and the
// implementation-defined places), and the explanation and representative pods, mostly on the pod fixtures the
// dataplane test also probes on a real pod network (lib/netpol/testing/reachability-fixtures.ts).

describe("docs/semantics.md §1: which peers and ports a rule allows", () => {
  it("rule 11: a podSelector-only peer means pods of the policy's namespace", () => {
    const s = podFixture("rule 11: a podSelector-only peer");
    expect(allowed(s, "shop/web", "shop/api")).toBe(true);
    expect(allowed(s, "other/web", "shop/api")).toBe(false);
  });

  it("rule 11: namespaceSelector {} means every pod of every namespace and never an external address", () => {
    // other/client takes ingress from namespaceSelector {}.
    const s = podFixture("rule 11: both selectors");
    expect(allowed(s, "shop/api", "other/client")).toBe(true);
    expect(allowed(s, "8.8.8.8", "other/client")).toBe(false);
  });

  it("rule 11: both selectors in one peer are ANDed, as two peers they are ORed", () => {
    // api: namespaceSelector team=y AND podSelector app=client; web: either.
    const s = podFixture("rule 11: both selectors");
    expect(allowed(s, "other/client", "shop/api")).toBe(true);
    expect(allowed(s, "other/web", "shop/api")).toBe(false);
    expect(allowed(s, "other/web", "shop/web")).toBe(true);
    expect(allowed(s, "shop/api", "shop/web")).toBe(false);
  });

  it("rule 12: NotIn and DoesNotExist match pods that lack the key; In and Exists do not", () => {
    const mk = (operator: string) => podFixture(`rule 12: ${operator} on`);
    expect(allowed(mk("NotIn"), "shop/bare", "shop/api")).toBe(true);
    expect(allowed(mk("DoesNotExist"), "shop/bare", "shop/api")).toBe(true);
    expect(allowed(mk("In"), "shop/bare", "shop/api")).toBe(false);
    expect(allowed(mk("Exists"), "shop/bare", "shop/api")).toBe(false);
    // shop/db has tier=db.
    expect(allowed(mk("NotIn"), "shop/db", "shop/api")).toBe(false);
    expect(allowed(mk("DoesNotExist"), "shop/db", "shop/api")).toBe(false);
    expect(allowed(mk("In"), "shop/db", "shop/api")).toBe(true);
    expect(allowed(mk("Exists"), "shop/db", "shop/api")).toBe(true);
  });

  it("rule 12: matchLabels and matchExpressions are ANDed", () => {
    const s = podFixture("rule 12: matchLabels");
    expect(allowed(s, "shop/web2", "shop/api")).toBe(true);
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
  });

  it("rule 13: a namespaceSelector on kubernetes.io/metadata.name works even when the manifest lacks the label", () => {
    const s: Snapshot = { ...podFixture("rule 13:"), namespaces: [] };
    expect(allowed(s, "other/client", "shop/api")).toBe(true);
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
  });

  it("rule 14: ipBlock is cidr minus except, and the except narrows only its own peer", () => {
    const s = cluster({
      pods: [web],
      policies: [
        policy("shop", "p", {
          podSelector: sel({ app: "web" }),
          policyTypes: ["Egress"],
          egress: [
            rule([
              { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } },
              { ipBlock: { cidr: "10.1.0.0/16", except: [] } },
            ]),
          ],
        }),
      ],
    });
    expect(allowed(s, "shop/web", "8.8.8.8")).toBe(true);
    expect(allowed(s, "shop/web", "10.2.0.1")).toBe(false);
    expect(allowed(s, "shop/web", "10.1.2.3")).toBe(true);
  });

  it("rule 14: an IPv4 block never matches an IPv6 address", () => {
    const s = cluster({
      pods: [web],
      policies: [
        policy("shop", "p", {
          podSelector: sel({ app: "web" }),
          policyTypes: ["Egress"],
          egress: [rule([{ ipBlock: { cidr: "0.0.0.0/0", except: [] } }])],
        }),
      ],
    });
    expect(allowed(s, "shop/web", "2001:db8::1")).toBe(false);
    expect(allowed(s, "shop/web", "::ffff:8.8.8.8")).toBe(false);
    expect(allowed(s, "shop/web", "8.8.8.8")).toBe(true);
  });

  it("rule 14: an except narrows only its own peer, also between pods", () => {
    // web's egress: 10.0.0.0/24 except 10.0.0.8/30, or 10.0.0.11/32 (shop/api).
    const s = podFixture("rule 14:");
    expect(allowed(s, "shop/web", "shop/api")).toBe(true);
    expect(allowed(s, "shop/web", "other/client")).toBe(true);
    expect(allowed(s, "shop/web", "10.0.0.9")).toBe(false);
    expect(allowed(s, "shop/web", "10.0.0.200")).toBe(true);
    expect(allowed(s, "shop/web", "8.8.8.8")).toBe(false);
  });

  it("rule 15: a numeric port matches whether or not the container declares it", () => {
    expect(allowed(podFixture("rule 15:"), "shop/web", "shop/api", "TCP", 9999)).toBe(true);
  });

  it("rule 16: an ingress named port resolves on the selected pod, name and protocol both", () => {
    const s = podFixture("rule 16: an ingress named port");
    expect(allowed(s, "shop/web", "shop/api", "TCP", 8080)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 9090)).toBe(false);
    expect(allowed(s, "shop/web", "shop/api2", "TCP", 9090)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api3", "TCP", 8080)).toBe(false);
    expect(allowed(s, "shop/web", "shop/api3", "UDP", 8080)).toBe(false); // the item is TCP/http
    expect(allowed(s, "8.8.8.8", "shop/api", "TCP", 8080)).toBe(true); // the destination is the pod
  });

  it("rule 16: an egress named port resolves on the peer, and never matches an external address", () => {
    const s = podFixture("rule 16: an egress named port");
    expect(allowed(s, "shop/web", "shop/api", "TCP", 8080)).toBe(true);
    expect(explain(s, "shop/web", "shop/metrics", "TCP", 9090).egress.allowed).toBe(true);
    expect(allowed(s, "shop/web", "shop/metrics", "TCP", 8080)).toBe(false);
    expect(allowed(s, "shop/web", "8.8.8.8", "TCP", 8080)).toBe(false);
  });

  it("rule 16: an unresolved named port matches nothing", () => {
    // shop/metrics takes ingress on TCP/nope only, a name none of its containers declares.
    const s = podFixture("rule 16: an egress named port");
    for (const port of [80, 8080, 9090])
      expect(allowed(s, "shop/api", "shop/metrics", "TCP", port)).toBe(false);
  });

  it("rule 17: endPort makes an inclusive range", () => {
    const s = podFixture("rule 17:");
    expect(allowed(s, "shop/web", "shop/api", "TCP", 8000)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 8010)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 8011)).toBe(false);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 7999)).toBe(false);
  });

  it("rule 18: SCTP is not TCP", () => {
    const s = podFixture("rule 18:");
    expect(allowed(s, "shop/web", "shop/api", "SCTP", 80)).toBe(true);
    expect(allowed(s, "shop/web", "shop/api", "TCP", 80)).toBe(false);
  });

  it("rule 19: reachability is about who starts: an allowed a->b says nothing of b->a", () => {
    const s = podFixture("rule 19:");
    expect(allowed(s, "shop/web", "shop/api")).toBe(true);
    expect(allowed(s, "shop/api", "shop/web")).toBe(false);
  });

  it("rule 20: an ipBlock holding a pod IP matches that pod, flagged implementation-defined", () => {
    const s = cluster({
      pods: [web, api],
      policies: [
        policy("shop", "p", {
          podSelector: sel({ app: "web" }),
          policyTypes: ["Egress"],
          egress: [rule([{ ipBlock: { cidr: "10.0.0.11/32", except: [] } }])],
        }),
      ],
    });
    expect(can(s, "shop/web", "shop/api")).toEqual({ allowed: true, implementationDefined: true });
    const e = explain(s, "shop/web", "shop/api");
    expect(e.egress.allowedBy[0]).toMatchObject({
      policy: { name: "p" },
      rule: 0,
      peer: "ipBlock 10.0.0.11/32",
      implementationDefined: true,
    });
    expect(e.notes).toContainEqual(
      expect.stringMatching(
        /^implementation-defined: allowed through an ipBlock that holds a pod IP; kube-network-policies matches ipBlocks against pod IPs too .*; other implementations/,
      ),
    );
  });

  it("rule 20: a pod may always connect to itself", () => {
    // shop/api is isolated both ways with no rule.
    const s = podFixture("rule 20:");
    expect(can(s, "shop/api", "shop/api")).toEqual({
      allowed: true,
      implementationDefined: true,
      special: "self",
    });
    expect(allowed(s, "shop/web", "shop/api")).toBe(false);
    const why = explain(s, "shop/api", "shop/api");
    expect(why.notes).toContainEqual(
      expect.stringMatching(
        /^implementation-defined: a pod may always connect to itself; kube-network-policies allows it too .*; other implementations/,
      ),
    );
  });

  it("rule 20: traffic between a pod and its own node is always allowed", () => {
    const nodePod = pod(
      "shop",
      "web",
      { app: "web" },
      { podIPs: ["10.0.0.10"], nodeName: "n1", hostIP: "192.168.0.5" },
    );
    const s = cluster({
      pods: [nodePod],
      nodes: [
        { name: "n1", labels: {}, addresses: [{ type: "InternalIP", address: "192.168.0.5" }], podCIDRs: [] },
      ],
      policies: [policy("shop", "deny", { policyTypes: ["Ingress", "Egress"] })],
    });
    expect(can(s, "192.168.0.5", "shop/web")).toMatchObject({ allowed: true, implementationDefined: true });
    expect(explain(s, "192.168.0.5", "shop/web").notes).toContainEqual(
      expect.stringMatching(
        /^implementation-defined: traffic between a pod and its own node .*; kube-network-policies allows it only from root processes .*; other implementations/,
      ),
    );
    expect(can(s, "shop/web", "192.168.0.5")).toMatchObject({ allowed: true, implementationDefined: true });
    expect(allowed(s, "192.168.0.6", "shop/web")).toBe(false);
  });

  it("rule 20: a hostNetwork pod is not selected by selectors, is seen as its node IP, and is not filtered", () => {
    const agent = pod(
      "shop",
      "agent",
      { app: "web" },
      { hostNetwork: true, podIPs: ["192.168.0.9"], hostIP: "192.168.0.9", nodeName: "n9" },
    );
    const s = cluster({
      pods: [agent, api],
      policies: [
        policy("shop", "p", {
          podSelector: sel({ app: "api" }),
          ingress: [rule([{ podSelector: sel({ app: "web" }) }])],
        }),
        policy("shop", "deny-web", { podSelector: sel({ app: "web" }), policyTypes: ["Ingress", "Egress"] }),
      ],
    });
    expect(allowed(s, "shop/agent", "shop/api")).toBe(false); // the podSelector does not select it
    expect(can(s, "shop/api", "shop/agent", "TCP", 10250)).toEqual({
      allowed: true,
      implementationDefined: true,
    }); // not filtered
    const byIp = cluster({
      pods: [agent, api],
      policies: [
        policy("shop", "p", {
          podSelector: sel({ app: "api" }),
          ingress: [rule([{ ipBlock: { cidr: "192.168.0.0/24", except: [] } }])],
        }),
      ],
    });
    expect(can(byIp, "shop/agent", "shop/api")).toEqual({ allowed: true, implementationDefined: true });
    const why = explain(s, "shop/api", "shop/agent", "TCP", 10250);
    expect(why.notes).toContainEqual(
      expect.stringMatching(
        /^implementation-defined: shop\/agent uses the host network: .*; kube-network-policies does not select hostNetwork pods .*; other implementations/,
      ),
    );
    expect(why.ingress.reason).toContain("implementation-defined: kube-network-policies");
  });

  it("an IP literal that is exactly one pod's IP stands for that pod", () => {
    const s = cluster({ pods: [web, api] });
    const a = analyzeNetwork(s);
    expect(resolveEndpoint(a, "10.0.0.11")).toMatchObject({ kind: "pod", id: "shop/api" });
  });

  it("explains which policies isolate each side and which rule allows it", () => {
    const s = podFixture("explanation:");
    const e = explain(s, "shop/web", "shop/api", "TCP", 8080);
    expect(e.allowed).toBe(true);
    expect(e.egress.isolatingPolicies.map((p) => p.name)).toEqual(["deny-all", "web-out"]);
    expect(e.egress.allowedBy).toEqual([
      {
        policy: { kind: "NetworkPolicy", namespace: "shop", name: "web-out" },
        direction: "egress",
        rule: 0,
        peer: "podSelector {app=api}",
        port: "TCP/http (= 8080 on shop/api)",
        implementationDefined: false,
      },
    ]);
    expect(e.ingress.allowedBy.map((r) => `${r.policy.name}[${r.rule}] ${r.port}`)).toEqual([
      "api-in[0] TCP/8080",
    ]);
    const denied = explain(s, "shop/web", "shop/api", "TCP", 80);
    expect(denied.allowed).toBe(false);
    expect(denied.egress.allowed).toBe(false);
    expect(denied.egress.reason).toBe(
      "NetworkPolicies deny-all and web-out select this pod for egress; traffic to this destination is allowed, but not on TCP/80",
    );
  });

  it("rejects a connection between two external addresses and a bad port as bad input", () => {
    const s = cluster({ pods: [web] });
    const a = analyzeNetwork(s);
    expect(() =>
      canConnect(a, resolveEndpoint(a, "1.1.1.1"), resolveEndpoint(a, "8.8.8.8"), "TCP", 80),
    ).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() =>
      canConnect(a, resolveEndpoint(a, "shop/web"), resolveEndpoint(a, "8.8.8.8"), "TCP", 0),
    ).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() => resolveEndpoint(a, "shop/nope")).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() => resolveEndpoint(a, "nonsense")).toThrow(expect.objectContaining({ code: "bad-input" }));
  });
});

describe("manifests-only input: representative pods stand for a workload's pods", () => {
  const front = pod(
    "g04",
    "frontend",
    { app: "frontend" },
    { representative: true, workload: { kind: "Deployment", name: "frontend" } },
  );
  const back = pod(
    "g04",
    "backend",
    { app: "backend" },
    {
      representative: true,
      workload: { kind: "Deployment", name: "backend" },
      ports: [{ name: "http", containerPort: 3000, protocol: "TCP" }],
    },
  );
  const s = cluster({
    pods: [front, back],
    policies: [
      policy("g04", "deny", { policyTypes: ["Ingress"] }),
      policy("g04", "backend-in", {
        podSelector: sel({ app: "backend" }),
        ingress: [rule([{ podSelector: sel({ app: "frontend" }) }], [{ port: "http" }])],
      }),
    ],
  });

  it("resolves a workload name to its representative pod and evaluates it from the template", () => {
    expect(allowed(s, "g04/frontend", "g04/backend", "TCP", 3000)).toBe(true);
    expect(allowed(s, "g04/backend", "g04/frontend", "TCP", 3000)).toBe(false);
    expect(explain(s, "g04/frontend", "g04/backend", "TCP", 3000).notes.join(" ")).toContain(
      "stands for the pods of Deployment backend",
    );
  });

  it("evaluates a representative pod to itself as one replica to another", () => {
    expect(can(s, "g04/backend", "g04/backend", "TCP", 3000)).toEqual({
      allowed: false,
      implementationDefined: false,
    });
  });
});
