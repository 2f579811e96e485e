import type { ObjectRef, Pod, Protocol, Service } from "@/lib/model/types";
import { policyRuleText } from "@/lib/netpol/explain-words";
import { matchesSelector } from "@/lib/model/match-selector";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { resolveNamedPort } from "@/lib/netpol/pod-classes";
import { hasPort, isEmptyPorts } from "@/lib/netpol/port-set";
import type { GraphBuilder } from "@/lib/paths/graph-builder";
import { CLOUD_CREDENTIALS, INTERNET, containerRef, refLabel } from "@/lib/paths/refs";
import type { AttackRef, Evidence } from "@/lib/paths/types";

// The edges the reachability engine decides (docs/semantics.md §5): ATTACK-001 internet -> a container exposed by
// an Ingress, a LoadBalancer or NodePort Service, a hostPort or hostNetwork, on a port the internet may reach;
// ATTACK-002 container -> container on a reachable declared port (on request); ATTACK-021 container -> the cloud
// metadata service when egress to it is allowed (NET-004).

const EXPLOITABLE = "an exploitable application listens on the exposed port";
const METADATA_ANSWERS =
  "the cloud's metadata service gives node credentials to pods (no hop limit or concealment)";

interface Exposure {
  object: ObjectRef;
  protocol: Protocol;
  /** A port number or a container port name on the pod. */
  port: number | string;
  text: string;
}

function servicePods(
  snapshot: { pods: readonly Pod[] },
  podsByNs: Map<string, number[]>,
  svc: Service,
): number[] {
  if (!svc.selector || Object.keys(svc.selector).length === 0) return [];
  const selector = { matchLabels: svc.selector, matchExpressions: [] };
  return (podsByNs.get(svc.namespace) ?? []).filter((i) =>
    matchesSelector(selector, (snapshot.pods[i] as Pod).labels),
  );
}

function collectExposures(
  analysis: NetworkAnalysis,
  podsByNs: Map<string, number[]>,
): Map<number, Exposure[]> {
  const snapshot = analysis.snapshot;
  const out = new Map<number, Exposure[]>();
  const add = (pods: number[], e: Exposure) => {
    for (const p of pods) {
      const list = out.get(p);
      if (list) list.push(e);
      else out.set(p, [e]);
    }
  };
  const services = new Map(snapshot.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const svc of snapshot.services) {
    if (svc.type !== "LoadBalancer" && svc.type !== "NodePort") continue;
    const pods = servicePods(snapshot, podsByNs, svc);
    for (const sp of svc.ports) {
      add(pods, {
        object: { kind: "Service", namespace: svc.namespace, name: svc.name },
        protocol: sp.protocol,
        port: sp.targetPort,
        text: `${svc.type} Service ${svc.namespace}/${svc.name} port ${sp.port}`,
      });
    }
  }
  for (const ing of snapshot.ingresses) {
    const backends = [ing.defaultBackend, ...ing.rules.flatMap((r) => r.paths.map((p) => p.backend))];
    for (const b of backends) {
      if (!b) continue;
      const svc = services.get(`${ing.namespace}/${b.serviceName}`);
      if (!svc) continue;
      const pods = servicePods(snapshot, podsByNs, svc);
      for (const sp of svc.ports) {
        if (b.servicePort !== undefined && b.servicePort !== sp.port && b.servicePort !== sp.name) continue;
        add(pods, {
          object: { kind: "Ingress", namespace: ing.namespace, name: ing.name },
          protocol: sp.protocol,
          port: sp.targetPort,
          text: `Ingress ${ing.namespace}/${ing.name} to Service ${svc.name} port ${sp.port}`,
        });
      }
    }
  }
  snapshot.pods.forEach((pod, i) => {
    const object = pod.representative
      ? { kind: pod.workload.kind, namespace: pod.namespace, name: pod.workload.name }
      : { kind: "Pod", namespace: pod.namespace, name: pod.name };
    for (const c of pod.containers) {
      for (const p of c.ports) {
        const hostPort = (p as { hostPort?: number }).hostPort;
        if (pod.hostNetwork) {
          add([i], {
            object,
            protocol: p.protocol,
            port: p.containerPort,
            text: `hostNetwork pod, container port ${p.containerPort}`,
          });
        } else if (hostPort !== undefined && hostPort > 0) {
          add([i], {
            object,
            protocol: p.protocol,
            port: p.containerPort,
            text: `hostPort ${hostPort} of container ${c.name}`,
          });
        }
      }
    }
  });
  return out;
}

/** Which policy rules admit an internet (public) address into class `cls` on protocol/port, as evidence. */
function ingressEvidence(
  analysis: NetworkAnalysis,
  cls: number,
  protocol: Protocol,
  port: number,
): Evidence[] {
  const c = analysis.classes[cls];
  if (!c || !analysis.isolated(cls, "ingress")) {
    return [{ type: "network", direction: "ingress", text: "no NetworkPolicy isolates it for ingress" }];
  }
  const out: Evidence[] = [];
  for (const pi of c.ingressPolicies) {
    const policy = analysis.policies[pi];
    if (!policy) continue;
    for (const rule of policy.ingress) {
      if (!hasPort(analysis.rulePorts(rule, cls), protocol, port)) continue;
      const m = analysis.matchRule(rule, policy);
      if (!analysis.atoms.some((a) => a.public && (m.all || m.atoms[a.id] === 1))) continue;
      out.push({
        type: "network",
        policy: { kind: "NetworkPolicy", namespace: policy.namespace, name: policy.name },
        direction: "ingress",
        rule: rule.index,
        text: `${policyRuleText({ kind: "NetworkPolicy", namespace: policy.namespace, name: policy.name }, "ingress", rule.index)} admits internet addresses on ${protocol}/${port}`,
      });
    }
  }
  return out;
}

