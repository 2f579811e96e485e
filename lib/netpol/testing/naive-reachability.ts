import type { LabelSelector, NetworkPolicy, Pod, Protocol, Snapshot } from "@/lib/model/types";
import { parseCidr, parseIp } from "@/lib/netpol/ip";
import { validatePolicy } from "@/lib/netpol/validate-policy";
import { naiveTierSide } from "@/lib/netpol/testing/naive-tiers";

// The NAIVE reference evaluator of the tests: docs/semantics.md §1 read literally, one pod pair and one port at
// a time, straight from the raw policies (no classes, no atoms, no port sets, no normalisation). The
// class-based engine must agree with it on random clusters (analyze-network.property.test.ts).

export type NaiveEnd = { pod: Pod } | { ip: string };
type Verdict = "std" | "impl" | "no";

function labelsMatch(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const k of Object.keys(s.matchLabels)) if (labels[k] !== s.matchLabels[k]) return false;
  for (const e of s.matchExpressions) {
    const has = k(labels, e.key);
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key] as string))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key] as string)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function k(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.keys(labels).includes(key);
}

function inBlock(ip: string, cidr: string, except: readonly string[]): boolean {
  const a = parseIp(ip);
  const c = parseCidr(cidr);
  if (!a || !c || a.family !== c.family || a.value < c.start || a.value > c.end) return false;
  for (const e of except) {
    const x = parseCidr(e);
    if (x && x.family === a.family && a.value >= x.start && a.value <= x.end) return false;
  }
  return true;
}

function addressesOf(p: Pod): string[] {
  if (p.podIPs.length > 0) return [...p.podIPs];
  return p.hostNetwork && p.hostIP ? [p.hostIP] : [];
}

function types(p: NetworkPolicy): string[] {
  if (p.policyTypes && p.policyTypes.length > 0) return [...p.policyTypes];
  return (p.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function side(
  snapshot: Snapshot,
  dir: "Ingress" | "Egress",
  self: Pod,
  other: NaiveEnd,
  protocol: Protocol,
  port: number,
): Verdict {
  const valid = snapshot.networkPolicies.filter((p) => validatePolicy(p).length === 0);
  const selecting = valid.filter(
    (p) =>
      p.namespace === self.namespace && labelsMatch(p.podSelector, self.labels) && types(p).includes(dir),
  );
  if (self.hostNetwork) return selecting.length > 0 ? "impl" : "std";
  // docs/semantics.md §1b: the Admin tier before NetworkPolicy, the Baseline tier after it.
  const selectedOtherwise = valid.some(
    (p) => p.namespace === self.namespace && labelsMatch(p.podSelector, self.labels) && types(p).length > 0,
  );
  const np =
    selecting.length > 0
      ? npVerdict(snapshot, dir, self, other, protocol, port, selecting)
      : selectedOtherwise
        ? "open-selected"
        : "open";
  return naiveTierSide(snapshot, dir === "Ingress" ? "ingress" : "egress", self, other, protocol, port, np);
}

function npVerdict(
  snapshot: Snapshot,
  dir: "Ingress" | "Egress",
  self: Pod,
  other: NaiveEnd,
  protocol: Protocol,
  port: number,
  selecting: NetworkPolicy[],
): Verdict {
  const dest: NaiveEnd = dir === "Ingress" ? { pod: self } : other;
  let best: Verdict = "no";
  for (const p of selecting) {
    for (const r of (dir === "Ingress" ? p.ingress : p.egress) ?? []) {
      const portOk =
        (r.ports ?? []).length === 0 ||
        (r.ports ?? []).some((item) => {
          if ((item.protocol ?? "TCP") !== protocol) return false;
          if (item.port === undefined) return true;
          if (typeof item.port === "number") return port >= item.port && port <= (item.endPort ?? item.port);
          if (!("pod" in dest)) return false;
          return dest.pod.containers.some((c) =>
            c.ports.some(
              (cp) => cp.name === item.port && cp.protocol === protocol && cp.containerPort === port,
            ),
          );
        });
      if (!portOk) continue;
      if ((r.peers ?? []).length === 0) return "std";
      for (const peer of r.peers ?? []) {
        if (peer.ipBlock) {
          const block = peer.ipBlock;
          if ("ip" in other) {
            if (inBlock(other.ip, block.cidr, block.except)) return "std";
          } else if (addressesOf(other.pod).some((a) => inBlock(a, block.cidr, block.except))) best = "impl";
          continue;
        }
        if (!("pod" in other) || other.pod.hostNetwork) continue;
        const q = other.pod;
        if (peer.namespaceSelector) {
          const ns = snapshot.namespaces.find((n) => n.name === q.namespace);
          const labels = { ...(ns?.labels ?? {}), "kubernetes.io/metadata.name": q.namespace };
          if (!labelsMatch(peer.namespaceSelector, labels)) continue;
        } else if (q.namespace !== p.namespace) continue;
        if (peer.podSelector && !labelsMatch(peer.podSelector, q.labels)) continue;
        return "std";
      }
    }
  }
  return best;
}

function isNodeAddress(snapshot: Snapshot, p: Pod, ip: string): boolean {
  if (p.hostIP === ip) return true;
  return snapshot.nodes.some((n) => n.name === p.nodeName && n.addresses.some((a) => a.address === ip));
}

/** {allowed, implementationDefined} for one connection, from the rules alone. */
export function naiveCanConnect(
  snapshot: Snapshot,
  src: NaiveEnd,
  dst: NaiveEnd,
  protocol: Protocol,
  port: number,
): { allowed: boolean; implementationDefined: boolean } {
  if ("pod" in src && "pod" in dst && src.pod === dst.pod && !src.pod.representative) {
    return { allowed: true, implementationDefined: true };
  }
  const eg: Verdict = "pod" in src ? side(snapshot, "Egress", src.pod, dst, protocol, port) : "std";
  const ing: Verdict = "pod" in dst ? side(snapshot, "Ingress", dst.pod, src, protocol, port) : "std";
  const std = eg === "std" && ing === "std";
  const allowed = eg !== "no" && ing !== "no";
  let node = false;
  if ("pod" in src && "pod" in dst) {
    node =
      (src.pod.hostNetwork || dst.pod.hostNetwork) &&
      src.pod.nodeName !== undefined &&
      src.pod.nodeName === dst.pod.nodeName;
  } else if ("pod" in src && "ip" in dst) node = isNodeAddress(snapshot, src.pod, dst.ip);
  else if ("ip" in src && "pod" in dst) node = isNodeAddress(snapshot, dst.pod, src.ip);
  if (node && !std) return { allowed: true, implementationDefined: true };
  return { allowed, implementationDefined: allowed && !std };
}
