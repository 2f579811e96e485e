import type {
  ClusterNetworkPolicy,
  ClusterPolicyKind,
  ClusterPolicyPeer,
  ClusterPolicyPort,
  ClusterPolicyRule,
  NamespacedPodSelector,
  UnevaluatedPolicy,
} from "@/lib/model/cluster-policy-types";
import { readSelector, type Meta } from "@/lib/model/map-common";
import { FieldReader, isObject, type JsonObject } from "@/lib/model/read-fields";

// ClusterNetworkPolicy (policy.networking.k8s.io v1alpha2, v1beta1), AdminNetworkPolicy and
// BaselineAdminNetworkPolicy (v1alpha1) into one narrow shape (docs/semantics.md §1b), and the policy kinds
// Vigil does not evaluate (NET-011). One-of structures keep the list of fields present, so that the engine can
// reject what the CRD's schema would (validate-cluster-policy.ts).

const NP_GROUP = "policy.networking.k8s.io";

/** The kinds of the network-policy-api project, by kind and API version. */
export function clusterPolicyKindOf(kind: string, apiVersion: string): ClusterPolicyKind | undefined {
  if (kind === "ClusterNetworkPolicy" && /^policy\.networking\.k8s\.io\/v1(alpha2|beta1)$/.test(apiVersion))
    return kind;
  if (
    (kind === "AdminNetworkPolicy" || kind === "BaselineAdminNetworkPolicy") &&
    apiVersion === `${NP_GROUP}/v1alpha1`
  )
    return kind;
  return undefined;
}

function presentKeys(obj: JsonObject | undefined): string[] {
  return obj ? Object.keys(obj).filter((k) => obj[k] !== undefined && obj[k] !== null) : [];
}

function readNamespacedPod(v: unknown, path: string, r: FieldReader): NamespacedPodSelector | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  return {
    namespaceSelector: readSelector(o["namespaceSelector"], `${path}.namespaceSelector`, r),
    podSelector: readSelector(o["podSelector"], `${path}.podSelector`, r),
  };
}

function readPeer(v: unknown, path: string, r: FieldReader): ClusterPolicyPeer {
  const o = r.object(v, path);
  const peer: ClusterPolicyPeer = { set: presentKeys(o) };
  if (!o) return peer;
  if (o["namespaces"] != null) peer.namespaces = readSelector(o["namespaces"], `${path}.namespaces`, r);
  const pods = o["pods"] != null ? readNamespacedPod(o["pods"], `${path}.pods`, r) : undefined;
  if (pods) peer.pods = pods;
  if (o["networks"] != null) peer.networks = r.strings(o["networks"], `${path}.networks`);
  if (o["nodes"] != null) peer.nodes = readSelector(o["nodes"], `${path}.nodes`, r);
  if (o["domainNames"] != null) peer.domainNames = r.strings(o["domainNames"], `${path}.domainNames`);
  return peer;
}

/** v1alpha2 / v1beta1 `protocols` item: {tcp|udp|sctp: {destinationPort: {number | range}}} or a named port. */
function readProtocolItem(v: unknown, path: string, r: FieldReader, problems: Problems): ClusterPolicyPort {
  const o = r.object(v, path);
  const out: ClusterPolicyPort = { set: presentKeys(o) };
  if (!o) return out;
  if (o["destinationNamedPort"] != null)
    out.namedPort = r.string(o["destinationNamedPort"], `${path}.destinationNamedPort`) ?? "";
  for (const key of ["tcp", "udp", "sctp"] as const) {
    if (o[key] == null) continue;
    const p = `${path}.${key}`;
    const proto = r.object(o[key], p);
    out.protocol = key.toUpperCase();
    const dest = r.object(proto?.["destinationPort"], `${p}.destinationPort`);
    if (!dest) {
      problems.push({
        field: `${p}.destinationPort`,
        reason: "is required (the protocol object must set a field)",
      });
      continue;
    }
    const keys = presentKeys(dest);
    if (keys.length !== 1 || (keys[0] !== "number" && keys[0] !== "range"))
      problems.push({ field: `${p}.destinationPort`, reason: "must set exactly one of number or range" });
    const number = r.int(dest["number"], `${p}.destinationPort.number`);
    if (number !== undefined) out.port = number;
    const range = r.object(dest["range"], `${p}.destinationPort.range`);
    if (range) {
      out.range = {
        start: r.int(range["start"], `${p}.destinationPort.range.start`) ?? 0,
        end: r.int(range["end"], `${p}.destinationPort.range.end`) ?? 0,
      };
    }
  }
  return out;
}

