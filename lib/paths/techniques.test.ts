import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/sources/load-manifests";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { findPaths } from "@/lib/paths/find-paths";
import { isHub } from "@/lib/paths/hubs";
import { ALL_NODES, CLOUD_CREDENTIALS, CLUSTER_ADMIN, INTERNET, refKey } from "@/lib/paths/refs";
import type { AttackRef } from "@/lib/paths/types";

// One fixture per technique (fixtures/paths/), each with a case that yields the edge and a near miss that must not.

const user = (name: string): AttackRef => ({ kind: "User", name });
const sa = (namespace: string, name: string): AttackRef => ({ kind: "ServiceAccount", namespace, name });
const container = (namespace: string, pod: string, name: string): AttackRef => ({
  kind: "Container",
  namespace,
  pod,
  name,
});
const node = (name: string): AttackRef => ({ kind: "Node", name });

interface Case {
  technique: string;
  fixture: string;
  lateral?: boolean;
  yes: [AttackRef, AttackRef][];
  no: [AttackRef, AttackRef][];
}

const cases: Case[] = [
  {
    technique: "ATTACK-001",
    fixture: "attack-001-exposed.yaml",
    yes: [[INTERNET, container("yes", "web", "web")]],
    no: [
      [INTERNET, container("yes", "web", "sidecar")],
      [INTERNET, container("no", "web", "web")],
    ],
  },
  {
    technique: "ATTACK-002",
    fixture: "attack-002-lateral.yaml",
    lateral: true,
    yes: [[container("yes", "client", "client"), container("yes", "api", "api")]],
    no: [[container("no", "client", "client"), container("no", "api", "api")]],
  },
  {
    technique: "ATTACK-003",
    fixture: "attack-003-privileged.yaml",
    yes: [[container("yes", "tool", "tool"), node("node-1")]],
    no: [[container("no", "tool", "tool"), node("node-1")]],
  },
  {
    technique: "ATTACK-004",
    fixture: "attack-004-hostpid.yaml",
    yes: [[container("yes", "tool", "tool"), node("node-1")]],
    no: [[container("no", "tool", "tool"), node("node-1")]],
  },
  {
    technique: "ATTACK-006",
    fixture: "attack-006-ptrace.yaml",
    yes: [[container("yes", "tool", "tool"), node("node-1")]],
    no: [[container("no", "tool", "tool"), node("node-1")]],
  },
  {
    technique: "ATTACK-007",
    fixture: "attack-007-hostpath.yaml",
    yes: [[container("yes", "builder", "builder"), node("node-1")]],
    no: [[container("no", "builder", "builder"), node("node-1")]],
  },
  {
    technique: "ATTACK-008",
    fixture: "attack-008-var-log.yaml",
    yes: [[container("yes", "logger", "logger"), node("node-1")]],
    no: [[container("no", "logger", "logger"), node("node-1")]],
  },
  {
    technique: "ATTACK-020",
    fixture: "attack-020-share-process.yaml",
    yes: [[container("yes", "app", "app"), container("yes", "app", "vault-agent")]],
    no: [[container("no", "app", "app"), container("no", "app", "vault-agent")]],
  },
  {
    technique: "ATTACK-023",
    fixture: "attack-023-kubelet-dir.yaml",
    yes: [[container("yes", "reader", "reader"), sa("yes", "robot")]],
    no: [[container("no", "reader", "reader"), sa("yes", "robot")]],
  },
  {
    technique: "ATTACK-005",
    fixture: "attack-005-sys-module.yaml",
    yes: [[container("yes", "tool", "tool"), node("node-1")]],
    no: [[container("no", "tool", "tool"), node("node-1")]],
  },
  {
    technique: "ATTACK-009",
    fixture: "attack-009-token.yaml",
    yes: [[container("yes", "app", "app"), sa("yes", "robot")]],
    no: [[container("no", "app", "app"), sa("no", "robot")]],
  },
  {
    technique: "ATTACK-010",
    fixture: "attack-010-node.yaml",
    yes: [
      [node("node-1"), sa("yes", "robot")],
      [node("node-1"), user("system:node:node-1")],
    ],
    no: [[node("node-1"), sa("no", "robot")]],
  },
  {
    technique: "ATTACK-011",
    fixture: "attack-011-create-pods.yaml",
    yes: [
      [user("deployer"), sa("yes", "robot")],
      [user("deployer"), ALL_NODES],
      [user("deployer2"), sa("no", "robot")],
    ],
    no: [
      [user("deployer2"), ALL_NODES],
      [user("deployer"), sa("no", "robot")],
    ],
  },
  {
    technique: "ATTACK-012",
    fixture: "attack-012-exec.yaml",
    yes: [[user("operator"), container("yes", "app", "app")]],
    no: [[user("operator"), container("no", "app", "app")]],
  },
  {
    technique: "ATTACK-013",
    fixture: "attack-013-patch.yaml",
    yes: [[user("releaser"), container("yes", "web[Deployment]", "web")]],
    no: [[user("releaser"), container("no", "batch[Job]", "batch")]],
  },
  {
    technique: "ATTACK-014",
    fixture: "attack-014-bind.yaml",
    yes: [[user("mallory"), CLUSTER_ADMIN]],
    no: [[user("eve"), CLUSTER_ADMIN]],
  },
  {
    technique: "ATTACK-015",
    fixture: "attack-015-impersonate.yaml",
    yes: [[user("imp"), CLUSTER_ADMIN]],
    no: [[user("nope"), CLUSTER_ADMIN]],
  },
  {
    technique: "ATTACK-016",
    fixture: "attack-016-token-secret.yaml",
    yes: [[user("reader"), sa("yes", "robot")]],
    no: [[user("reader"), sa("no", "robot")]],
  },
  {
    technique: "ATTACK-017",
    fixture: "attack-017-token-request.yaml",
    yes: [[user("minter"), sa("yes", "robot")]],
    no: [[user("minter"), sa("no", "robot")]],
  },
  {
    technique: "ATTACK-018",
    fixture: "attack-018-node-proxy.yaml",
    yes: [[user("kubelet-user"), container("yes", "app", "app")]],
    no: [[user("nope"), container("yes", "app", "app")]],
  },
  {
    technique: "ATTACK-019",
    fixture: "attack-019-csr.yaml",
    yes: [[user("issuer"), user("*")]],
    no: [[user("kubelet-approver"), user("*")]],
  },
  {
    technique: "ATTACK-021",
    fixture: "attack-021-metadata.yaml",
    yes: [[container("yes", "app", "app"), CLOUD_CREDENTIALS]],
    no: [[container("no", "app", "app"), CLOUD_CREDENTIALS]],
  },
  {
    technique: "ATTACK-022",
    fixture: "attack-022-webhook.yaml",
    yes: [[user("hooker"), CLUSTER_ADMIN]],
    no: [[user("watcher"), CLUSTER_ADMIN]],
  },
  {
    technique: "ATTACK-024",
    fixture: "attack-024-secrets.yaml",
    yes: [
      [
        { kind: "Group", name: "system:serviceaccounts:yes" },
        { kind: "Secret", namespace: "yes", name: "*" },
      ],
    ],
    no: [
      [
        { kind: "Group", name: "system:serviceaccounts:no" },
        { kind: "Secret", namespace: "no", name: "*" },
      ],
    ],
  },
];

