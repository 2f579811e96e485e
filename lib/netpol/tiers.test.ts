import { describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { canConnect } from "@/lib/netpol/can-connect";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { cluster, cnp, cport, policy, pod, rule, sel } from "@/lib/netpol/testing/build";
import { explain } from "@/lib/netpol/testing/reachability-helpers";

// docs/semantics.md §1b, rules 22-26: each case names the plausible wrong reading it rules out.

function can(s: Snapshot, from: string, to: string, port = 80, protocol: "TCP" | "UDP" | "SCTP" = "TCP") {
  const a = analyzeNetwork(s);
  return canConnect(a, resolveEndpoint(a, from), resolveEndpoint(a, to), protocol, port);
}
const why = (s: Snapshot, from: string, to: string, port = 80) => explain(s, from, to, "TCP", port);

const pods = [
  pod("a", "client", { app: "client" }, { podIPs: ["10.0.0.1"] }),
  pod(
    "b",
    "server",
    { app: "server" },
    { podIPs: ["10.0.0.2"], ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] },
  ),
  pod(
    "c",
    "other",
    { app: "server" },
    { podIPs: ["10.0.0.3"], ports: [{ name: "http", containerPort: 9090, protocol: "TCP" }] },
  ),
];
const all = sel();
const nsB = sel({ "kubernetes.io/metadata.name": "b" });
const nsA = sel({ "kubernetes.io/metadata.name": "a" });
/** b/server accepts ingress from nobody (NetworkPolicy default-deny). */
const denyAllB = policy("b", "deny-all", { policyTypes: ["Ingress"] });
/** b/server accepts ingress from everyone on every port (NetworkPolicy). */
const allowAllB = policy("b", "allow-all", { ingress: [rule()] });

describe("rule 22: Admin tier, then NetworkPolicy, then Baseline tier, then allow", () => {
  it("an Admin-tier Deny wins over a NetworkPolicy that allows (not: policies only add)", () => {
    const s = cluster({
      pods,
      policies: [allowAllB],
      clusterNetworkPolicies: [
        cnp("deny", {
          subject: { namespaces: nsB },
          ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
        }),
      ],
    });
    expect(can(s, "a/client", "b/server").allowed).toBe(false);
  });

  it("a NetworkPolicy that isolates a pod overrides the Baseline tier (not: Baseline applies after NetworkPolicy too)", () => {
    const s = cluster({
      pods,
      policies: [allowAllB],
      clusterNetworkPolicies: [
        cnp("base", {
          tier: "Baseline",
          subject: { namespaces: nsB },
          ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
        }),
      ],
    });
    expect(can(s, "a/client", "b/server").allowed).toBe(true);
  });

  it("the Baseline tier decides for a pod no NetworkPolicy isolates (not: Baseline is advisory)", () => {
    const s = cluster({
      pods,
      clusterNetworkPolicies: [
        cnp("base", {
          tier: "Baseline",
          subject: { namespaces: nsB },
          ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
        }),
      ],
    });
    expect(can(s, "a/client", "b/server").allowed).toBe(false);
    expect(can(s, "a/client", "c/other").allowed).toBe(true);
    expect(why(s, "a/client", "b/server").ingress.tiers?.steps.at(-1)).toMatchObject({
      tier: "Baseline",
      action: "Deny",
    });
  });

  it("the one BaselineAdminNetworkPolicy (v1alpha1, named default) is the Baseline tier", () => {
    const banp = cnp("default", {
      kind: "BaselineAdminNetworkPolicy",
      subject: { namespaces: nsB },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });
    expect(can(cluster({ pods, clusterNetworkPolicies: [banp] }), "a/client", "b/server").allowed).toBe(
      false,
    );
    expect(
      can(cluster({ pods, policies: [allowAllB], clusterNetworkPolicies: [banp] }), "a/client", "b/server")
        .allowed,
    ).toBe(true);
  });
});

