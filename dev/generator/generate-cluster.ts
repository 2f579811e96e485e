import { buildSnapshot, type RawInput } from "@/lib/model/build-snapshot";
import type { Snapshot } from "@/lib/model/types";

// Large synthetic clusters for benchmarks and the demo's large mode. Deterministic: the same options give the
// same objects, byte for byte. Objects are raw Kubernetes JSON, so they can be written as manifests and read
// back through the real loader, or mapped straight into a Snapshot.

export interface GenerateOptions {
  seed: number;
  namespaces: number;
  podsPerNamespace: number;
  policiesPerNamespace: number;
  /** ClusterRoles and Roles in all. */
  roles: number;
  /** ClusterRoleBindings and RoleBindings in all. */
  bindings: number;
}

type Raw = Record<string, unknown>;

/** mulberry32: a small, fast, seedable PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ["web", "api", "db", "cache", "worker"] as const;
const TEAMS = ["payments", "search", "identity", "data", "platform", "growth"] as const;
const VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "*",
] as const;
const RESOURCES: readonly [string, string][] = [
  ["", "pods"],
  ["", "pods/log"],
  ["", "pods/exec"],
  ["", "secrets"],
  ["", "configmaps"],
  ["", "services"],
  ["", "serviceaccounts"],
  ["", "serviceaccounts/token"],
  ["", "namespaces"],
  ["", "nodes"],
  ["", "persistentvolumes"],
  ["apps", "deployments"],
  ["apps", "deployments/scale"],
  ["apps", "statefulsets"],
  ["apps", "daemonsets"],
  ["batch", "jobs"],
  ["batch", "cronjobs"],
  ["networking.k8s.io", "networkpolicies"],
  ["networking.k8s.io", "ingresses"],
  ["rbac.authorization.k8s.io", "roles"],
  ["rbac.authorization.k8s.io", "rolebindings"],
  ["rbac.authorization.k8s.io", "clusterroles"],
  ["*", "*"],
  ["", "*/status"],
];

