import type { RawObject } from "@/lib/sources/live/read-objects";
import { snapshotToManifests } from "@/lib/model/snapshot-to-manifests";
import type { Snapshot } from "@/lib/model/types";

// What one dataplane scenario is: the objects created in the API server (Namespaces, Pods with their node and
// IPs, NetworkPolicies), all pods in one /24 of the test's own range, all on the test's one node.

/** Routed only on this machine, inside the test's own namespaces (RFC 2544 benchmarking range). */
export const POD_RANGE = "198.18.0.0/16";
/** The Node the pods run on, as kube-network-policies is told with --hostname-override. */
export const NODE_NAME = "vigil-dataplane-node";
/** Host numbers of the scenario's pods: .10 upwards; .250 is the readiness sentinel (dev/dataplane/sync.ts). */
export const FIRST_HOST = 10;
export const SENTINEL_HOST = 250;

export interface Subnet {
  /** "198.18.7" */
  prefix: string;
  ip(host: number): string;
  cidr(host: number, bits: number): string;
}

export function subnet(index: number): Subnet {
  if (!Number.isInteger(index) || index < 1 || index > 254) throw new Error(`no subnet number ${index}`);
  const prefix = `198.18.${index}`;
  return {
    prefix,
    ip: (host) => `${prefix}.${host}`,
    cidr: (host, bits) => `${prefix}.${host}/${bits}`,
  };
}

export interface Scenario {
  name: string;
  source: "unit fixture" | "demo" | "random";
  objects: RawObject[];
}

export type ScenarioBuilder = (net: Subnet) => Scenario;

/** Pods as this node runs them: scheduled here, running (status is written through the status subresource). */
export function onNode(obj: RawObject): RawObject {
  if (obj["kind"] !== "Pod") return obj;
  const spec = (obj["spec"] ?? {}) as Record<string, unknown>;
  const status = (obj["status"] ?? {}) as Record<string, unknown>;
  return { ...obj, spec: { ...spec, nodeName: NODE_NAME }, status: { ...status, phase: "Running" } };
}

/** The v1alpha1 policy tiers kube-network-policies v0.8.0 enforces (behind its --admin-network-policy flags). */
export const TIER_KINDS = ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy"];
const KINDS = new Set(["Namespace", "Pod", "NetworkPolicy", ...TIER_KINDS]);

/** Does the scenario hold AdminNetworkPolicies or a BaselineAdminNetworkPolicy? */
export function usesTiers(scenario: Scenario): boolean {
  return scenario.objects.some((o) => TIER_KINDS.includes(String(o["kind"])));
}

/** A hand-made snapshot (lib/netpol/testing/build) written as the manifests the API server is given. */
export function fromSnapshot(name: string, source: Scenario["source"], snapshot: Snapshot): Scenario {
  const list = snapshotToManifests(snapshot) as { items: RawObject[] };
  return { name, source, objects: list.items.filter((o) => KINDS.has(String(o["kind"]))).map(onNode) };
}

export interface ScenarioPod {
  namespace: string;
  name: string;
  ip: string;
  hostNetwork: boolean;
  ports: { protocol: string; port: number }[];
}

/** The pods of a scenario with their IPs and declared container ports (protocol defaults to TCP). */
export function scenarioPods(scenario: Scenario): ScenarioPod[] {
  const pods: ScenarioPod[] = [];
  for (const o of scenario.objects) {
    if (o["kind"] !== "Pod") continue;
    const metadata = o["metadata"] as { name: string; namespace: string };
    const spec = o["spec"] as {
      hostNetwork?: boolean;
      containers?: { ports?: { containerPort: number; protocol?: string }[] }[];
    };
    const status = (o["status"] ?? {}) as { podIPs?: { ip: string }[] };
    const ip = status.podIPs?.[0]?.ip;
    if (!ip) throw new Error(`pod ${metadata.namespace}/${metadata.name} of "${scenario.name}" has no IP`);
    pods.push({
      namespace: metadata.namespace,
      name: metadata.name,
      ip,
      hostNetwork: spec.hostNetwork === true,
      ports: (spec.containers ?? []).flatMap((c) =>
        (c.ports ?? []).map((p) => ({ protocol: p.protocol ?? "TCP", port: p.containerPort })),
      ),
    });
  }
  return pods;
}

type PortItem = {
  portNumber?: { protocol?: string; port: number };
  portRange?: { protocol?: string; start: number; end: number };
};

/**
 * Every (protocol, port) a scenario's policies name numerically, with the neighbours of each range's ends:
 * NetworkPolicy ports and endPort ranges, and the v1alpha1 tiers' portNumber and portRange.
 */
export function policyPorts(scenario: Scenario): { protocol: string; port: number }[] {
  const found: { protocol: string; port: number }[] = [];
  const range = (protocol: string, start: number, end: number) =>
    found.push(
      { protocol, port: start - 1 },
      { protocol, port: start },
      { protocol, port: end },
      { protocol, port: end + 1 },
    );
  for (const o of scenario.objects) {
    if (TIER_KINDS.includes(String(o["kind"]))) {
      const spec = o["spec"] as Record<string, { ports?: PortItem[] }[] | undefined>;
      for (const r of [...(spec["ingress"] ?? []), ...(spec["egress"] ?? [])]) {
        for (const p of r.ports ?? []) {
          if (p.portNumber) found.push({ protocol: p.portNumber.protocol ?? "TCP", port: p.portNumber.port });
          if (p.portRange) range(p.portRange.protocol ?? "TCP", p.portRange.start, p.portRange.end);
        }
      }
      continue;
    }
    if (o["kind"] !== "NetworkPolicy") continue;
    const spec = o["spec"] as Record<
      string,
      { ports?: { protocol?: string; port?: unknown; endPort?: number }[] }[]
    >;
    for (const r of [...(spec["ingress"] ?? []), ...(spec["egress"] ?? [])]) {
      for (const p of r.ports ?? []) {
        const protocol = p.protocol ?? "TCP";
        if (typeof p.port !== "number") continue;
        if (p.endPort !== undefined) range(protocol, p.port, p.endPort);
        else found.push({ protocol, port: p.port });
      }
    }
  }
  return found.filter((p) => p.port >= 1 && p.port <= 65535);
}