describe("the Baseline tier and a NetworkPolicy of the other direction (implementation-defined)", () => {
  const banp = cnp("default", {
    kind: "BaselineAdminNetworkPolicy",
    subject: { namespaces: nsB },
    ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
  });
  /** Selects b/server for egress only: it does not isolate its ingress. */
  const egressOnlyB = policy("b", "egress-only", { policyTypes: ["Egress"], egress: [rule()] });

  it("a Baseline Deny where a NetworkPolicy selects the pod for the other direction only: allowed, implementation-defined, and the explanation names kube-network-policies", () => {
    const s = cluster({ pods, policies: [egressOnlyB], clusterNetworkPolicies: [banp] });
    expect(can(s, "a/client", "b/server")).toEqual({ allowed: true, implementationDefined: true });
    const w = why(s, "a/client", "b/server");
    expect(w).toMatchObject({ allowed: true, implementationDefined: true });
    expect(w.ingress.tiers?.steps.at(-1)).toMatchObject({ tier: "Baseline", action: "Deny" });
    expect(w.ingress.reason).toContain("implementation-defined");
    const note = w.notes.find((n) => n.startsWith("implementation-defined:")) ?? "";
    expect(note).toContain("NetworkPolicy b/egress-only selects the pod (for egress only)");
    expect(note).toContain("kube-network-policies skips the Baseline tier");
    expect(note).toContain("other implementations apply the Baseline tier per direction");
  });

  it("without any NetworkPolicy selecting the pod the Baseline Deny is plain (not: every Baseline answer is implementation-defined)", () => {
    const s = cluster({ pods, clusterNetworkPolicies: [banp] });
    expect(can(s, "a/client", "b/server")).toEqual({ allowed: false, implementationDefined: false });
    expect(why(s, "a/client", "b/server").notes.join(" ")).not.toContain("kube-network-policies");
  });
});