async function graphOf(fixture: string, lateral = false) {
  return buildAttackGraph(await loadManifests([`fixtures/paths/${fixture}`]), { lateral }).graph;
}

describe("each attack technique", () => {
  for (const c of cases) {
    it(`${c.technique}: ${c.fixture} yields the edge for the positive case and none for the near miss`, async () => {
      const graph = await graphOf(c.fixture, c.lateral);
      // An edge to the node itself, or to an "every container" node that stands for it (lib/paths/hubs.ts).
      const standsFor = (hub: number, target: number): boolean =>
        hub === target || (graph.links[hub] ?? []).some((t) => standsFor(t, target));
      const has = ([from, to]: [AttackRef, AttackRef]) =>
        graph.edges.some(
          (e, i) =>
            e.technique === c.technique &&
            refKey(e.from) === refKey(from) &&
            graph.index.get(refKey(to)) !== undefined &&
            (refKey(e.to) === refKey(to) ||
              (isHub(e.to) && standsFor(graph.edgeTo[i] as number, graph.index.get(refKey(to)) as number))),
        );
      for (const pair of c.yes) expect(has(pair), `${refKey(pair[0])} -> ${refKey(pair[1])}`).toBe(true);
      for (const pair of c.no) expect(has(pair), `${refKey(pair[0])} -> ${refKey(pair[1])}`).toBe(false);
      for (const e of graph.edges.filter((e) => e.technique === c.technique))
        expect(e.evidence.length).toBeGreaterThan(0);
    });
  }
});

