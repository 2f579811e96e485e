import { seededRandom } from "@/dev/generator/generate-cluster";

// Cluster-tier policies (docs/semantics.md §1b) for generated clusters, shaped like the guardrails cluster
// administrators write (the network-policy-api project's user stories): ClusterNetworkPolicy v1beta1 over the
// generator's namespaces (ns-NNNN, labels team and env) and pods (labels app and tier), plus the kube-system
// (CoreDNS) and monitoring (Prometheus) namespaces that such guardrails name. In evaluation order:
//   Admin   10  every pod may reach CoreDNS on 53/UDP and 53/TCP (Accept)
//   Admin   20  nothing reaches the cloud metadata address (Deny)
//   Admin   30  kube-system: DNS from everyone and metrics from monitoring accepted, every other ingress denied
//   Admin   40  monitoring scrapes every tenant pod on its named port "metrics" (Accept)
//   Admin 100+  per team and env: prod accepts no ingress from dev namespaces (Deny), its own team is left to
//               the namespaces' NetworkPolicies (Pass)
//   Admin 200+  per namespace, for a sample of namespaces: its database pods accept 5432 from its own api pods
//               and deny every other ingress (Accept, then Deny); every fifth also leaves those pods' egress to
//               the internet on 443 to NetworkPolicy (Pass)
//   Baseline    per namespace set (consecutive namespaces, by kubernetes.io/metadata.name In [...]): ingress
//               within the set accepted, every other denied: a default deny under the namespaces' own policies
// Every priority is distinct within its tier, as administrators keep them. Fixed seed, fixed answer.

type Raw = Record<string, unknown>;

const TEAMS = ["payments", "search", "identity", "data", "platform", "growth"] as const;
const META = "kubernetes.io/metadata.name";

const nsName = (i: number) => `ns-${String(i).padStart(4, "0")}`;
const byName = (...names: string[]) =>
  names.length === 1
    ? { matchLabels: { [META]: names[0] } }
    : { matchExpressions: [{ key: META, operator: "In", values: names }] };

function cnp(name: string, tier: "Admin" | "Baseline", priority: number, spec: Raw): Raw {
  return {
    apiVersion: "policy.networking.k8s.io/v1beta1",
    kind: "ClusterNetworkPolicy",
    metadata: { name },
    spec: { tier, priority, ...spec },
  };
}

/** kube-system with CoreDNS and monitoring with Prometheus: what the guardrails name (4 pods). */
function systemObjects(): Raw[] {
  const out: Raw[] = [];
  const add = (ns: string, app: string, labels: Record<string, string>, ports: Raw[], ip: number) => {
    for (let r = 0; r < 2; r++)
      out.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          namespace: ns,
          name: `${app}-${r}`,
          labels,
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: "ReplicaSet",
              name: `${app}-rs`,
              uid: `rs-${app}`,
              controller: true,
            },
          ],
        },
        spec: { nodeName: `node-${r}`, containers: [{ name: app, image: "x", ports }] },
        status: { phase: "Running", podIP: `10.250.${ip}.${r + 1}`, hostIP: `192.168.0.${r + 1}` },
      });
  };
  out.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } });
  out.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring" } });
  add(
    "kube-system",
    "coredns",
    { "k8s-app": "kube-dns" },
    [
      { name: "dns", containerPort: 53, protocol: "UDP" },
      { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
      { name: "metrics", containerPort: 9153, protocol: "TCP" },
    ],
    0,
  );
  add(
    "monitoring",
    "prometheus",
    { "app.kubernetes.io/name": "prometheus" },
    [{ name: "web", containerPort: 9090 }],
    1,
  );
  return out;
}

/**
 * `count` cluster-tier policies over a cluster of `namespaces` generated namespaces (generate-cluster.ts), with the
 * kube-system and monitoring objects they name when count > 0.
 */
