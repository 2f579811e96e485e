import { VigilError } from "@/lib/errors";
import type { Protocol } from "@/lib/model/types";
import type { NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { hasPort } from "@/lib/netpol/port-set";
import { isNodeOf, sameNodeHostTraffic, type Endpoint } from "@/lib/netpol/resolve-endpoint";

// Can SRC start a connection to DST on PROTOCOL/PORT (docs/semantics.md §1, rules 1-20; rule 19: replies need no rule)?
// The class-based answer; explain-connection.ts gives the same answer rule by rule.

interface ConnectionAnswer {
  allowed: boolean;
  /** Allowed only through a case of rule 20. */
  implementationDefined: boolean;
  /** The rule 20 case that decided, when one did before any policy was looked at. */
  special?: "self" | "node";
}

export function checkPort(protocol: string, port: number): void {
  if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") {
    throw new VigilError("bad-input", `protocol must be TCP, UDP or SCTP, not "${protocol}"`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new VigilError("bad-input", `port must be a number from 1 to 65535, not "${port}"`);
  }
}

export function canConnect(
  analysis: NetworkAnalysis,
  src: Endpoint,
  dst: Endpoint,
  protocol: Protocol,
  port: number,
): ConnectionAnswer {
  checkPort(protocol, port);
  if (src.kind === "ip" && dst.kind === "ip") {
    throw new VigilError("bad-input", "at least one side of a connection must be a pod");
  }
  // Rule 20: a pod to itself (a representative pod stands for several replicas: evaluate it normally).
  if (src.kind === "pod" && dst.kind === "pod" && src.index === dst.index && !src.pod.representative) {
    return { allowed: true, implementationDefined: true, special: "self" };
  }
  let allowed;
  let node = false;
  if (src.kind === "pod" && dst.kind === "pod") {
    allowed = analysis.classToClass(classOf(analysis, src.index), classOf(analysis, dst.index));
    node = sameNodeHostTraffic(src.pod, dst.pod);
  } else if (src.kind === "pod" && dst.kind === "ip") {
    allowed = analysis.classToAtom(classOf(analysis, src.index), analysis.atomOf(dst.ip));
    node = isNodeOf(analysis, src.pod, dst.ip);
  } else if (src.kind === "ip" && dst.kind === "pod") {
    allowed = analysis.atomToClass(analysis.atomOf(src.ip), classOf(analysis, dst.index));
    node = isNodeOf(analysis, dst.pod, src.ip);
  } else {
    throw new VigilError("bad-input", "at least one side of a connection must be a pod");
  }
  const any = hasPort(allowed.any, protocol, port);
  const std = hasPort(allowed.std, protocol, port);
  // Rule 20: traffic between a pod and its own node is always allowed.
  if (node && !std) return { allowed: true, implementationDefined: true, special: "node" };
  return { allowed: any, implementationDefined: any && !std };
}

function classOf(analysis: NetworkAnalysis, pod: number): number {
  return analysis.podClass[pod] as number;
}
