import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExplanationPanel } from "@/components/network/explanation-panel";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection } from "@/lib/netpol/explain-connection";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { can } from "@/lib/rbac/can";
import type { AccessRequest } from "@/lib/rbac/types";
import { whoCan } from "@/lib/rbac/who-can";
import { analysePaths } from "@/lib/paths/analyse-paths";
import { loadManifests } from "@/lib/sources/load-manifests";
import { areaFindings } from "@/lib/views/area-findings";
import { chainOf } from "@/lib/views/build-access-view";
import { pathView } from "@/lib/views/path-hop-view";

// What people read (finding messages, grant chains, who-can notes, attack-path hops, the Network page's
// explanation panel as rendered) names Kubernetes objects
// and fields, never the numbers of docs/semantics.md's rules ("rule 6", "(rules 6, 7)") or a policy rule's bare
// index ("egress[0]"). A field path (spec.egress[0].to[0]) names a place in the object's YAML, and stays.
const RULE_NUMBER = /\brules? \d|(?<![.\w])(ingress|egress)\[\d+\]|§\d/;
const FIXTURES = [
  "fixtures/demo",
  "fixtures/rbac-traps",
  "fixtures/workload-hardening",
  "fixtures/demo-certificates",
  "fixtures/netpol-tiers",
  "fixtures/netpol-invalid",
  "fixtures/paths",
];
const NOW = new Date("2026-06-01T00:00:00Z");

describe("messages in words, not rule numbers", () => {
  it.each(FIXTURES)("every finding of %s", async (dir) => {
    const findings = areaFindings(await loadManifests([dir]), "all", NOW);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message, f.rule).not.toMatch(RULE_NUMBER);
  });

  it("RBAC grant chains, decisions and who-can notes on the demo", async () => {
    const index = analyzeRbac(await loadManifests(["fixtures/demo"])).index;
    const requests: AccessRequest[] = [
      { verb: "get", resource: "secrets", apiGroup: "", namespace: "kube-system" },
      { verb: "create", resource: "pods", subresource: "exec", apiGroup: "", namespace: "shop" },
      { verb: "list", resource: "nodes", apiGroup: "" },
    ];
    for (const r of requests) {
      const who = whoCan(index, r);
      expect(who.subjects.length).toBeGreaterThan(0);
      for (const text of [...who.notes, ...who.subjects.flatMap((s) => s.grants.map((g) => chainOf(g).rule))])
        expect(text).not.toMatch(RULE_NUMBER);
      const answer = can(index, { name: "carol", groups: ["system:authenticated"] }, r);
      expect(answer.reason ?? "").not.toMatch(RULE_NUMBER);
    }
  });

  it("attack-path hops on the paths fixture", async () => {
    const paths = analysePaths(await loadManifests(["fixtures/paths"])).findings.map((f) => f.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(JSON.stringify(paths.map((p, i) => pathView(p, i)))).not.toMatch(RULE_NUMBER);
  });

  it("the Network page's explanation panel, as rendered, over pairs of the demo's and the tiers fixture's pods", async () => {
    let tierRules = 0;
    let allowingRules = 0;
    for (const dir of ["fixtures/demo", "fixtures/netpol-tiers"]) {
      const s = await loadManifests([dir]);
      const a = analyzeNetwork(s);
      const ids = s.pods.map((p) => `${p.namespace}/${p.name}`).slice(0, 30);
      for (const from of ids)
        for (const to of [...ids.slice(0, 12), "169.254.169.254", "8.8.8.8"])
          for (const [proto, port] of [
            ["TCP", 80],
            ["UDP", 53],
            ["TCP", 8085],
          ] as const) {
            const e = explainConnection(a, resolveEndpoint(a, from), resolveEndpoint(a, to), proto, port);
            const text = renderToStaticMarkup(<ExplanationPanel explanation={e} />).replace(/<[^>]+>/g, " ");
            expect(text, `${from} -> ${to} ${proto}/${port}`).not.toMatch(RULE_NUMBER);
            for (const side of [e.egress, e.ingress]) {
              tierRules += side.tiers?.steps.filter((d) => d.rule !== undefined).length ?? 0;
              allowingRules += side.allowedBy.length;
            }
          }
    }
    // The sweep met both kinds of rule the panel names: a cluster-tier rule that decided, a rule that allows.
    expect(tierRules).toBeGreaterThan(0);
    expect(allowingRules).toBeGreaterThan(0);
  });
});