describe("rule 23: lower priority first, first matching rule decides, Pass goes to NetworkPolicy", () => {
  const accept = (priority: number) =>
    cnp(`accept-${priority}`, {
      priority,
      subject: { namespaces: nsB },
      ingress: [{ action: "Accept", peers: [{ namespaces: all }] }],
    });
  const deny = (priority: number) =>
    cnp(`deny-${priority}`, {
      priority,
      subject: { namespaces: nsB },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });

  it("the policy with the LOWER priority value wins (not: higher number = higher priority)", () => {
    expect(
      can(cluster({ pods, clusterNetworkPolicies: [deny(20), accept(10)] }), "a/client", "b/server").allowed,
    ).toBe(true);
    expect(
      can(cluster({ pods, clusterNetworkPolicies: [deny(10), accept(20)] }), "a/client", "b/server").allowed,
    ).toBe(false);
  });

  it("within a policy the first matching rule decides (not: Deny wins over Accept)", () => {
    const p = cnp("ordered", {
      subject: { namespaces: nsB },
      ingress: [
        { action: "Accept", peers: [{ namespaces: nsA }] },
        { action: "Deny", peers: [{ namespaces: all }] },
      ],
    });
    expect(can(cluster({ pods, clusterNetworkPolicies: [p] }), "a/client", "b/server").allowed).toBe(true);
    expect(can(cluster({ pods, clusterNetworkPolicies: [p] }), "c/other", "b/server").allowed).toBe(false);
  });

  it("a rule decides only the ports it names; the next rule decides the others (not: first peer match decides every port)", () => {
    const p = cnp("ports", {
      subject: { namespaces: nsB },
      ingress: [
        { action: "Deny", peers: [{ namespaces: all }], ports: [cport("TCP", 80)] },
        { action: "Accept", peers: [{ namespaces: all }] },
      ],
    });
    const s = cluster({ pods, policies: [denyAllB], clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/server", 80).allowed).toBe(false);
    expect(can(s, "a/client", "b/server", 443).allowed).toBe(true);
  });

  it("Pass skips the rest of the Admin tier and lets NetworkPolicy decide (not: Pass = Accept)", () => {
    const pass = cnp("pass", {
      priority: 1,
      subject: { namespaces: nsB },
      ingress: [{ action: "Pass", peers: [{ namespaces: all }] }],
    });
    expect(
      can(
        cluster({ pods, policies: [denyAllB], clusterNetworkPolicies: [pass, accept(2)] }),
        "a/client",
        "b/server",
      ).allowed,
    ).toBe(false);
    expect(
      can(cluster({ pods, clusterNetworkPolicies: [pass, deny(2)] }), "a/client", "b/server").allowed,
    ).toBe(true);
  });

  it("Pass with no NetworkPolicy goes on to the Baseline tier (not: Pass = allow)", () => {
    const pass = cnp("pass", {
      subject: { namespaces: nsB },
      ingress: [{ action: "Pass", peers: [{ namespaces: all }] }],
    });
    const base = cnp("base", {
      tier: "Baseline",
      subject: { namespaces: nsB },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });
    expect(can(cluster({ pods, clusterNetworkPolicies: [pass, base] }), "a/client", "b/server").allowed).toBe(
      false,
    );
  });

  it("v1alpha1 Allow is Accept", () => {
    const anp = cnp("anp", {
      kind: "AdminNetworkPolicy",
      subject: { namespaces: nsB },
      ingress: [{ action: "Allow", peers: [{ namespaces: all }] }],
    });
    expect(
      can(cluster({ pods, policies: [denyAllB], clusterNetworkPolicies: [anp] }), "a/client", "b/server")
        .allowed,
    ).toBe(true);
  });

  it("same priority, Accept against Deny: allowed only as implementation-defined, and said so (not: Deny wins, nor name order)", () => {
    const s = cluster({ pods, policies: [denyAllB], clusterNetworkPolicies: [deny(5), accept(5)] });
    expect(can(s, "a/client", "b/server")).toMatchObject({ allowed: true, implementationDefined: true });
    const w = why(s, "a/client", "b/server");
    expect(w.ingress.tiers?.ambiguous).toContain("priority 5");
    expect(w.notes.join(" ")).toContain("NET-010");
    expect(w.notes.join(" ")).toContain(
      "implementation-defined: kube-network-policies applies the policy whose name sorts first",
    );
  });

  it("same priority, both Deny: not ambiguous (not: every tie is implementation-defined)", () => {
    const other = cnp("deny-5b", {
      priority: 5,
      subject: { namespaces: nsB },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [deny(5), other] });
    expect(can(s, "a/client", "b/server")).toMatchObject({ allowed: false, implementationDefined: false });
    expect(why(s, "a/client", "b/server").ingress.tiers?.ambiguous).toBeUndefined();
  });
});

describe("rule 24: each side walks the tiers; both must allow", () => {
  it("an Admin Accept on the source's egress does not open the destination's ingress (not: Accept allows the connection)", () => {
    const egress = cnp("egress", {
      subject: { namespaces: nsA },
      egress: [{ action: "Accept", peers: [{ namespaces: all }] }],
    });
    expect(
      can(cluster({ pods, policies: [denyAllB], clusterNetworkPolicies: [egress] }), "a/client", "b/server")
        .allowed,
    ).toBe(false);
  });

  it("an Admin Accept on ingress opens a pod that a NetworkPolicy isolates (NET-009)", () => {
    const ingress = cnp("ingress", {
      subject: { namespaces: nsB },
      ingress: [{ action: "Accept", peers: [{ namespaces: nsA }] }],
    });
    const s = cluster({ pods, policies: [denyAllB], clusterNetworkPolicies: [ingress] });
    expect(can(s, "a/client", "b/server")).toMatchObject({ allowed: true, implementationDefined: false });
    expect(why(s, "a/client", "b/server").ingress.reason).toContain(
      "ClusterNetworkPolicy ingress (Admin tier, priority 0)",
    );
  });

  it("an egress Deny of the source denies even when the destination accepts", () => {
    const egress = cnp("egress", {
      subject: { namespaces: nsA },
      egress: [
        {
          action: "Deny",
          peers: [{ pods: { namespaceSelector: all, podSelector: sel({ app: "server" }) } }],
        },
      ],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [egress] });
    expect(can(s, "a/client", "b/server").allowed).toBe(false);
    expect(why(s, "a/client", "b/server").egress.tiers?.steps[0]).toMatchObject({
      tier: "Admin",
      action: "Deny",
      rule: 0,
    });
  });
});

describe("rule 25: subjects and peers cluster-wide; networks for egress; nodes not evaluated", () => {
  it("a subject selects pods in every matching namespace (not: the policy's own namespace)", () => {
    const p = cnp("servers", {
      subject: { pods: { namespaceSelector: all, podSelector: sel({ app: "server" }) } },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/server").allowed).toBe(false);
    expect(can(s, "a/client", "c/other").allowed).toBe(false);
    expect(can(s, "b/server", "a/client").allowed).toBe(true);
  });

  it("host-networked pods are neither subjects nor namespaces/pods peers", () => {
    const host = pod(
      "b",
      "agent",
      { app: "server" },
      { hostNetwork: true, podIPs: ["192.168.0.9"], hostIP: "192.168.0.9", nodeName: "n9" },
    );
    const p = cnp("servers", {
      subject: { namespaces: nsB },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });
    const s = cluster({ pods: [...pods, host], clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/agent").allowed).toBe(true);
    expect(can(s, "b/agent", "b/server").allowed).toBe(true);
  });

  it("networks match pod IPs too, as the API documents (not: external addresses only, nor implementation-defined)", () => {
    const p = cnp("no-10", {
      subject: { namespaces: nsA },
      egress: [{ action: "Deny", peers: [{ networks: ["10.0.0.2/32", "8.8.8.0/24"] }] }],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/server")).toMatchObject({ allowed: false });
    expect(can(s, "a/client", "c/other")).toMatchObject({ allowed: true, implementationDefined: false });
    expect(can(s, "a/client", "8.8.8.8").allowed).toBe(false);
    expect(can(s, "a/client", "1.1.1.1").allowed).toBe(true);
  });

  it("a nodes peer is not evaluated and the answer says so (not: silently matching nothing)", () => {
    const p = cnp("nodes", {
      subject: { namespaces: nsA },
      egress: [{ action: "Deny", peers: [{ nodes: all }] }],
    });
    const w = why(cluster({ pods, clusterNetworkPolicies: [p] }), "a/client", "8.8.8.8");
    expect(w.notes.join(" ")).toContain("nodes {} (all) is not evaluated");
  });

  it("a policy with no rules for a direction leaves that direction alone", () => {
    const p = cnp("egress-only", {
      subject: { namespaces: nsB },
      egress: [{ action: "Deny", peers: [{ namespaces: all }] }],
    });
    const s = cluster({ pods, policies: [allowAllB], clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/server").allowed).toBe(true);
  });
});

describe("rule 26: ports per version", () => {
  it("a v1beta1 range is inclusive and per protocol (not: TCP covers UDP)", () => {
    const p = cnp("range", {
      subject: { namespaces: nsB },
      ingress: [{ action: "Deny", peers: [{ namespaces: all }], ports: [cport("TCP", 8000, 8080)] }],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/server", 8080).allowed).toBe(false);
    expect(can(s, "a/client", "b/server", 8081).allowed).toBe(true);
    expect(can(s, "a/client", "b/server", 8080, "UDP").allowed).toBe(true);
  });

  it("a named port resolves on each destination pod (not: one number for every pod)", () => {
    const p = cnp("named", {
      subject: { pods: { namespaceSelector: all, podSelector: sel({ app: "server" }) } },
      ingress: [
        {
          action: "Deny",
          peers: [{ namespaces: all }],
          ports: [{ set: ["destinationNamedPort"], namedPort: "http" }],
        },
      ],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [p] });
    expect(can(s, "a/client", "b/server", 8080).allowed).toBe(false);
    expect(can(s, "a/client", "b/server", 9090).allowed).toBe(true);
    expect(can(s, "a/client", "c/other", 9090).allowed).toBe(false);
  });

  it("a v1alpha1 portRange without protocol is TCP", () => {
    const anp = cnp("anp", {
      kind: "AdminNetworkPolicy",
      subject: { namespaces: nsB },
      ingress: [
        {
          action: "Deny",
          peers: [{ namespaces: all }],
          ports: [{ set: ["portRange"], protocol: "TCP", range: { start: 79, end: 81 } }],
        },
      ],
    });
    const s = cluster({ pods, clusterNetworkPolicies: [anp] });
    expect(can(s, "a/client", "b/server", 80).allowed).toBe(false);
    expect(can(s, "a/client", "b/server", 80, "UDP").allowed).toBe(true);
  });
});