describe("edges as facts of the other engines", () => {
  it("an escape through hostPID needs no AppArmor assumption when the container is unconfined, and says so when not", async () => {
    const unconfined = (await graphOf("attack-004-hostpid.yaml")).edges.find(
      (e) => e.technique === "ATTACK-004",
    );
    expect(unconfined?.assumption).toBeUndefined();
    const confined = (await graphOf("attack-006-ptrace.yaml")).edges.find(
      (e) => e.technique === "ATTACK-006",
    );
    expect(confined?.assumption).toBe("the node runs without AppArmor");
  });

  it("ATTACK-011 reads enforcement as the admission plugin does: an unparsable level fails closed", async () => {
    const s = await loadManifests(["fixtures/paths/attack-011-create-pods.yaml"]);
    const odd = {
      ...s,
      namespaces: s.namespaces.map((n) =>
        n.name === "yes"
          ? { ...n, labels: { ...n.labels, "pod-security.kubernetes.io/enforce": "strict" } }
          : n,
      ),
    };
    const graph = buildAttackGraph(odd).graph;
    expect(graph.edges.some((e) => e.technique === "ATTACK-011" && refKey(e.to) === refKey(ALL_NODES))).toBe(
      false,
    );
  });

  it("ATTACK-001 carries the exposing object and the reachability verdict, and the exploitability assumption", async () => {
    const graph = await graphOf("attack-001-exposed.yaml");
    const edge = graph.edges.find((e) => e.technique === "ATTACK-001");
    expect(edge?.assumption).toMatch(/exploitable/);
    expect(edge?.evidence).toEqual([
      expect.objectContaining({
        type: "exposure",
        object: { kind: "Service", namespace: "yes", name: "web" },
        port: "TCP/8080",
      }),
      expect.objectContaining({
        type: "network",
        direction: "ingress",
        text: "no NetworkPolicy isolates it for ingress",
      }),
    ]);
  });

  it("ATTACK-011 names the binding, the rule and the namespace's missing enforcement", async () => {
    const graph = await graphOf("attack-011-create-pods.yaml");
    const edge = graph.edges.find((e) => e.technique === "ATTACK-011" && refKey(e.to) === refKey(ALL_NODES));
    expect(edge?.evidence).toEqual([
      expect.objectContaining({
        type: "rbac",
        binding: { kind: "RoleBinding", namespace: "yes", name: "deployer" },
      }),
      expect.objectContaining({ type: "field", object: { kind: "Namespace", name: "yes" } }),
    ]);
  });

  it("a grant to a group counts for its members at no extra hop", async () => {
    const graph = await graphOf("attack-024-secrets.yaml");
    const [path] = findPaths(
      graph,
      { kind: "ref", ref: sa("yes", "app") },
      { kind: "secrets", namespace: "yes" },
    );
    expect(path?.hops.map((h) => h.technique)).toEqual(["ATTACK-024"]);
    expect(findPaths(graph, { kind: "ref", ref: sa("no", "app") }, { kind: "secrets" })).toEqual([]);
  });

  it("a node reaches the token of a pod it may host only under the co-location assumption", async () => {
    const graph = await graphOf("attack-009-token.yaml");
    const edge = graph.edges.find(
      (e) =>
        e.technique === "ATTACK-010" &&
        refKey(e.to) === refKey(sa("yes", "robot")) &&
        refKey(e.from) === refKey(ALL_NODES),
    );
    expect(edge?.assumption).toBeUndefined();
  });
});
