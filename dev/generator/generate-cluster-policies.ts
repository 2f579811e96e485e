import { seededRandom } from "@/dev/generator/generate-cluster";

// Cluster-tier policies (docs/semantics.md §1b) for generated clusters: ClusterNetworkPolicy v1beta1 objects of
// both tiers, over the generator's namespace labels (team, env) and pod labels (tier), with Accept, Deny and
// Pass rules on numbers, ranges and the named port "http", and networks peers. Fixed seed, fixed answer.

const TIERS = ["web", "api", "db", "cache", "worker"] as const;
const TEAMS = ["payments", "search", "identity", "data", "platform", "growth"] as const;

export function generateClusterPolicyObjects(seed: number, count: number): Record<string, unknown>[] {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const chance = (p: number) => rnd() < p;
  const nsSel = () =>
    chance(0.5)
      ? { matchLabels: { team: pick(TEAMS) } }
      : { matchLabels: { env: chance(0.5) ? "prod" : "dev" } };
  const peer = (egress: boolean) => {
    const r = rnd();
    if (egress && r < 0.2)
      return { networks: [pick(["0.0.0.0/0", "10.0.0.0/8", "169.254.169.254/32", "192.168.0.0/16"])] };
    if (r < 0.6) return { namespaces: nsSel() };
    return { pods: { namespaceSelector: nsSel(), podSelector: { matchLabels: { tier: pick(TIERS) } } } };
  };
  const protocols = (namedOk: boolean) => {
    const r = rnd();
    if (r < 0.3) return undefined;
    if (r < 0.6) return [{ tcp: { destinationPort: { number: pick([80, 443, 5432, 6379, 8080]) } } }];
    if (r < 0.8 || !namedOk) return [{ tcp: { destinationPort: { range: { start: 8000, end: 8999 } } } }];
    return [{ destinationNamedPort: "http" }];
  };
  const rules = (egress: boolean, admin: boolean) =>
    Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const p = peer(egress);
      const ports = protocols(!("networks" in p));
      return {
        action: admin ? pick(["Accept", "Deny", "Pass"]) : pick(["Accept", "Deny"]),
        [egress ? "to" : "from"]: [p],
        ...(ports ? { protocols: ports } : {}),
      };
    });
  return Array.from({ length: count }, (_, i) => {
    const admin = chance(0.6);
    return {
      apiVersion: "policy.networking.k8s.io/v1beta1",
      kind: "ClusterNetworkPolicy",
      metadata: { name: `cnp-${String(i).padStart(4, "0")}` },
      spec: {
        tier: admin ? "Admin" : "Baseline",
        // Mostly distinct priorities; every tenth shares one with its neighbour (NET-010 cases).
        priority: i % 10 === 0 && i > 0 ? i - 1 : i,
        subject: chance(0.5)
          ? { namespaces: nsSel() }
          : { pods: { namespaceSelector: nsSel(), podSelector: { matchLabels: { tier: pick(TIERS) } } } },
        ...(chance(0.7) ? { ingress: rules(false, admin) } : {}),
        ...(chance(0.5) ? { egress: rules(true, admin) } : {}),
      },
    };
  });
}