/** v1alpha1 `ports` item: {portNumber: {protocol, port}} | {portRange: {protocol, start, end}} | {namedPort}. */
function readPortItem(v: unknown, path: string, r: FieldReader): ClusterPolicyPort {
  const o = r.object(v, path);
  const out: ClusterPolicyPort = { set: presentKeys(o) };
  if (!o) return out;
  if (o["namedPort"] != null) out.namedPort = r.string(o["namedPort"], `${path}.namedPort`) ?? "";
  const number = r.object(o["portNumber"], `${path}.portNumber`);
  if (number) {
    // The CRD defaults protocol to TCP.
    out.protocol = r.string(number["protocol"], `${path}.portNumber.protocol`) ?? "TCP";
    out.port = r.int(number["port"], `${path}.portNumber.port`) ?? 0;
  }
  const range = r.object(o["portRange"], `${path}.portRange`);
  if (range) {
    out.protocol = r.string(range["protocol"], `${path}.portRange.protocol`) ?? "TCP";
    out.range = {
      start: r.int(range["start"], `${path}.portRange.start`) ?? 0,
      end: r.int(range["end"], `${path}.portRange.end`) ?? 0,
    };
  }
  return out;
}

type Problems = { field: string; reason: string }[];

function readRules(
  v: unknown,
  path: string,
  peersKey: "from" | "to",
  alpha1: boolean,
  r: FieldReader,
  problems: Problems,
): ClusterPolicyRule[] | undefined {
  const items = r.list(v, path);
  if (!items) return undefined;
  return items.map((item, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(item, p) ?? {};
    const rule: ClusterPolicyRule = { action: r.string(o["action"], `${p}.action`) ?? "" };
    const name = r.string(o["name"], `${p}.name`);
    if (name !== undefined) rule.name = name;
    const peers = r.list(o[peersKey], `${p}.${peersKey}`);
    if (peers) rule.peers = peers.map((x, j) => readPeer(x, `${p}.${peersKey}[${j}]`, r));
    const portsKey = alpha1 ? "ports" : "protocols";
    const ports = r.list(o[portsKey], `${p}.${portsKey}`);
    if (ports)
      rule.ports = ports.map((x, j) =>
        alpha1
          ? readPortItem(x, `${p}.${portsKey}[${j}]`, r)
          : readProtocolItem(x, `${p}.${portsKey}[${j}]`, r, problems),
      );
    return rule;
  });
}

