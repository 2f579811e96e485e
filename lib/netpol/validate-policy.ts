import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "@/lib/model/types";
import { parseCidr } from "@/lib/netpol/ip";

// docs/semantics.md §1.21: the forms the API server's validation (pkg/apis/networking/validation) rejects. Such a
// policy could never exist in a cluster, so it is reported (NET-005) and excluded from evaluation instead of
// being guessed at.

export interface PolicyProblem {
  /** JSON path inside the policy, e.g. "spec.ingress[0].from[1].ipBlock.except[0]". */
  field: string;
  reason: string;
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** IANA_SVC_NAME, as the API validates a named port: 1-15 chars, lowercase alphanumerics and '-', a letter. */
function portNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return "a named port must be 1 to 15 characters long";
  if (!PORT_NAME.test(name) || name.includes("--")) {
    return "a named port may hold only lowercase letters, digits and single inner hyphens";
  }
  if (!/[a-z]/.test(name))
    return "a named port must contain at least one letter (numbers are written unquoted)";
  return undefined;
}

function validPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

export function validateSelector(selector: LabelSelector, field: string, out: PolicyProblem[]): void {
  selector.matchExpressions.forEach((req, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (req.values.length === 0)
          out.push({ field: `${f}.values`, reason: `operator ${req.operator} needs at least one value` });
        break;
      case "Exists":
      case "DoesNotExist":
        if (req.values.length > 0)
          out.push({ field: `${f}.values`, reason: `operator ${req.operator} takes no values` });
        break;
      default:
        out.push({
          field: `${f}.operator`,
          reason: `unknown operator "${String(req.operator)}" (In, NotIn, Exists, DoesNotExist)`,
        });
    }
  });
}

function validatePeer(peer: NetworkPolicyPeer, field: string, out: PolicyProblem[]): void {
  const hasSelector = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
  if (!hasSelector && peer.ipBlock === undefined) {
    out.push({ field, reason: "a peer must set podSelector, namespaceSelector or ipBlock" });
    return;
  }
  if (peer.ipBlock !== undefined && hasSelector) {
    out.push({
      field,
      reason: "ipBlock cannot be combined with podSelector or namespaceSelector in one peer",
    });
  }
  if (peer.podSelector) validateSelector(peer.podSelector, `${field}.podSelector`, out);
  if (peer.namespaceSelector) validateSelector(peer.namespaceSelector, `${field}.namespaceSelector`, out);
  if (peer.ipBlock) {
    const cidr = parseCidr(peer.ipBlock.cidr);
    if (!cidr) {
      out.push({ field: `${field}.ipBlock.cidr`, reason: `"${peer.ipBlock.cidr}" is not a valid CIDR` });
      return;
    }
    peer.ipBlock.except.forEach((text, i) => {
      const f = `${field}.ipBlock.except[${i}]`;
      const except = parseCidr(text);
      if (!except) out.push({ field: f, reason: `"${text}" is not a valid CIDR` });
      else if (
        except.family !== cidr.family ||
        except.start < cidr.start ||
        except.end > cidr.end ||
        except.prefix <= cidr.prefix
      ) {
        out.push({
          field: f,
          reason: `except "${text}" must be a strict subset of cidr "${peer.ipBlock?.cidr}"`,
        });
      }
    });
  }
}

function validatePort(port: NetworkPolicyPort, field: string, out: PolicyProblem[]): void {
  if (
    port.protocol !== undefined &&
    port.protocol !== "TCP" &&
    port.protocol !== "UDP" &&
    port.protocol !== "SCTP"
  ) {
    out.push({
      field: `${field}.protocol`,
      reason: `protocol "${port.protocol}" is not one of TCP, UDP, SCTP`,
    });
  }
  if (typeof port.port === "number") {
    if (!validPortNumber(port.port))
      out.push({ field: `${field}.port`, reason: `port ${port.port} is outside 1-65535` });
  } else if (typeof port.port === "string") {
    const problem = portNameProblem(port.port);
    if (problem) out.push({ field: `${field}.port`, reason: `"${port.port}": ${problem}` });
  }
  if (port.endPort !== undefined) {
    if (port.port === undefined) out.push({ field: `${field}.endPort`, reason: "endPort needs a port" });
    else if (typeof port.port === "string") {
      out.push({ field: `${field}.endPort`, reason: "endPort cannot be used with a named port" });
    } else if (!validPortNumber(port.endPort)) {
      out.push({ field: `${field}.endPort`, reason: `endPort ${port.endPort} is outside 1-65535` });
    } else if (port.endPort < port.port) {
      out.push({ field: `${field}.endPort`, reason: `endPort ${port.endPort} is below port ${port.port}` });
    }
  }
}

export function validatePolicy(policy: NetworkPolicy): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  validateSelector(policy.podSelector, "spec.podSelector", out);
  (policy.policyTypes ?? []).forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress") {
      out.push({
        field: `spec.policyTypes[${i}]`,
        reason: `policy type "${String(t)}" is not Ingress or Egress`,
      });
    }
  });
  for (const direction of ["ingress", "egress"] as const) {
    const peerField = direction === "ingress" ? "from" : "to";
    (policy[direction] ?? []).forEach((rule, r) => {
      (rule.peers ?? []).forEach((peer, p) =>
        validatePeer(peer, `spec.${direction}[${r}].${peerField}[${p}]`, out),
      );
      (rule.ports ?? []).forEach((port, p) => validatePort(port, `spec.${direction}[${r}].ports[${p}]`, out));
    });
  }
  return out;
}
