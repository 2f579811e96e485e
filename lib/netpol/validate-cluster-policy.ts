import type {
  ClusterNetworkPolicy,
  ClusterPolicyPeer,
  ClusterPolicyPort,
} from "@/lib/model/cluster-policy-types";
import { parseCidr } from "@/lib/netpol/ip";
import { validateSelector, type PolicyProblem } from "@/lib/netpol/validate-policy";

// docs/semantics.md §1b: what the CRDs of the network-policy-api project reject, by their OpenAPI schema and
// CEL rules (ClusterNetworkPolicy v1alpha2/v1beta1 from v0.3.0; AdminNetworkPolicy and
// BaselineAdminNetworkPolicy v1alpha1 from v0.1.7, the last release that ships them). Such a policy cannot exist
// in a cluster: it is reported like NET-005 and never evaluated.

const DOMAIN_NAME =
  /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

interface Limits {
  /** Rules per direction, peers per rule, ports per rule. */
  maxItems: number;
  actions: readonly string[];
  egressPeers: readonly string[];
  ports: readonly string[];
  /** v1beta1 CIDRs must be in canonical (masked) form; v0.1.7's CEL only checks isCIDR. */
  maskedCidr: boolean;
}

function limitsOf(p: ClusterNetworkPolicy): Limits {
  if (p.kind === "ClusterNetworkPolicy")
    return {
      maxItems: 25,
      actions: ["Accept", "Deny", "Pass"],
      egressPeers: ["namespaces", "pods", "nodes", "networks", "domainNames"],
      ports: ["tcp", "udp", "sctp", "destinationNamedPort"],
      maskedCidr: true,
    };
  const admin = p.kind === "AdminNetworkPolicy";
  return {
    maxItems: 100,
    actions: admin ? ["Allow", "Deny", "Pass"] : ["Allow", "Deny"],
    egressPeers: admin
      ? ["namespaces", "pods", "nodes", "networks", "domainNames"]
      : ["namespaces", "pods", "nodes", "networks"],
    ports: ["portNumber", "portRange", "namedPort"],
    maskedCidr: false,
  };
}

function oneOf(
  set: readonly string[],
  allowed: readonly string[],
  field: string,
  out: PolicyProblem[],
): void {
  const unknown = set.filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    out.push({ field: `${field}.${unknown[0]}`, reason: `is not a field here (${allowed.join(", ")})` });
  else if (set.length !== 1) out.push({ field, reason: `must set exactly one of ${allowed.join(", ")}` });
}

function validPort(n: number | undefined): boolean {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65535;
}

function validatePeer(
  peer: ClusterPolicyPeer,
  field: string,
  allowed: readonly string[],
  limits: Limits,
  out: PolicyProblem[],
): void {
  oneOf(peer.set, allowed, field, out);
  if (peer.namespaces) validateSelector(peer.namespaces, `${field}.namespaces`, out);
  if (peer.pods) {
    validateSelector(peer.pods.namespaceSelector, `${field}.pods.namespaceSelector`, out);
    validateSelector(peer.pods.podSelector, `${field}.pods.podSelector`, out);
  }
  if (peer.nodes) validateSelector(peer.nodes, `${field}.nodes`, out);
  for (const [key, list] of [
    ["networks", peer.networks],
    ["domainNames", peer.domainNames],
  ] as const) {
    if (list === undefined) continue;
    if (list.length < 1 || list.length > 25)
      out.push({ field: `${field}.${key}`, reason: "must hold 1 to 25 items" });
    if (new Set(list).size !== list.length)
      out.push({ field: `${field}.${key}`, reason: "holds duplicates (a set)" });
  }
  peer.networks?.forEach((text, i) => {
    const cidr = parseCidr(text);
    const f = `${field}.networks[${i}]`;
    if (!cidr || text.length > 43) out.push({ field: f, reason: `"${text}" is not a CIDR` });
    else if (limits.maskedCidr && !isMasked(text))
      out.push({ field: f, reason: `"${text}" has host bits set (write the network address)` });
  });
  peer.domainNames?.forEach((d, i) => {
    if (!DOMAIN_NAME.test(d))
      out.push({ field: `${field}.domainNames[${i}]`, reason: `"${d}" is not a domain name` });
  });
}

/** cidr(self) == cidr(self).masked(): the address part has no bit set beyond the prefix. */
function isMasked(text: string): boolean {
  const cidr = parseCidr(text);
  const address = parseCidr(`${text.slice(0, text.indexOf("/"))}/${text.includes(":") ? 128 : 32}`);
  return cidr !== undefined && address !== undefined && address.start === cidr.start;
}

