import { VigilError } from "@/lib/errors";
import type { Pod } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { parseIp, type Family } from "@/lib/netpol/ip";

// A connection endpoint as users write it: "ns/pod" (a pod name, or a workload name for the representative
// pod of a manifests-only input) or an IP literal. An IP that is exactly one pod's IP is that pod. Also the
// node checks of docs/semantics.md §1.20 (traffic between a pod and its own node; hostNetwork pods on the same node).

export type Endpoint =
  | { kind: "pod"; index: number; pod: Pod; id: string }
  | { kind: "ip"; ip: { family: Family; value: bigint }; id: string };

export function resolveEndpoint(analysis: NetworkAnalysis, text: string): Endpoint {
  const pods = analysis.snapshot.pods;
  const ip = parseIp(text);
  if (ip) {
    const owners: number[] = [];
    pods.forEach((p, i) => {
      if (!p.hostNetwork && p.podIPs.some((a) => sameIp(a, ip))) owners.push(i);
    });
    const only = owners.length === 1 ? owners[0] : undefined;
    if (only !== undefined) {
      const pod = pods[only] as Pod;
      return { kind: "pod", index: only, pod, id: `${pod.namespace}/${pod.name}` };
    }
    return { kind: "ip", ip, id: text };
  }
  const slash = text.indexOf("/");
  if (slash <= 0 || slash === text.length - 1 || text.indexOf("/", slash + 1) !== -1) {
    throw new VigilError("bad-input", `"${text}" is neither "namespace/pod" nor an IP address`);
  }
  const ns = text.slice(0, slash);
  const name = text.slice(slash + 1);
  let index = pods.findIndex((p) => p.namespace === ns && p.name === name);
  if (index === -1)
    index = pods.findIndex((p) => p.namespace === ns && p.representative && p.workload.name === name);
  if (index === -1) {
    throw new VigilError("bad-input", `no pod or workload "${name}" in namespace "${ns}"`);
  }
  const pod = pods[index] as Pod;
  return { kind: "pod", index, pod, id: `${pod.namespace}/${pod.name}` };
}

function sameIp(text: string, ip: { family: Family; value: bigint }): boolean {
  const other = parseIp(text);
  return other !== undefined && other.family === ip.family && other.value === ip.value;
}

/** The node a pod runs on: its hostIP and every address of its Node object (rule 20: node traffic). */
function nodeAddressesOf(analysis: NetworkAnalysis, pod: Pod): { family: Family; value: bigint }[] {
  const texts = new Set<string>();
  if (pod.hostIP) texts.add(pod.hostIP);
  if (pod.nodeName) {
    for (const node of analysis.snapshot.nodes) {
      if (node.name === pod.nodeName) for (const a of node.addresses) texts.add(a.address);
    }
  }
  return [...texts].map((t) => parseIp(t)).filter((a) => a !== undefined);
}

export function isNodeOf(
  analysis: NetworkAnalysis,
  pod: Pod,
  ip: { family: Family; value: bigint },
): boolean {
  return nodeAddressesOf(analysis, pod).some((a) => a.family === ip.family && a.value === ip.value);
}

/** Two pods on the same node, one of them on the host network: node traffic (rule 20). */
export function sameNodeHostTraffic(a: Pod, b: Pod): boolean {
  return (a.hostNetwork || b.hostNetwork) && a.nodeName !== undefined && a.nodeName === b.nodeName;
}
