import { describe, expect, it } from "vitest";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { can } from "@/lib/rbac/can";
import type { AccessRequest } from "@/lib/rbac/types";
import { whoCan } from "@/lib/rbac/who-can";
import { analysePaths } from "@/lib/paths/analyse-paths";
import { loadManifests } from "@/lib/sources/load-manifests";
import { areaFindings } from "@/lib/views/area-findings";
import { chainOf } from "@/lib/views/build-access-view";
import { pathView } from "@/lib/views/path-hop-view";

// What people read (finding messages, grant chains, who-can notes, attack-path hops) names Kubernetes objects
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
});