function validatePorts(
  ports: readonly ClusterPolicyPort[],
  field: string,
  limits: Limits,
  out: PolicyProblem[],
): void {
  if (ports.length < 1 || ports.length > limits.maxItems)
    out.push({ field, reason: `must hold 1 to ${limits.maxItems} items` });
  ports.forEach((port, i) => {
    const f = `${field}[${i}]`;
    oneOf(port.set, limits.ports, f, out);
    if (port.protocol !== undefined && !["TCP", "UDP", "SCTP"].includes(port.protocol))
      out.push({ field: `${f}.protocol`, reason: `"${port.protocol}" is not TCP, UDP or SCTP` });
    if (port.port !== undefined && !validPort(port.port))
      out.push({ field: f, reason: `port ${port.port} is outside 1-65535` });
    if (port.range) {
      if (!validPort(port.range.start) || !validPort(port.range.end))
        out.push({ field: f, reason: `range ${port.range.start}-${port.range.end} is outside 1-65535` });
      // CEL on v1alpha2/v1beta1 PortRange: self.start < self.end (v1alpha1 only says so in its docs).
      else if (limits.maskedCidr && port.range.start >= port.range.end)
        out.push({ field: f, reason: "Start port must be less than End port" });
    }
    if (port.namedPort !== undefined && port.namedPort.length === 0)
      out.push({ field: f, reason: "a named port must not be empty" });
  });
}

export function validateClusterPolicy(p: ClusterNetworkPolicy): PolicyProblem[] {
  const out: PolicyProblem[] = [...p.schemaProblems];
  const limits = limitsOf(p);
  if (p.kind === "ClusterNetworkPolicy" && p.tier !== "Admin" && p.tier !== "Baseline")
    out.push({ field: "spec.tier", reason: `"${p.tier}" is not Admin or Baseline` });
  if (p.kind !== "BaselineAdminNetworkPolicy") {
    if (p.priority === undefined) out.push({ field: "spec.priority", reason: "is required" });
    else if (!Number.isInteger(p.priority) || p.priority < 0 || p.priority > 1000)
      out.push({ field: "spec.priority", reason: `${p.priority} is outside 0-1000` });
  }
  // CEL on BaselineAdminNetworkPolicy: the one baseline policy of a cluster is named "default".
  if (p.kind === "BaselineAdminNetworkPolicy" && p.name !== "default")
    out.push({
      field: "metadata.name",
      reason: 'only one BaselineAdminNetworkPolicy, named "default", may exist',
    });
  oneOf(p.subject.set, ["namespaces", "pods"], "spec.subject", out);
  if (p.subject.namespaces) validateSelector(p.subject.namespaces, "spec.subject.namespaces", out);
  if (p.subject.pods) {
    validateSelector(p.subject.pods.namespaceSelector, "spec.subject.pods.namespaceSelector", out);
    validateSelector(p.subject.pods.podSelector, "spec.subject.pods.podSelector", out);
  }
  for (const direction of ["ingress", "egress"] as const) {
    const rules = p[direction];
    if (rules === undefined) continue;
    const field = `spec.${direction}`;
    if (rules.length > limits.maxItems)
      out.push({ field, reason: `holds more than ${limits.maxItems} rules` });
    rules.forEach((rule, i) => {
      const f = `${field}[${i}]`;
      if (!limits.actions.includes(rule.action))
        out.push({
          field: `${f}.action`,
          reason: `"${rule.action}" is not one of ${limits.actions.join(", ")}`,
        });
      if (rule.name !== undefined && rule.name.length > 100)
        out.push({ field: `${f}.name`, reason: "is longer than 100 characters" });
      const peersKey = direction === "ingress" ? "from" : "to";
      const peers = rule.peers ?? [];
      if (peers.length < 1 || peers.length > limits.maxItems)
        out.push({ field: `${f}.${peersKey}`, reason: `must hold 1 to ${limits.maxItems} peers` });
      const allowed = direction === "ingress" ? ["namespaces", "pods"] : limits.egressPeers;
      peers.forEach((peer, j) => validatePeer(peer, `${f}.${peersKey}[${j}]`, allowed, limits, out));
      if (rule.ports)
        validatePorts(
          rule.ports,
          `${f}.${p.kind === "ClusterNetworkPolicy" ? "protocols" : "ports"}`,
          limits,
          out,
        );
      // CEL on egress rules: a named port cannot go with networks, nodes or domainNames peers.
      if (
        direction === "egress" &&
        rule.ports?.some((x) => x.namedPort !== undefined) &&
        peers.some((x) => x.networks !== undefined || x.nodes !== undefined || x.domainNames !== undefined)
      )
        out.push({
          field: f,
          reason:
            "networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames",
        });
    });
  }
  return out;
}
