import { describe, expect, it } from "vitest";
import { parsePolicyText } from "@/app/api/network/what-if/parse-policy-text";
import { VigilError } from "@/lib/errors";
import {
  boundWhatIfAnswer,
  checkWhatIfCost,
  WHAT_IF_LIMITS,
  whatIfGroups,
  whatIfRows,
  type WhatIfAnswer,
} from "@/lib/views/what-if-answer";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof VigilError ? err.code : "not a VigilError";
  }
}

/** The attack: 7.9 KB of flow-style YAML, ::/0 with 560 /128 excepts spread over the address space. */
function attackText(excepts: number): string {
  const list = Array.from({ length: excepts }, (_, i) => `${(i * 117 + 1).toString(16)}::1/128`).join(",");
  return `{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"namespace":"g04","name":"w"},"spec":{"podSelector":{},"policyTypes":["Egress"],"egress":[{"to":[{"ipBlock":{"cidr":"::/0","except":[${list
    .split(",")
    .map((c) => `"${c}"`)
    .join(",")}]}}]}]}}`;
}

describe("the what-if limits", () => {
  it("refuse 560 excepts before any analysis, with too-large", () => {
    const text = attackText(560);
    expect(text.length).toBeLessThanOrEqual(WHAT_IF_LIMITS.textBytes);
    const { policies } = parsePolicyText(text, "2026-01-01T00:00:00Z");
    expect(codeOf(() => checkWhatIfCost(policies))).toBe("too-large");
  });

  it("accept a policy within every limit", () => {
    const { policies } = parsePolicyText(attackText(WHAT_IF_LIMITS.excepts), "2026-01-01T00:00:00Z");
    expect(codeOf(() => checkWhatIfCost(policies))).toBeUndefined();
  });

  it("count rules, peers and policies too", () => {
    const peers = Array.from({ length: WHAT_IF_LIMITS.peers + 1 }, () => "{podSelector: {}}").join(", ");
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: g04, name: p}
spec: {podSelector: {}, ingress: [{from: [${peers}]}]}`;
    expect(codeOf(() => checkWhatIfCost(parsePolicyText(text, "2026-01-01T00:00:00Z").policies))).toBe(
      "too-large",
    );
    expect(codeOf(() => checkWhatIfCost([], WHAT_IF_LIMITS.deletes + 1))).toBe("too-large");
  });

  it("count the rules, peers and networks CIDRs of cluster-tier policies too", () => {
    const cnp = (peers: string) => `apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: c}
spec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [${peers}]}]}`;
    const parse = (text: string) => parsePolicyText(text, "2026-01-01T00:00:00Z").clusterPolicies;
    const manyPeers = Array.from({ length: WHAT_IF_LIMITS.peers + 1 }, () => "{namespaces: {}}").join(", ");
    expect(codeOf(() => checkWhatIfCost([], 0, parse(cnp(manyPeers))))).toBe("too-large");
    const cidrs = Array.from({ length: WHAT_IF_LIMITS.excepts + 1 }, (_, i) => `"10.0.${i}.0/24"`).join(", ");
    expect(codeOf(() => checkWhatIfCost([], 0, parse(cnp(`{networks: [${cidrs}]}`))))).toBe("too-large");
    expect(codeOf(() => checkWhatIfCost([], 0, parse(cnp("{namespaces: {}}"))))).toBeUndefined();
    const many = Array.from(
      { length: WHAT_IF_LIMITS.policies + 1 },
      () => parse(cnp("{namespaces: {}}"))[0]!,
    );
    expect(codeOf(() => checkWhatIfCost([], 0, many))).toBe("too-large");
  });

  it("cut long answers, keeping the totals and only the externals still named", () => {
    const many = Array.from({ length: WHAT_IF_LIMITS.listedChanges + 10 }, (_, i) => ({
      from: `ns/w${i}[Deployment]`,
      to: i === 0 ? "ext:0123456789abcdef" : "ns/db[StatefulSet]",
      ports: [{ protocol: "TCP", from: 80, to: 80 }],
    }));
    const answer: WhatIfAnswer = {
      gained: many,
      lost: [],
      gainedTotal: many.length,
      lostTotal: 0,
      externals: [
        { id: "ext:0123456789abcdef", label: "::/0 except 560 ranges" },
        { id: "ext:ffff", label: "unused" },
      ],
      changes: [],
      invalid: [],
      warnings: [],
      partial: false,
    };
    const bounded = boundWhatIfAnswer(answer);
    expect(bounded.gained).toHaveLength(WHAT_IF_LIMITS.listedChanges);
    expect(bounded.gainedTotal).toBe(many.length);
    expect(bounded.externals.map((e) => e.id)).toEqual(["ext:0123456789abcdef"]);
  });

  it("refuse an answer still over the byte bound", () => {
    const huge: WhatIfAnswer = {
      gained: [],
      lost: [],
      gainedTotal: 0,
      lostTotal: 0,
      externals: [],
      changes: [],
      invalid: [],
      warnings: ["x".repeat(WHAT_IF_LIMITS.answerBytes)],
      partial: false,
    };
    expect(codeOf(() => boundWhatIfAnswer(huge))).toBe("too-large");
  });
});

describe("the what-if rows", () => {
  it("name the internet and cloud metadata in words, merge their families, list workload pairs first, and stay within 200 characters", async () => {
    const { whatIf } = await import("@/lib/netpol/what-if");
    const { loadManifests } = await import("@/lib/sources/load-manifests");
    const snapshot = await loadManifests(["fixtures/demo"]);
    // Egress of every g04 pod limited to TCP 443 anywhere: frontend loses backend's 3000, the internet's other
    // ports and cloud metadata's, in both address families.
    const text = [
      "apiVersion: networking.k8s.io/v1",
      "kind: NetworkPolicy",
      "metadata: { namespace: g04, name: only-443 }",
      "spec:",
      "  podSelector: {}",
      "  policyTypes: [Egress]",
      "  egress: [{ ports: [{ protocol: TCP, port: 443 }] }]",
    ].join("\n");
    const { policies } = parsePolicyText(text, "2026-01-01T00:00:00Z");
    const result = whatIf(snapshot, { apply: policies });
    const rows = whatIfRows(result, result.lost);
    const texts = rows.map((r) => r.text);
    expect(texts).toContain("g04/frontend[Pod] → g04/backend[Pod]: TCP 3000");
    const internet = rows.find((r) => r.text.startsWith("g04/frontend[Pod] → internet: "));
    expect(internet?.text).toBe("g04/frontend[Pod] → internet: TCP 1-442, TCP 444-65535, UDP all, SCTP all");
    expect(internet?.title).toContain("0.0.0.0/0 except 169.254.169.254/32");
    expect(internet?.title).toContain("::/0 except fd00:ec2::254/128");
    expect(texts.filter((t) => t.startsWith("g04/frontend[Pod] → internet"))).toHaveLength(1);
    expect(texts.some((t) => t.startsWith("g04/frontend[Pod] → cloud metadata: "))).toBe(true);
    // Workload pairs first.
    const firstExternal = rows.findIndex((r) => !r.betweenWorkloads);
    expect(firstExternal).toBeGreaterThan(0);
    expect(rows.slice(firstExternal).every((r) => !r.betweenWorkloads)).toBe(true);
  });

  it("never give a row longer than 200 characters: long port lists are counted, long names shortened", () => {
    const longName = `${"n".repeat(63)}/${"w".repeat(200)}[Deployment]`;
    const ports = Array.from({ length: 300 }, (_, i) => ({
      protocol: "TCP",
      from: 2 * i + 1,
      to: 2 * i + 1,
    }));
    const rows = whatIfRows({ externals: [] }, [{ from: longName, to: "a/b[Pod]", ports }]);
    expect(rows[0]?.text.length).toBeLessThanOrEqual(200);
    expect(rows[0]?.text).toMatch(/ and \d+ more$/);
    expect(rows[0]?.toText.length).toBeLessThanOrEqual(200);
    expect(rows[0]?.toText).toMatch(/^→ a\/b\[Pod\]: TCP 1, TCP 3, .* and \d+ more$/);
    expect(rows[0]?.title).toContain(longName);
  });

  it("group by source workload: every row of a source together, workload sources first, rows in list order", () => {
    const externals: WhatIfAnswer["externals"] = [{ id: "0.0.0.0/0", label: "0.0.0.0/0", internet: true }];
    const tcp = (port: number) => [{ protocol: "TCP", from: port, to: port }];
    const list = [
      { from: "0.0.0.0/0", to: "shop/web[Deployment]", ports: tcp(443) },
      { from: "g04/frontend[Pod]", to: "0.0.0.0/0", ports: tcp(80) },
      { from: "shop/web[Deployment]", to: "shop/db[Deployment]", ports: tcp(5432) },
      { from: "g04/frontend[Pod]", to: "g04/backend[Pod]", ports: tcp(3000) },
      { from: "shop/web[Deployment]", to: "0.0.0.0/0", ports: tcp(443) },
    ];
    const groups = whatIfGroups({ externals }, list);
    expect(groups.map((g) => g.from)).toEqual(["g04/frontend[Pod]", "shop/web[Deployment]", "internet"]);
    expect(groups.map((g) => g.rows.map((r) => r.text))).toEqual([
      ["g04/frontend[Pod] → g04/backend[Pod]: TCP 3000", "g04/frontend[Pod] → internet: TCP 80"],
      ["shop/web[Deployment] → shop/db[Deployment]: TCP 5432", "shop/web[Deployment] → internet: TCP 443"],
      ["internet → shop/web[Deployment]: TCP 443"],
    ]);
    // Under its source's heading a row names the destination only: each source is named once.
    expect(groups.map((g) => g.rows.map((r) => r.toText))).toEqual([
      ["→ g04/backend[Pod]: TCP 3000", "→ internet: TCP 80"],
      ["→ shop/db[Deployment]: TCP 5432", "→ internet: TCP 443"],
      ["→ shop/web[Deployment]: TCP 443"],
    ]);
    // Nothing lost or added: the groups hold exactly the rows.
    expect(groups.flatMap((g) => g.rows.map((r) => r.key)).sort()).toEqual(
      whatIfRows({ externals }, list)
        .map((r) => r.key)
        .sort(),
    );
  });
});