export function generateClusterPolicyObjects(seed: number, count: number, namespaces: number): Raw[] {
  if (count <= 0) return [];
  const rnd = seededRandom(seed);
  const policies: Raw[] = [];
  const dns = [{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } }];
  policies.push(
    cnp("allow-dns", "Admin", 10, {
      subject: { namespaces: {} },
      egress: [
        {
          name: "to-coredns",
          action: "Accept",
          to: [
            {
              pods: {
                namespaceSelector: byName("kube-system"),
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            },
          ],
          protocols: dns,
        },
      ],
    }),
    cnp("deny-metadata", "Admin", 20, {
      subject: { namespaces: {} },
      egress: [{ name: "no-metadata", action: "Deny", to: [{ networks: ["169.254.169.254/32"] }] }],
    }),
    cnp("protect-kube-system", "Admin", 30, {
      subject: { namespaces: byName("kube-system") },
      ingress: [
        { name: "dns", action: "Accept", from: [{ namespaces: {} }], protocols: dns },
        {
          name: "metrics",
          action: "Accept",
          from: [{ namespaces: byName("monitoring") }],
          protocols: [{ tcp: { destinationPort: { number: 9153 } } }],
        },
        { name: "nothing-else", action: "Deny", from: [{ namespaces: {} }] },
      ],
    }),
    cnp("monitoring-scrapes", "Admin", 40, {
      subject: { namespaces: { matchExpressions: [{ key: "team", operator: "Exists" }] } },
      ingress: [
        {
          name: "scrape",
          action: "Accept",
          from: [
            {
              pods: {
                namespaceSelector: byName("monitoring"),
                podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
              },
            },
          ],
          protocols: [{ destinationNamedPort: "metrics" }],
        },
      ],
    }),
  );
  let priority = 100;
  for (const team of TEAMS) {
    if (policies.length >= count) break;
    policies.push(
      cnp(`prod-${team}`, "Admin", priority++, {
        subject: { namespaces: { matchLabels: { team, env: "prod" } } },
        ingress: [
          { name: "not-from-dev", action: "Deny", from: [{ namespaces: { matchLabels: { env: "dev" } } }] },
          { name: "own-team", action: "Pass", from: [{ namespaces: { matchLabels: { team } } }] },
        ],
      }),
    );
  }
  // The rest: three per-namespace Admin policies for every Baseline namespace-set policy, at most one Admin
  // policy per namespace.
  const left = Math.max(0, count - policies.length);
  const admins = Math.min(namespaces, left - Math.ceil(left / 4));
  const baselines = left - admins;
  const used = new Set<number>();
  for (let k = 0; k < admins; k++) {
    let n = Math.floor(rnd() * namespaces);
    while (used.has(n) && used.size < namespaces) n = (n + 1) % namespaces;
    used.add(n);
    const ns = nsName(n);
    policies.push(
      cnp(`${ns}-databases`, "Admin", 200 + k, {
        subject: { pods: { namespaceSelector: byName(ns), podSelector: { matchLabels: { tier: "db" } } } },
        ingress: [
          {
            name: "from-own-api",
            action: "Accept",
            from: [
              { pods: { namespaceSelector: byName(ns), podSelector: { matchLabels: { tier: "api" } } } },
            ],
            protocols: [{ tcp: { destinationPort: { number: 5432 } } }],
          },
          { name: "nothing-else", action: "Deny", from: [{ namespaces: {} }] },
        ],
        ...(k % 5 === 0
          ? {
              egress: [
                {
                  name: "web-out",
                  action: "Pass",
                  to: [{ networks: ["0.0.0.0/0"] }],
                  protocols: [{ tcp: { destinationPort: { number: 443 } } }],
                },
              ],
            }
          : {}),
      }),
    );
  }
  const setSize = Math.max(1, Math.floor(namespaces / Math.max(1, baselines)));
  for (let b = 0; b < baselines; b++) {
    const set = Array.from({ length: setSize }, (_, j) =>
      nsName((b * setSize + j) % Math.max(1, namespaces)),
    );
    policies.push(
      cnp(`baseline-set-${String(b).padStart(3, "0")}`, "Baseline", 10 + b, {
        subject: { namespaces: byName(...set) },
        ingress: [
          { name: "within-set", action: "Accept", from: [{ namespaces: byName(...set) }] },
          { name: "default-deny", action: "Deny", from: [{ namespaces: {} }] },
        ],
      }),
    );
  }
  return [...systemObjects(), ...policies.slice(0, count)];
}
