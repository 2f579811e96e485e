import type { Finding } from "@/lib/findings/types";
import { capitalized, policyRuleText } from "@/lib/netpol/explain-words";
import { compareFindings } from "@/lib/findings/types";
import type { Pod, Protocol, Service, Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { bitsToList } from "@/lib/netpol/bitset";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { resolveNamedPort } from "@/lib/netpol/pod-classes";
import { findTierRisks } from "@/lib/netpol/find-tier-risks";
import { IMPLEMENTATION_NOTES } from "@/lib/netpol/implementation-notes";
import { isEmptySelector, matchesSelector } from "@/lib/model/match-selector";
import {
  formatPorts,
  hasPort,
  intersectPorts,
  isEmptyPorts,
  portsOf,
  unionPorts,
  EMPTY_PORTS,
  type PortSet,
} from "@/lib/netpol/port-set";
import { rangeToCidrs } from "@/lib/netpol/ip";
import { workloadId } from "@/lib/netpol/project-graph";

// NET-001..NET-008 of docs/semantics.md §1 over the class-based analysis; NET-009..011 and invalid
// cluster-tier policies (§1b) through find-tier-risks.ts.

function policyRef(namespace: string, name: string) {
  return { kind: "NetworkPolicy", namespace, name };
}

function workloadRef(pod: Pod) {
  return { kind: pod.workload.kind, namespace: pod.namespace, name: pod.workload.name };
}

const serviceIndex = new WeakMap<Snapshot, Map<string, Service>>();
function servicesByKey(snapshot: Snapshot): Map<string, Service> {
  let index = serviceIndex.get(snapshot);
  if (!index) {
    index = new Map(snapshot.services.map((s) => [`${s.namespace}/${s.name}`, s]));
    serviceIndex.set(snapshot, index);
  }
  return index;
}

/** The pods a Service selects (a Service without selector has hand-made endpoints: none known). */
function podsOfService(
  snapshot: Snapshot,
  podsByNs: Map<string, number[]>,
  namespace: string,
  serviceName: string,
): { pods: number[]; service?: Service } {
  const svc = servicesByKey(snapshot).get(`${namespace}/${serviceName}`);
  if (!svc || !svc.selector || Object.keys(svc.selector).length === 0) return { pods: [] };
  const selector = { matchLabels: svc.selector, matchExpressions: [] };
  const pods = (podsByNs.get(namespace) ?? []).filter((i) => {
    const p = snapshot.pods[i];
    return p !== undefined && matchesSelector(selector, p.labels);
  });
  return { pods, service: svc };
}

/**
 * One exposed port of a pod: the Service port's target (a number, or a container port name resolved with the
 * Service port's protocol, as endpoints are), reached with `protocol`: the Service port's own protocol for a
 * NodePort or LoadBalancer Service, TCP for an Ingress (its controller proxies HTTP to the endpoint).
 */
interface ExposedPort {
  protocol: Protocol;
  target: number | string;
  targetProtocol: Protocol;
}

/** The ports an Ingress backend reaches: the Service port it names (all of them when it names none), over TCP. */
function ingressPorts(svc: Service, servicePort: number | string | undefined): ExposedPort[] {
  const chosen =
    servicePort === undefined
      ? svc.ports
      : svc.ports.filter((p) =>
          typeof servicePort === "number" ? p.port === servicePort : p.name === servicePort,
        );
  return chosen.map((p) => ({ protocol: "TCP", target: p.targetPort, targetProtocol: p.protocol }));
}

/** The port set a pod exposes through `ports` (a name the pod does not declare exposes nothing). */
function exposedOn(pod: Pod, ports: readonly ExposedPort[]): PortSet {
  let out: PortSet = EMPTY_PORTS;
  for (const e of ports) {
    const numbers =
      typeof e.target === "number" ? [e.target] : resolveNamedPort(pod, `${e.targetProtocol}/${e.target}`);
    for (const n of numbers) out = unionPorts(out, portsOf(e.protocol, n, n));
  }
  return out;
}

export function findNetworkRisks(snapshot: Snapshot, given?: NetworkAnalysis): Finding[] {
  const analysis = given ?? analyzeNetwork(snapshot);
  const findings: Finding[] = [];
  const podsByNs = new Map<string, number[]>();
  snapshot.pods.forEach((p, i) => {
    const list = podsByNs.get(p.namespace) ?? [];
    list.push(i);
    podsByNs.set(p.namespace, list);
  });

  // NET-005 (rule 21): one finding per problem, naming policy, field and reason.
  for (const inv of analysis.invalid) {
    for (const problem of inv.problems) {
      findings.push({
        rule: "NET-005",
        severity: "high",
        message: `NetworkPolicy ${inv.policy.namespace}/${inv.policy.name} is invalid at ${problem.field}: ${problem.reason}. The API server would reject it; it is left out of the analysis.`,
        object: policyRef(inv.policy.namespace, inv.policy.name),
        scope: inv.policy.namespace,
      });
    }
  }

  // NET-001 / NET-002: a namespace with pods but no policy isolating every pod ({} podSelector) for a direction.
  const namespaces = new Set([
    ...snapshot.namespaces.map((n) => n.name),
    ...snapshot.pods.map((p) => p.namespace),
  ]);
  const podNamespaces = new Set(snapshot.pods.map((p) => p.namespace));
  for (const ns of [...namespaces].sort()) {
    if (!podNamespaces.has(ns)) continue;
    for (const [rule, type, severity] of [
      ["NET-001", "Ingress", "medium"],
      ["NET-002", "Egress", "low"],
    ] as const) {
      const hasDefault = analysis.policies.some(
        (p) => p.namespace === ns && isEmptySelector(p.podSelector) && p.types.has(type),
      );
      if (!hasDefault) {
        findings.push({
          rule,
          severity,
          message: `Namespace ${ns} has no default-deny ${type.toLowerCase()} policy (podSelector {} with ${type} in policyTypes): pods no policy selects are open for ${type.toLowerCase()}.`,
          object: { kind: "Namespace", name: ns },
          scope: ns,
        });
      }
    }
  }

  // NET-003: workloads exposed by a LoadBalancer/NodePort Service or an Ingress backend, and reachable on
  // the exposed ports from an internet address (an ipBlock like 0.0.0.0/0, or no ingress isolation).
  const exposures = new Map<number, { via: string; ports: ExposedPort[] }[]>();
  const expose = (pods: number[], via: string, ports: ExposedPort[]) => {
    for (const p of pods) {
      const list = exposures.get(p) ?? [];
      list.push({ via, ports });
      exposures.set(p, list);
    }
  };
  for (const svc of snapshot.services) {
    if (svc.type !== "LoadBalancer" && svc.type !== "NodePort") continue;
    const { pods, service } = podsOfService(snapshot, podsByNs, svc.namespace, svc.name);
    const ports = (service?.ports ?? []).map((p) => ({
      protocol: p.protocol,
      target: p.targetPort,
      targetProtocol: p.protocol,
    }));
    expose(pods, `${svc.type} Service ${svc.namespace}/${svc.name}`, ports);
  }
  for (const ing of snapshot.ingresses) {
    const backends = [ing.defaultBackend, ...ing.rules.flatMap((r) => r.paths.map((p) => p.backend))].filter(
      (b) => b !== undefined,
    );
    const seen = new Set<string>();
    for (const b of backends) {
      const key = `${b.serviceName}:${b.servicePort ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { pods, service } = podsOfService(snapshot, podsByNs, ing.namespace, b.serviceName);
      if (!service) continue;
      expose(
        pods,
        `Ingress ${ing.namespace}/${ing.name} (Service ${b.serviceName})`,
        ingressPorts(service, b.servicePort),
      );
    }
  }
  const publicAtoms = analysis.atoms.filter((a) => a.public);
  const reported = new Set<string>();
  for (const [podIndex, list] of [...exposures.entries()].sort((a, b) => a[0] - b[0])) {
    const pod = snapshot.pods[podIndex] as Pod;
    const cls = analysis.podClass[podIndex] as number;
    let exposedPorts: PortSet = EMPTY_PORTS;
    for (const e of list) exposedPorts = unionPorts(exposedPorts, exposedOn(pod, e.ports));
    if (isEmptyPorts(exposedPorts)) continue;
    let reach: PortSet = EMPTY_PORTS;
    const from: string[] = [];
    for (const atom of publicAtoms) {
      const allowed = intersectPorts(analysis.atomToClass(atom.id, cls).any, exposedPorts);
      if (!isEmptyPorts(allowed)) {
        reach = unionPorts(reach, allowed);
        from.push(...rangeToCidrs(atom.range));
      }
    }
    if (isEmptyPorts(reach)) continue;
    const key = workloadId(pod);
    if (reported.has(key)) continue;
    reported.add(key);
    const isolated = analysis.classes[cls]?.ingressPolicies.length
      ? "an ingress rule admits internet addresses"
      : "no policy isolates it for ingress";
    findings.push({
      rule: "NET-003",
      severity: "high",
      message: `${key} is exposed by ${[...new Set(list.map((e) => e.via))].join(" and ")} and reachable from the internet on ${formatPorts(reach)} (${isolated}).`,
      object: workloadRef(pod),
      scope: pod.namespace,
    });
  }

  // NET-004: egress from a workload to a cloud metadata address allowed.
  const metadataAtoms = analysis.atoms.filter((a) => a.metadata);
  const seen004 = new Set<string>();
  snapshot.pods.forEach((pod, i) => {
    if (pod.hostNetwork) return;
    const key = workloadId(pod);
    if (seen004.has(key)) return;
    const cls = analysis.podClass[i] as number;
    for (const atom of metadataAtoms) {
      const allowed = analysis.classToAtom(cls, atom.id).any;
      if (isEmptyPorts(allowed)) continue;
      seen004.add(key);
      findings.push({
        rule: "NET-004",
        severity: hasPort(allowed, "TCP", 80) ? "high" : "medium",
        message: `${key} may connect to the cloud metadata address ${rangeToCidrs(atom.range).join(",")} on ${formatPorts(allowed)}${analysis.classes[cls]?.egressPolicies.length ? "" : " (no policy isolates it for egress)"}.`,
        object: workloadRef(pod),
        scope: pod.namespace,
      });
      return;
    }
  });

  // Which classes each policy selects (any direction), from one pass over the classes.
  const selectedBy = analysis.policies.map(() => [] as number[]);
  const classesByNs = new Map<string, number[]>();
  for (const c of analysis.classes) {
    const list = classesByNs.get(c.namespace) ?? [];
    list.push(c.id);
    classesByNs.set(c.namespace, list);
  }
  analysis.policies.forEach((p, pi) => {
    for (const c of classesByNs.get(p.namespace) ?? []) {
      const cls = analysis.classes[c];
      if (cls && matchesSelector(p.podSelector, cls.sample.labels)) selectedBy[pi]?.push(c);
    }
  });

  // NET-006: a valid policy whose podSelector selects no pod of its namespace.
  for (const [pi, p] of analysis.policies.entries()) {
    if ((selectedBy[pi] ?? []).length === 0) {
      findings.push({
        rule: "NET-006",
        severity: "low",
        message: `NetworkPolicy ${p.namespace}/${p.name} selects no pod in namespace ${p.namespace}.`,
        object: policyRef(p.namespace, p.name),
        scope: p.namespace,
      });
    }
  }

  // NET-007: a named port that resolves on no pod it could apply to (rule 16): for ingress the selected pods,
  // for egress the pods the rule's peers match.
  for (const [pi, p] of analysis.policies.entries()) {
    for (const rule of [...p.ingress, ...p.egress]) {
      if (rule.namedPorts.length === 0) continue;
      let candidates: number[];
      if (rule.direction === "ingress") {
        candidates = (selectedBy[pi] ?? []).filter((c) => !analysis.classes[c]?.hostNetwork);
      } else {
        const m = analysis.matchRule(rule, p);
        candidates = bitsToList(m.bits);
      }
      for (const n of rule.namedPorts) {
        const resolves = candidates.some((c) => {
          const cls = analysis.classes[c];
          return cls !== undefined && resolveNamedPort(cls.sample, `${n.protocol}/${n.name}`).length > 0;
        });
        if (!resolves) {
          findings.push({
            rule: "NET-007",
            severity: "medium",
            message: `NetworkPolicy ${p.namespace}/${p.name} ${rule.direction}[${rule.index}] names port "${n.name}" (${n.protocol}), which no ${rule.direction === "ingress" ? "selected" : "peer"} pod declares: it matches nothing.`,
            object: policyRef(p.namespace, p.name),
            scope: p.namespace,
          });
        }
      }
    }
  }

  // NET-008: reachability that exists only through a case of rule 20 (ipBlock holding pod IPs; a
  // hostNetwork pod selected by a policy that the implementation does not enforce).
  for (const p of analysis.policies) {
    for (const rule of [...p.ingress, ...p.egress]) {
      const m = analysis.matchRule(rule, p);
      if (m.implList.length === 0) continue;
      const count = m.implList.reduce((sum, c) => sum + (analysis.classes[c]?.pods.length ?? 0), 0);
      findings.push({
        rule: "NET-008",
        severity: "low",
        message: `${capitalized(policyRuleText(policyRef(p.namespace, p.name), rule.direction, rule.index))} has an ipBlock that holds the IPs of ${count} pod(s); whether ipBlock applies to pod traffic is implementation-defined: Vigil treats it as matching; ${IMPLEMENTATION_NOTES.ipBlockPod}.`,
        object: policyRef(p.namespace, p.name),
        scope: p.namespace,
      });
    }
  }
  const seen008 = new Set<string>();
  for (const c of analysis.classes) {
    if (!c.hostNetwork || (c.ingressPolicies.length === 0 && c.egressPolicies.length === 0)) continue;
    for (const i of c.pods) {
      const pod = snapshot.pods[i] as Pod;
      const key = workloadId(pod);
      if (seen008.has(key)) continue;
      seen008.add(key);
      findings.push({
        rule: "NET-008",
        severity: "low",
        message: `${key} uses the host network and is selected by a NetworkPolicy, which Vigil treats as unfiltered (implementation-defined: ${IMPLEMENTATION_NOTES.hostNetwork}).`,
        object: workloadRef(pod),
        scope: pod.namespace,
      });
    }
  }

  findings.push(...findTierRisks(analysis));
  return findings.sort(compareFindings);
}