export function readClusterNetworkPolicy(
  kind: ClusterPolicyKind,
  apiVersion: string,
  obj: JsonObject,
  meta: Meta,
  r: FieldReader,
): ClusterNetworkPolicy {
  const problems: Problems = [];
  // Type errors become problems of the policy as well as load warnings: the API server rejects them.
  const pr = new FieldReader((field, reason) => {
    problems.push({ field, reason });
    r.warn(field, reason);
  });
  const alpha1 = kind !== "ClusterNetworkPolicy";
  const spec = pr.object(obj["spec"], "spec");
  if (!spec) problems.push({ field: "spec", reason: "is required" });
  const subjectObj = pr.object(spec?.["subject"], "spec.subject");
  const subject: ClusterNetworkPolicy["subject"] = { set: presentKeys(subjectObj) };
  if (subjectObj?.["namespaces"] != null)
    subject.namespaces = readSelector(subjectObj["namespaces"], "spec.subject.namespaces", pr);
  const pods =
    subjectObj?.["pods"] != null ? readNamespacedPod(subjectObj["pods"], "spec.subject.pods", pr) : undefined;
  if (pods) subject.pods = pods;
  const tier =
    kind === "AdminNetworkPolicy"
      ? "Admin"
      : kind === "BaselineAdminNetworkPolicy"
        ? "Baseline"
        : (pr.string(spec?.["tier"], "spec.tier") ?? "");
  const policy: ClusterNetworkPolicy = {
    kind,
    apiVersion,
    name: meta.name,
    labels: meta.labels,
    tier,
    subject,
    schemaProblems: problems,
  };
  if (kind !== "BaselineAdminNetworkPolicy") {
    const priority = pr.int(spec?.["priority"], "spec.priority");
    if (priority !== undefined) policy.priority = priority;
  }
  const ingress = readRules(spec?.["ingress"], "spec.ingress", "from", alpha1, pr, problems);
  const egress = readRules(spec?.["egress"], "spec.egress", "to", alpha1, pr, problems);
  if (ingress) policy.ingress = ingress;
  if (egress) policy.egress = egress;
  return policy;
}

/** Policy kinds of other projects that filter pod traffic (NET-011), by API group and kind. */
const UNEVALUATED: { group: RegExp; kinds: Record<string, "namespace" | "cluster"> }[] = [
  {
    group: /^cilium\.io$/,
    kinds: { CiliumNetworkPolicy: "namespace", CiliumClusterwideNetworkPolicy: "cluster" },
  },
  {
    group: /^(crd\.)?projectcalico\.org$/,
    kinds: { NetworkPolicy: "namespace", GlobalNetworkPolicy: "cluster", StagedNetworkPolicy: "namespace" },
  },
  {
    group: /^crd\.antrea\.io$/,
    kinds: { NetworkPolicy: "namespace", ClusterNetworkPolicy: "cluster", AdminNetworkPolicy: "cluster" },
  },
  { group: /^security\.istio\.io$/, kinds: { AuthorizationPolicy: "namespace" } },
];

/** Kinds that are cluster-scoped among those above. */
export const UNEVALUATED_CLUSTER_KINDS = ["CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy"];

/** Istio applies an AuthorizationPolicy of its root namespace to the whole mesh. */
const ISTIO_ROOT_NAMESPACE = "istio-system";

export function readUnevaluatedPolicy(
  kind: string,
  apiVersion: string,
  obj: JsonObject,
  meta: Meta,
  namespace: string | undefined,
): UnevaluatedPolicy | undefined {
  const group = apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
  const scope = UNEVALUATED.find((u) => u.group.test(group))?.kinds[kind];
  if (!scope) return undefined;
  const spec = isObject(obj["spec"]) ? obj["spec"] : {};
  // Only plain label selectors are read; any other selector language may select every pod of its scope.
  const quiet = new FieldReader(() => undefined);
  let selector: unknown;
  if (kind.startsWith("Cilium")) selector = spec["endpointSelector"];
  if (kind === "AuthorizationPolicy" && isObject(spec["selector"]))
    selector = { matchLabels: spec["selector"]["matchLabels"] };
  const podSelector = isObject(selector) ? readSelector(selector, "selector", quiet) : undefined;
  const plain =
    podSelector !== undefined &&
    [...Object.keys(podSelector.matchLabels), ...podSelector.matchExpressions.map((e) => e.key)].every(
      (k) => !k.includes(":"),
    );
  const clusterWide =
    scope === "cluster" || (kind === "AuthorizationPolicy" && namespace === ISTIO_ROOT_NAMESPACE);
  return {
    kind,
    apiVersion,
    ...(scope === "namespace" && namespace ? { namespace } : {}),
    name: meta.name,
    clusterWide,
    ...(plain && podSelector ? { podSelector } : {}),
  };
}
