import fc from "fast-check";
import {
  ACCOUNTS,
  NAMESPACES,
  NODES,
  USERS,
  clusterArb,
  toSnapshot,
} from "@/lib/paths/testing/random-cluster";
import { describe, expect, it } from "vitest";
import type { Pod, Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { canConnect } from "@/lib/netpol/can-connect";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import type { AccessRequest } from "@/lib/rbac/types";
import { userInfoFor } from "@/lib/rbac/user-info";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { entryNodes, search } from "@/lib/paths/find-paths";
import { refKey } from "@/lib/paths/refs";
import type { AttackRef, EntrySpec } from "@/lib/paths/types";

// A naive reference of docs/semantics.md §5 on random clusters: the edge list computed directly (the RBAC engine's
// `can` asked for every identity, object and request; the reachability engine's `canConnect` for every exposed
// port; pod fields read one by one), then Dijkstra over (hops, assumptions). The engine's layered search over its
// who-can-built graph must give the same hops and assumptions from every entry point to every node.
// The pod escapes (ATTACK-003..008, 020, 023) come from the generator's pod fields, ATTACK-020 from a sidecar in a
// pod that shares its process namespace.

interface NaiveEdge {
  from: string;
  to: string;
  hop: 0 | 1;
  assumption: 0 | 1;
}

const K = (r: AttackRef) => refKey(r);
const SA = (namespace: string, name: string): AttackRef => ({ kind: "ServiceAccount", namespace, name });
const CONTAINER = (p: Pod): AttackRef => ({
  kind: "Container",
  namespace: p.namespace,
  pod: p.name,
  name: "c",
});
/** Every container of a pod: "c", and the sidecar "s" when the pod has one. */
const CONTAINERS = (p: Pod): AttackRef[] =>
  [...p.containers, ...p.initContainers].map((c) => ({
    kind: "Container",
    namespace: p.namespace,
    pod: p.name,
    name: c.name,
  }));
const ADMIN: AttackRef = { kind: "Target", name: "cluster-admin" };
const ALL: AttackRef = { kind: "Target", name: "all-nodes" };
const NS_ADMIN = (namespace: string): AttackRef => ({ kind: "Target", name: "namespace-admin", namespace });
const SECRETS = (namespace: string): AttackRef => ({ kind: "Secret", namespace, name: "*" });

// The generator's host paths (lib/paths/testing/random-cluster.ts HOST_PATHS), by what a mount of each gives.
/** Writable: the node (ATTACK-007): sensitive paths, paths below them, their parents, runtime sockets. */
const WRITABLE_ESCAPES = new Set([
  "/",
  "/var",
  "/etc",
  "/etc/kubernetes",
  "/var/lib/kubelet",
  "/var/lib/kubelet/pods",
  "/var/lib/kubelet/pods/x",
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/home/user",
]);
/** Writable and allowed to read pod logs: the node (ATTACK-008): /var/log or a parent of it. */
const LOG_PARENTS = new Set(["/", "/var", "/var/log"]);
/** Read-only: the tokens of the node's pods (ATTACK-023): the kubelet's pods directory or a parent of it. */
const KUBELET_PODS_PARENTS = new Set(["/", "/var", "/var/lib/kubelet", "/var/lib/kubelet/pods"]);
/** Read-only: the node's identity (ATTACK-023): /etc/kubernetes or a parent of it. */
const ETC_KUBERNETES_PARENTS = new Set(["/", "/etc", "/etc/kubernetes"]);

function naiveEdges(s: Snapshot): NaiveEdge[] {
  const index = buildRbacIndex(s);
  const network = analyzeNetwork(s);
  const edges: NaiveEdge[] = [];
  const edge = (from: AttackRef, to: AttackRef, assumption: 0 | 1 = 0) =>
    edges.push({ from: K(from), to: K(to), hop: 1, assumption });
  const admits = (ns: string) => {
    const level = s.namespaces.find((n) => n.name === ns)?.labels["pod-security.kubernetes.io/enforce"];
    return level === undefined || level === "privileged";
  };
  const identities: { ref: AttackRef; user: string }[] = [
    ...NAMESPACES.flatMap((ns) =>
      ACCOUNTS.map((n) => ({ ref: SA(ns, n), user: `system:serviceaccount:${ns}:${n}` })),
    ),
    ...[...USERS, ...NODES.map((n) => `system:node:${n}`), "system:node:*"].map((u) => ({
      ref: { kind: "User", name: u } as AttackRef,
      user: u,
    })),
  ];
  const adminRoles = s.roles
    .filter((r) =>
      r.rules.some(
        (x) =>
          x.verbs.includes("*") &&
          x.apiGroups.includes("*") &&
          x.resources.includes("*") &&
          x.resourceNames.length === 0,
      ),
    )
    .map((r) => r.name);
  const named = new Set([
    ...s.bindings.flatMap((b) => b.subjects.filter((x) => x.kind === "User").map((x) => x.name)),
    // ...and users an impersonation rule names.
    ...s.roles.flatMap((r) =>
      r.rules.filter((x) => x.verbs.includes("impersonate")).flatMap((x) => x.resourceNames),
    ),
  ]);
  const impersonable = identities.filter(
    (id) =>
      id.ref.kind === "ServiceAccount" ||
      named.has(id.user) ||
      NODES.some((n) => id.user === `system:node:${n}`),
  );
  const groupsFor = (u: string) => (u.startsWith("system:node:") ? ["system:nodes"] : []);
  const podsIn = (ns: string) => s.pods.filter((p) => p.namespace === ns);

  const powers = (from: AttackRef, allows: (r: AccessRequest) => boolean) => {
    if (allows({ verb: "*", apiGroup: "*", resource: "*" })) edge(from, ADMIN);
    // Writing a binding plus bind or escalate on an admin-equivalent role.
    const rbacGroup = "rbac.authorization.k8s.io";
    const bindsAdmin = (namespace?: string) =>
      adminRoles.some((r) =>
        ["bind", "escalate"].some((verb) =>
          allows({
            verb,
            apiGroup: rbacGroup,
            resource: "clusterroles",
            name: r,
            ...(namespace ? { namespace } : {}),
          }),
        ),
      );
    const writes = (resource: string, namespace?: string) =>
      ["create", "update"].some((verb) =>
        allows({ verb, apiGroup: rbacGroup, resource, ...(namespace ? { namespace } : {}) }),
      );
    if (writes("clusterrolebindings") && bindsAdmin()) edge(from, ADMIN);
    for (const ns of NAMESPACES) if (writes("rolebindings", ns) && bindsAdmin(ns)) edge(from, NS_ADMIN(ns));
    for (const ns of NAMESPACES) {
      const inNs = (r: Omit<AccessRequest, "namespace">) => allows({ ...r, namespace: ns });
      if (
        inNs({ verb: "create", apiGroup: "", resource: "pods" }) ||
        inNs({ verb: "create", apiGroup: "apps", resource: "deployments" })
      ) {
        for (const a of ACCOUNTS) edge(from, SA(ns, a));
        if (admits(ns)) edge(from, ALL);
      }
      if (inNs({ verb: "list", apiGroup: "", resource: "secrets" })) edge(from, SECRETS(ns));
      for (const a of ACCOUNTS)
        if (
          inNs({ verb: "create", apiGroup: "", resource: "serviceaccounts", subresource: "token", name: a })
        )
          edge(from, SA(ns, a));
      for (const p of podsIn(ns)) {
        if (inNs({ verb: "create", apiGroup: "", resource: "pods", subresource: "exec", name: p.name }))
          for (const c of CONTAINERS(p)) edge(from, c);
        if (inNs({ verb: "patch", apiGroup: "", resource: "pods", name: p.name }))
          for (const c of CONTAINERS(p)) edge(from, c);
      }
    }
    // Users are known by name only where a binding names them (any other holds what its groups hold).
    for (const id of impersonable)
      if (allows({ verb: "impersonate", apiGroup: "", resource: "users", name: id.user })) edge(from, id.ref);
    for (const p of s.pods) {
      const request = {
        verb: "get",
        apiGroup: "",
        resource: "nodes",
        subresource: "proxy",
        ...(p.nodeName ? { name: p.nodeName } : {}),
      };
      if (allows(request)) for (const c of CONTAINERS(p)) edge(from, c);
    }
  };
  for (const id of identities) {
    const user = userInfoFor(id.user, groupsFor(id.user));
    powers(id.ref, (r) => can(index, user, r).decision === "allow");
    // A RoleBinding to every verb on every resource: the namespace's admin.
    for (const ns of NAMESPACES) {
      const g = can(index, user, { verb: "*", apiGroup: "*", resource: "*", namespace: ns }).grants;
      if (g.some((x) => x.binding.kind === "RoleBinding")) edge(id.ref, NS_ADMIN(ns));
    }
  }
  // cluster-admin and the namespace admins hold every permission (of their namespace).
  edge(ADMIN, ALL);
  for (const ns of NAMESPACES) {
    edge(ADMIN, NS_ADMIN(ns));
    powers(NS_ADMIN(ns), (r) => r.namespace === ns);
    for (const p of podsIn(ns)) for (const c of CONTAINERS(p)) edge(NS_ADMIN(ns), c);
  }

  const mounted = (p: Pod) =>
    p.automountServiceAccountToken ??
    s.serviceAccounts.find((a) => a.namespace === p.namespace && a.name === p.serviceAccountName)
      ?.automountServiceAccountToken ??
    true;
  for (const [i, p] of s.pods.entries()) {
    const c = CONTAINER(p);
    if (mounted(p)) edge(c, SA(p.namespace, p.serviceAccountName));
    // The sidecar holds the token and reaches the metadata service like "c", has no escape of its own, and with
    // a shared process namespace each container sees the other's processes (ATTACK-020).
    for (const sidecar of CONTAINERS(p).slice(1)) {
      if (mounted(p)) edge(sidecar, SA(p.namespace, p.serviceAccountName));
      edge(sidecar, { kind: "Target", name: "cloud-credentials" }, 1);
      if (p.shareProcessNamespace) {
        edge(c, sidecar);
        edge(sidecar, c);
      }
    }
    const node: AttackRef = { kind: "Node", name: p.nodeName ?? "*" };
    const container = p.containers[0];
    if (container?.security.privileged) edge(c, node);
    if (container) {
      // Container escapes (ATTACK-004..008, 023) read off the pod's fields, with the host paths of the
      // generator sorted by hand into what docs/semantics.md §5 says they give away.
      const sec = container.security;
      const adds = (cap: string) =>
        sec.capabilitiesAdd.some((x) => x === cap || x === `CAP_${cap}` || x === "ALL");
      const unconfined =
        sec.privileged ||
        sec.appArmorProfile === "Unconfined" ||
        p.annotations["container.apparmor.security.beta.kubernetes.io/c"] === "unconfined";
      if (p.hostPID && (sec.privileged || adds("SYS_ADMIN") || adds("SYS_PTRACE")))
        edge(c, node, unconfined ? 0 : 1);
      if (adds("SYS_MODULE")) edge(c, node);
      const mount = container.volumeMounts[0];
      const host = p.volumes.find((v) => v.name === mount?.name)?.hostPath?.path;
      if (mount && host !== undefined) {
        if (!mount.readOnly && WRITABLE_ESCAPES.has(host)) edge(c, node);
        const readsLogs = can(
          index,
          userInfoFor(`system:serviceaccount:${p.namespace}:${p.serviceAccountName}`),
          {
            verb: "get",
            apiGroup: "",
            resource: "pods",
            subresource: "log",
            namespace: p.namespace,
          },
        );
        if (!mount.readOnly && LOG_PARENTS.has(host) && readsLogs.decision === "allow") edge(c, node);
        if (mount.readOnly && KUBELET_PODS_PARENTS.has(host)) {
          // The tokens of the pods on its node: exactly when both nodes are known and equal; under the
          // assumption "scheduled on the same node" when either is not known.
          for (const t of s.pods) {
            if (!mounted(t)) continue;
            const same = p.nodeName !== undefined && t.nodeName === p.nodeName;
            const unknown = p.nodeName === undefined || t.nodeName === undefined;
            if (same || unknown) edge(c, SA(t.namespace, t.serviceAccountName), same ? 0 : 1);
          }
        }
        if (mount.readOnly && ETC_KUBERNETES_PARENTS.has(host))
          edge(c, { kind: "User", name: `system:node:${p.nodeName ?? "*"}` });
      }
    }
    edge(c, { kind: "Target", name: "cloud-credentials" }, 1);
    const exposed = s.services.some((svc) => svc.namespace === p.namespace && svc.name === `s${i}`);
    const answer = canConnect(
      network,
      { kind: "ip", ip: { family: 4, value: 0x08080808n }, id: "8.8.8.8" },
      { kind: "pod", index: i, pod: p, id: p.name },
      "TCP",
      80,
    );
    if (exposed && answer.allowed) edge({ kind: "Internet" }, c, 1);
  }
  const nodes: AttackRef[] = [
    ALL,
    ...NODES.map((name): AttackRef => ({ kind: "Node", name })),
    { kind: "Node", name: "*" },
  ];
  for (const node of nodes) {
    const names = node.kind === "Node" ? [node.name] : NODES;
    for (const n of names) edge(node, { kind: "User", name: `system:node:${n}` });
    for (const p of s.pods) {
      if (!mounted(p)) continue;
      const name = node.kind === "Node" ? node.name : undefined;
      if (name === undefined || p.nodeName === name) edge(node, SA(p.namespace, p.serviceAccountName));
      else if (name === "*" || p.nodeName === undefined) edge(node, SA(p.namespace, p.serviceAccountName), 1);
    }
  }
  return edges;
}

/** Dijkstra over cost = hops * 1000 + assumptions. */
function naiveDistances(edges: NaiveEdge[], sources: string[]): Map<string, [number, number]> {
  const cost = new Map<string, number>(sources.map((s) => [s, 0]));
  const done = new Set<string>();
  for (;;) {
    let best: string | undefined;
    for (const [k, v] of cost)
      if (!done.has(k) && (best === undefined || v < (cost.get(best) as number))) best = k;
    if (best === undefined) break;
    done.add(best);
    const base = cost.get(best) as number;
    for (const e of edges) {
      if (e.from !== best) continue;
      const c = base + e.hop * 1000 + e.assumption;
      if (!cost.has(e.to) || c < (cost.get(e.to) as number)) cost.set(e.to, c);
    }
  }
  return new Map([...cost].map(([k, v]) => [k, [Math.floor(v / 1000), v % 1000]]));
}

describe("the attack-path engine against a naive reference", () => {
  it("gives the same hops and assumptions from every entry point to every node on random clusters", () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const s = toSnapshot(c);
        const { graph } = buildAttackGraph(s);
        const edges = naiveEdges(s);
        const entries: { spec: EntrySpec; naive: string[] }[] = [
          { spec: { kind: "internet" }, naive: ["Internet"] },
          ...NAMESPACES.map((ns) => ({
            spec: { kind: "any-pod", namespace: ns } as EntrySpec,
            naive: s.pods.filter((p) => p.namespace === ns).flatMap((p) => CONTAINERS(p).map(K)),
          })),
          ...NAMESPACES.flatMap((ns) =>
            ACCOUNTS.map((a) => ({
              spec: { kind: "ref", ref: SA(ns, a) } as EntrySpec,
              naive: [K(SA(ns, a))],
            })),
          ),
          ...USERS.map((u) => ({
            spec: { kind: "ref", ref: { kind: "User", name: u } } as EntrySpec,
            naive: [K({ kind: "User", name: u })],
          })),
        ];
        const observed = new Set(edges.flatMap((e) => [e.from, e.to]));
        for (const entry of entries) {
          const naive = naiveDistances(edges, entry.naive);
          const sources = entryNodes(graph, entry.spec);
          const result = search(graph, sources);
          for (const key of observed) {
            if (entry.naive.includes(key)) continue;
            const id = graph.index.get(key);
            const engine =
              id === undefined || (result.dist[id] as number) < 0
                ? undefined
                : [result.dist[id] as number, result.assumptions[id] as number];
            const want = naive.get(key);
            expect(engine, `${JSON.stringify(entry.spec)} -> ${key}`).toEqual(want);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