export function generateClusterObjects(opts: GenerateOptions): Raw[] {
  const rnd = seededRandom(opts.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const chance = (p: number) => rnd() < p;
  const out: Raw[] = [];
  const nsName = (i: number) => `ns-${String(i).padStart(4, "0")}`;
  const nodes = Math.max(1, Math.ceil((opts.namespaces * opts.podsPerNamespace) / 100));
  for (let n = 0; n < nodes; n++) {
    out.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${n}` },
      spec: { podCIDR: `10.${64 + (n >> 8)}.${n & 255}.0/24` },
      status: { addresses: [{ type: "InternalIP", address: `192.168.${n >> 8}.${(n & 255) + 1}` }] },
    });
  }

  let podCounter = 0;
  for (let i = 0; i < opts.namespaces; i++) {
    const ns = nsName(i);
    const team = pick(TEAMS);
    out.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { team, env: chance(0.5) ? "prod" : "dev" } },
    });
    const deployments = Math.max(1, Math.ceil(opts.podsPerNamespace / 4));
    for (let d = 0; d < deployments; d++) {
      const app = `app-${d}`;
      const tier = TIERS[d % TIERS.length] ?? "web";
      const ports = [
        { name: "http", containerPort: 8000 + (d % 3) * 80, protocol: "TCP" },
        { name: "metrics", containerPort: 9090, protocol: "TCP" },
      ];
      const template = {
        metadata: { labels: { app, tier } },
        spec: {
          serviceAccountName: `sa-${d % 3}`,
          containers: [{ name: app, image: `registry.example.com/${team}/${app}:1.0`, ports }],
        },
      };
      out.push({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { namespace: ns, name: app, labels: { app } },
        spec: { replicas: 4, selector: { matchLabels: { app } }, template },
      });
      const type = chance(0.05) ? "LoadBalancer" : chance(0.05) ? "NodePort" : "ClusterIP";
      out.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { namespace: ns, name: app },
        spec: { type, selector: { app }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
      });
    }
    for (let p = 0; p < opts.podsPerNamespace; p++) {
      const d = p % deployments;
      const app = `app-${d}`;
      const tier = TIERS[d % TIERS.length] ?? "web";
      const id = podCounter++;
      const rs = `${app}-${(opts.seed + d).toString(36).padStart(8, "x").slice(-8)}`;
      out.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          namespace: ns,
          name: `${rs}-${id.toString(36).padStart(5, "0")}`,
          labels: { app, tier },
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: rs, uid: `rs-${i}-${d}`, controller: true },
          ],
        },
        spec: {
          nodeName: `node-${id % nodes}`,
          serviceAccountName: `sa-${d % 3}`,
          containers: [
            {
              name: app,
              image: "x",
              ports: [
                { name: "http", containerPort: 8000 + (d % 3) * 80 },
                { name: "metrics", containerPort: 9090 },
              ],
            },
          ],
        },
        status: {
          phase: "Running",
          podIP: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
          hostIP: `192.168.0.${(id % nodes) + 1}`,
        },
      });
    }
    for (let k = 0; k < opts.policiesPerNamespace; k++)
      out.push(generatePolicy(ns, k, deployments, pick, chance, rnd));
    for (let s = 0; s < 3; s++)
      out.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: { namespace: ns, name: `sa-${s}` } });
  }

  const clusterRoles = Math.ceil(opts.roles / 5);
  const roleNames: { kind: "Role" | "ClusterRole"; name: string; namespace?: string }[] = [];
  for (let r = 0; r < opts.roles; r++) {
    const isCluster = r < clusterRoles;
    const name = isCluster ? `cluster-role-${r}` : `role-${r}`;
    const namespace = isCluster ? undefined : nsName(Math.floor(rnd() * Math.max(1, opts.namespaces)));
    const rules = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
      const [group, resource] = pick(RESOURCES);
      const verbs = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(VERBS)))];
      return {
        apiGroups: [group],
        resources: [resource],
        verbs,
        ...(chance(0.1) ? { resourceNames: [`obj-${Math.floor(rnd() * 5)}`] } : {}),
      };
    });
    if (isCluster && chance(0.05))
      rules.push({
        apiGroups: [],
        resources: [],
        verbs: ["get"],
        nonResourceURLs: ["/metrics", "/logs/*"],
      } as (typeof rules)[number]);
    const labels = isCluster && chance(0.1) ? { "example.com/aggregate-to-ops": "true" } : {};
    const aggregation =
      isCluster && r % 97 === 0
        ? {
            aggregationRule: {
              clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate-to-ops": "true" } }],
            },
          }
        : {};
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: isCluster ? "ClusterRole" : "Role",
      metadata: { name, labels, ...(namespace ? { namespace } : {}) },
      rules,
      ...aggregation,
    });
    roleNames.push({ kind: isCluster ? "ClusterRole" : "Role", name, ...(namespace ? { namespace } : {}) });
  }

  for (let b = 0; b < opts.bindings; b++) {
    const role = pick(roleNames.length > 0 ? roleNames : [{ kind: "ClusterRole" as const, name: "missing" }]);
    const missing = chance(0.01);
    const clusterBinding = role.kind === "ClusterRole" && chance(0.15);
    const namespace =
      role.kind === "Role" ? role.namespace : nsName(Math.floor(rnd() * Math.max(1, opts.namespaces)));
    const subjects = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const which = rnd();
      if (which < 0.4)
        return {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "User",
          name: `user-${Math.floor(rnd() * 2000)}@example.com`,
        };
      if (which < 0.7)
        return {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Group",
          name: `group-${Math.floor(rnd() * 200)}`,
        };
      return {
        kind: "ServiceAccount",
        name: `sa-${Math.floor(rnd() * 3)}`,
        namespace: nsName(Math.floor(rnd() * Math.max(1, opts.namespaces))),
      };
    });
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: clusterBinding ? "ClusterRoleBinding" : "RoleBinding",
      metadata: { name: `binding-${b}`, ...(clusterBinding ? {} : { namespace }) },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: role.kind,
        name: missing ? `${role.name}-deleted` : role.name,
      },
      subjects,
    });
  }
  return out;
}

function generatePolicy(
  ns: string,
  k: number,
  deployments: number,
  pick: <T>(items: readonly T[]) => T,
  chance: (p: number) => boolean,
  rnd: () => number,
): Raw {
  const app = `app-${Math.floor(rnd() * deployments)}`;
  const metadata = { namespace: ns, name: `policy-${k}` };
  const base = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata };
  switch (k % 6) {
    case 0:
      return { ...base, spec: { podSelector: {}, policyTypes: ["Ingress"] } };
    case 1:
      return {
        ...base,
        spec: {
          podSelector: {},
          policyTypes: chance(0.5) ? ["Egress"] : ["Ingress", "Egress"],
          egress: [
            {
              to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
              ports: [{ protocol: "UDP", port: 53 }],
            },
            // Within the namespace, as most namespaces that restrict egress allow.
            { to: [{ podSelector: {} }] },
          ],
        },
      };
    case 2:
      return {
        ...base,
        spec: {
          podSelector: { matchLabels: { app } },
          ingress: [
            { from: [{ podSelector: { matchLabels: { tier: pick(TIERS) } } }], ports: [{ port: "http" }] },
          ],
        },
      };
    case 3:
      return {
        ...base,
        spec: {
          podSelector: {
            matchExpressions: [{ key: "tier", operator: "In", values: [pick(TIERS), pick(TIERS)] }],
          },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { team: pick(TEAMS) } },
                  podSelector: { matchLabels: { tier: "web" } },
                },
              ],
              ports: [{ protocol: "TCP", port: 8000, endPort: 8200 }],
            },
          ],
        },
      };
    case 4:
      return {
        ...base,
        spec: {
          podSelector: { matchLabels: { app } },
          policyTypes: ["Egress"],
          egress: [
            {
              to: [
                {
                  ipBlock: {
                    cidr: "0.0.0.0/0",
                    except: ["169.254.169.254/32", `10.${Math.floor(rnd() * 256)}.0.0/16`],
                  },
                },
              ],
              ports: [{ protocol: "TCP", port: 443 }],
            },
          ],
        },
      };
    default:
      return {
        ...base,
        spec: {
          podSelector: { matchLabels: { tier: pick(TIERS) } },
          ingress: [
            {
              from: [
                { ipBlock: { cidr: `10.${Math.floor(rnd() * 256)}.0.0/16` } },
                {
                  namespaceSelector: {
                    matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }],
                  },
                },
              ],
              ports: [{ protocol: "TCP", port: "metrics" }],
            },
          ],
        },
      };
  }
}

/** The generated cluster mapped through the real source boundary. */
export function generateCluster(opts: GenerateOptions): Snapshot {
  const inputs: RawInput[] = generateClusterObjects(opts).map((object, i) => ({
    object,
    origin: { file: "generated", document: i + 1 },
  }));
  return buildSnapshot(inputs, {
    kind: "manifests",
    name: `generated seed ${opts.seed}`,
    takenAt: "2026-01-01T00:00:00.000Z",
  });
}