function egressEvidence(analysis: NetworkAnalysis, cls: number, atom: number): Evidence[] {
  const c = analysis.classes[cls];
  if (!c || !analysis.isolated(cls, "egress")) {
    return [{ type: "network", direction: "egress", text: "no NetworkPolicy isolates it for egress" }];
  }
  const out: Evidence[] = [];
  for (const pi of c.egressPolicies) {
    const policy = analysis.policies[pi];
    if (!policy) continue;
    for (const rule of policy.egress) {
      const m = analysis.matchRule(rule, policy);
      if (!(m.all || m.atoms[atom] === 1) || isEmptyPorts(analysis.rulePorts(rule, undefined))) continue;
      out.push({
        type: "network",
        policy: { kind: "NetworkPolicy", namespace: policy.namespace, name: policy.name },
        direction: "egress",
        rule: rule.index,
        text: `${policyRuleText({ kind: "NetworkPolicy", namespace: policy.namespace, name: policy.name }, "egress", rule.index)} admits the metadata address`,
      });
    }
  }
  return out;
}

export function addNetworkEdges(
  analysis: NetworkAnalysis,
  podsByNs: Map<string, number[]>,
  g: GraphBuilder,
  lateral: boolean,
): void {
  const snapshot = analysis.snapshot;
  const publicAtoms = analysis.atoms.filter((a) => a.public);
  for (const [podIndex, exposures] of collectExposures(analysis, podsByNs)) {
    const pod = snapshot.pods[podIndex] as Pod;
    const cls = analysis.podClass[podIndex] as number;
    for (const e of exposures) {
      const numbers =
        typeof e.port === "number" ? [e.port] : resolveNamedPort(pod, `${e.protocol}/${e.port}`);
      for (const n of numbers) {
        if (!publicAtoms.some((a) => hasPort(analysis.atomToClass(a.id, cls).any, e.protocol, n))) continue;
        const declaring = pod.containers.filter((c) =>
          c.ports.some((p) => p.containerPort === n && p.protocol === e.protocol),
        );
        const evidence: Evidence[] = [
          { type: "exposure", object: e.object, port: `${e.protocol}/${n}`, text: e.text },
          ...ingressEvidence(analysis, cls, e.protocol, n),
        ];
        for (const c of declaring.length > 0 ? declaring : pod.containers) {
          const to = containerRef(pod, c.name);
          g.edge(
            "ATTACK-001",
            INTERNET,
            to,
            evidence,
            `the internet reaches ${refLabel(to)} on ${e.protocol}/${n} (${e.text})`,
            EXPLOITABLE,
          );
        }
      }
    }
  }

  const metadata = analysis.atoms.filter((a) => a.metadata);
  snapshot.pods.forEach((pod, i) => {
    const cls = analysis.podClass[i] as number;
    const atom = metadata.find((a) => !isEmptyPorts(analysis.classToAtom(cls, a.id).any));
    if (!atom) return;
    const evidence = egressEvidence(analysis, cls, atom.id);
    for (const c of [...pod.containers, ...pod.initContainers]) {
      const from = containerRef(pod, c.name);
      g.edge(
        "ATTACK-021",
        from,
        CLOUD_CREDENTIALS,
        evidence,
        `${refLabel(from)} may connect to the cloud metadata address`,
        METADATA_ANSWERS,
      );
    }
  });

  if (lateral) addLateralEdges(analysis, g);
}

/** ATTACK-002: to every declared container port another pod may connect to. */
function addLateralEdges(analysis: NetworkAnalysis, g: GraphBuilder): void {
  const pods = analysis.snapshot.pods;
  pods.forEach((dst, di) => {
    const dcls = analysis.podClass[di] as number;
    for (const scls of analysis.candidateSources(dcls)) {
      const allowed = analysis.classToClass(scls, dcls).any;
      if (isEmptyPorts(allowed)) continue;
      for (const c of dst.containers) {
        const port = c.ports.find((p) => hasPort(allowed, p.protocol, p.containerPort));
        if (!port) continue;
        const to: AttackRef = containerRef(dst, c.name);
        for (const si of analysis.classes[scls]?.pods ?? []) {
          if (si === di) continue;
          const src = pods[si] as Pod;
          for (const sc of src.containers) {
            g.edge(
              "ATTACK-002",
              containerRef(src, sc.name),
              to,
              [
                {
                  type: "network",
                  direction: "ingress",
                  text: `${port.protocol}/${port.containerPort} allowed from ${src.namespace}/${src.name}`,
                },
              ],
              `${refLabel(containerRef(src, sc.name))} may connect to ${refLabel(to)} on ${port.protocol}/${port.containerPort}`,
              EXPLOITABLE,
            );
          }
        }
      }
    }
  });
}
