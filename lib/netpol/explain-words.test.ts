import { describe, expect, it } from "vitest";
import type { Protocol, Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection, type ConnectionExplanation } from "@/lib/netpol/explain-connection";
import { ordinal } from "@/lib/netpol/explain-words";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";
import { loadManifests } from "@/lib/sources/load-manifests";

// Explanations speak in Kubernetes words and the objects' names, never in docs/semantics.md's rule numbers.

function explain(s: Snapshot, from: string, to: string, proto: Protocol = "TCP", port = 80) {
  const a = analyzeNetwork(s);
  return explainConnection(a, resolveEndpoint(a, from), resolveEndpoint(a, to), proto, port);
}

const web = pod("shop", "web", { app: "web" }, { podIPs: ["10.0.0.10"] });
const api = pod("shop", "api", { app: "api" }, { podIPs: ["10.0.0.11"] });
const db = pod("shop", "db", { app: "db" }, { podIPs: ["10.0.0.12"] });
const toApi = { podSelector: sel({ app: "api" }) };

/** Every sentence an explanation shows: side reasons, notes, tier notes. */
function sentences(e: ConnectionExplanation): string[] {
  return [
    e.egress.reason,
    e.ingress.reason,
    ...e.notes,
    ...[e.egress, e.ingress].flatMap((s) => [
      ...(s.tiers?.notEvaluated ?? []),
      ...(s.tiers?.ambiguous ? [s.tiers.ambiguous] : []),
      ...(s.tiers?.baselineSkipped ? [s.tiers.baselineSkipped] : []),
    ]),
  ];
}

// "rule 6", "(rules 6, 7)", "egress[0]": numbers a reader cannot look up on the screen (a field path such as
// spec.egress[0].to[0] names a place in the YAML the page opens, and stays).
const RULE_NUMBER = /\brules? \d|(?<!spec\.)\b(ingress|egress)\[\d+\]|§\d/;

describe("network explanations in words", () => {
  it("counts rules as people do", () => {
    expect([0, 1, 2, 3, 10, 11, 12, 20, 21, 100, 110].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
      "111th",
    ]);
  });

  it("says a pod no policy selects is unrestricted", () => {
    const e = explain(cluster({ pods: [web, api] }), "shop/web", "shop/api");
    expect(e.egress.reason).toBe(
      "no NetworkPolicy selects this pod for egress, so its egress is unrestricted",
    );
    expect(e.ingress.reason).toBe(
      "no NetworkPolicy selects this pod for ingress, so its ingress is unrestricted",
    );
  });

  it("says a policy that selects the pod for egress and allows none denies all of its egress", () => {
    const s = cluster({
      pods: [web, api],
      policies: [policy("shop", "lockdown", { podSelector: sel({ app: "web" }), policyTypes: ["Egress"] })],
    });
    expect(explain(s, "shop/web", "shop/api").egress.reason).toBe(
      "NetworkPolicy lockdown selects this pod for egress and allows no egress at all, so every egress connection of this pod is denied",
    );
  });

  it("names the rule that allows a connection by its place in the policy, with its peer and port", () => {
    const s = cluster({
      pods: [web, api],
      policies: [
        policy("shop", "web-out", {
          podSelector: sel({ app: "web" }),
          policyTypes: ["Egress"],
          egress: [rule([{ podSelector: sel({ app: "db" }) }]), rule([toApi], [{ port: 80 }])],
        }),
      ],
    });
    expect(explain(s, "shop/web", "shop/api").egress.reason).toBe(
      "allowed by the 2nd egress rule of NetworkPolicy shop/web-out (to podSelector {app=api}, on TCP/80)",
    );
  });

  it("says whether the peer or the port is what no rule allows", () => {
    const only = (egress: ReturnType<typeof rule>[]) =>
      cluster({
        pods: [web, api, db],
        policies: [
          policy("shop", "web-out", { podSelector: sel({ app: "web" }), policyTypes: ["Egress"], egress }),
        ],
      });
    expect(explain(only([rule([toApi], [{ port: 443 }])]), "shop/web", "shop/api").egress.reason).toBe(
      "NetworkPolicy web-out selects this pod for egress; traffic to this destination is allowed, but not on TCP/80",
    );
    expect(explain(only([rule([toApi], [{ port: 80 }])]), "shop/web", "shop/db").egress.reason).toBe(
      "NetworkPolicy web-out selects this pod for egress; TCP/80 is allowed, but not to this destination",
    );
    expect(
      explain(
        only([rule([toApi], [{ port: 443 }]), rule([{ podSelector: sel({ app: "db" }) }], [{ port: 80 }])]),
        "shop/web",
        "shop/api",
      ).egress.reason,
    ).toBe(
      "NetworkPolicy web-out selects this pod for egress; one rule allows traffic to this destination and another allows TCP/80, but no single rule allows both (a rule's peers and ports go together)",
    );
    expect(explain(only([rule([toApi], [{ port: 443 }])]), "shop/web", "shop/db").egress.reason).toBe(
      "NetworkPolicy web-out selects this pod for egress, and none of its rules allows traffic to this destination on TCP/80",
    );
  });

  it("names a cluster-tier decision by policy, tier, priority and the rule's place and name", async () => {
    const tiers = await loadManifests(["fixtures/netpol-tiers"]);
    expect(explain(tiers, "shop/web", "billing/ledger", "TCP", 9090).egress.reason).toBe(
      "denied by AdminNetworkPolicy shop-not-to-billing (Admin tier, priority 5), its 1st egress rule “no-billing”",
    );
  });

  it("never shows a rule number, over every pair of the demo's and the tiers fixture's pods on common ports", async () => {
    for (const dir of ["fixtures/demo", "fixtures/netpol-tiers"]) {
      const s = await loadManifests([dir]);
      const a = analyzeNetwork(s);
      const ids = s.pods.map((p) => `${p.namespace}/${p.name}`).slice(0, 40);
      let checked = 0;
      for (const from of ids)
        for (const to of [...ids.slice(0, 12), "169.254.169.254", "8.8.8.8"])
          for (const [proto, port] of [
            ["TCP", 80],
            ["UDP", 53],
          ] as const) {
            const e = explainConnection(a, resolveEndpoint(a, from), resolveEndpoint(a, to), proto, port);
            for (const text of sentences(e))
              expect(text, `${from} -> ${to} ${proto}/${port}`).not.toMatch(RULE_NUMBER);
            checked++;
          }
      expect(checked).toBeGreaterThan(20);
    }
  });
});
