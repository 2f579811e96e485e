import type { LabelSelector, Labels, Pod, Snapshot } from "@/lib/model/types";
import { matchesSelector, selectorKey } from "@/lib/model/match-selector";
import { parseIp, type Family } from "@/lib/netpol/ip";
import type { NormalizedPolicy } from "@/lib/netpol/normalize-policy";
import type { PodClass } from "@/lib/netpol/network-analysis";

// Pods grouped into equivalence classes (docs/semantics.md §1): same namespace, same answers to every selector
// that can apply to them, same resolution of every named port a policy uses, same hostNetwork flag and same
// external ranges for their IPs. Reachability is then computed once per class pair.

/** Addresses a pod is seen with: its pod IPs, or its node's IP for a hostNetwork pod (rule 20). */
export function podAddresses(pod: Pod): string[] {
  if (pod.podIPs.length > 0) return [...pod.podIPs];
  if (pod.hostNetwork && pod.hostIP) return [pod.hostIP];
  return [];
}

/**
 * Rule 16: a named port resolves on the destination pod's container ports, name AND protocol; the same name
 * may be a different number on another pod. Key: "PROTOCOL/name".
 */
export function resolveNamedPort(pod: Pod, key: string): number[] {
  const slash = key.indexOf("/");
  const protocol = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const out: number[] = [];
  for (const c of pod.containers) {
    for (const p of c.ports) if (p.name === name && p.protocol === protocol) out.push(p.containerPort);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The named container ports of a pod, as text: equal texts resolve every named port alike. */
function namedContainerPorts(pod: Pod): string {
  let out = "";
  for (const c of pod.containers)
    for (const p of c.ports) if (p.name !== undefined) out += `${p.protocol}/${p.name}=${p.containerPort};`;
  return out;
}

/** Selector keys cached per selector object, and the pod namespaces a namespaceSelector matches. */
export interface SelectorScope {
  keyOf(selector: LabelSelector): string;
  nsLabels(namespace: string): Labels;
  namespaceLabels: Map<string, Labels>;
  /** The namespaces (of pods) a namespaceSelector matches, computed once per distinct selector. */
  namespacesMatching(selector: LabelSelector): string[];
}

export function buildSelectorScope(snapshot: Snapshot, policyNamespaces: Iterable<string>): SelectorScope {
  // Rule 13: the loader injects kubernetes.io/metadata.name; a namespace only named by a pod gets it here too.
  const namespaceLabels = new Map<string, Labels>();
  for (const ns of snapshot.namespaces) {
    namespaceLabels.set(ns.name, { ...ns.labels, "kubernetes.io/metadata.name": ns.name });
  }
  const nsLabels = (ns: string) => {
    let labels = namespaceLabels.get(ns);
    if (!labels) {
      labels = { "kubernetes.io/metadata.name": ns };
      namespaceLabels.set(ns, labels);
    }
    return labels;
  };
  for (const pod of snapshot.pods) nsLabels(pod.namespace);
  for (const ns of policyNamespaces) nsLabels(ns);

  const keys = new WeakMap<object, string>();
  const keyOf = (s: LabelSelector) => {
    let k = keys.get(s);
    if (k === undefined) {
      k = selectorKey(s);
      keys.set(s, k);
    }
    return k;
  };
  const podNamespaces = [...new Set(snapshot.pods.map((p) => p.namespace))];
  const nsMatchCache = new Map<string, string[]>();
  const namespacesMatching = (selector: LabelSelector): string[] => {
    const key = keyOf(selector);
    let list = nsMatchCache.get(key);
    if (!list) {
      list = podNamespaces.filter((ns) => matchesSelector(selector, nsLabels(ns)));
      nsMatchCache.set(key, list);
    }
    return list;
  };
  return { keyOf, nsLabels, namespaceLabels, namespacesMatching };
}

/** The pod selectors that can apply to pods of each namespace, and the named ports policies use. */
export interface ClassSignatureInputs {
  selectorsByNs: Map<string, Map<string, LabelSelector>>;
  /** Selectors that can apply to pods of every namespace. */
  everywhere: Map<string, LabelSelector>;
  namedPortKeys: Set<string>;
}

export function newSignatureInputs(): ClassSignatureInputs {
  return { selectorsByNs: new Map(), everywhere: new Map(), namedPortKeys: new Set() };
}

export function addSelector(
  inputs: ClassSignatureInputs,
  scope: SelectorScope,
  ns: string | undefined,
  selector: LabelSelector,
): void {
  let m = inputs.everywhere;
  if (ns !== undefined) {
    const existing = inputs.selectorsByNs.get(ns);
    m = existing ?? new Map();
    if (!existing) inputs.selectorsByNs.set(ns, m);
  }
  m.set(scope.keyOf(selector), selector);
}

/**
 * Rules 10, 11: policy podSelectors and podSelector-only peers apply to their policy's namespace; podSelectors
 * paired with a namespaceSelector to the namespaces it matches.
 */
export function addPolicySelectors(
  inputs: ClassSignatureInputs,
  scope: SelectorScope,
  policies: readonly NormalizedPolicy[],
): void {
  for (const p of policies) {
    addSelector(inputs, scope, p.namespace, p.podSelector);
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const n of rule.namedPorts) inputs.namedPortKeys.add(`${n.protocol}/${n.name}`);
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== "pods" || !peer.podSelector) continue;
        if (!peer.namespaceSelector) addSelector(inputs, scope, p.namespace, peer.podSelector);
        else
          for (const ns of scope.namespacesMatching(peer.namespaceSelector))
            addSelector(inputs, scope, ns, peer.podSelector);
      }
    }
  }
}

export function buildPodClasses(
  snapshot: Snapshot,
  inputs: ClassSignatureInputs,
  atomOf: (ip: { family: Family; value: bigint }) => number,
): { classes: PodClass[]; podClass: Int32Array } {
  const namedPortList = [...inputs.namedPortKeys].sort();
  const everywhere = [...inputs.everywhere];
  const classes: PodClass[] = [];
  const podClass = new Int32Array(snapshot.pods.length);
  const bySignature = new Map<string, PodClass>();
  // Replicas share their labels: the selectors are matched once per namespace and label set.
  const matchedByLabels = new Map<string, string>();
  const portsByKey = new Map<string, string>();
  snapshot.pods.forEach((pod, i) => {
    const labelsKey = `${pod.namespace}\u0000${JSON.stringify(pod.labels)}`;
    let matched = matchedByLabels.get(labelsKey);
    if (matched === undefined) {
      const keys: string[] = [];
      const selectors = inputs.selectorsByNs.get(pod.namespace);
      if (selectors) for (const [key, sel] of selectors) if (matchesSelector(sel, pod.labels)) keys.push(key);
      for (const [key, sel] of everywhere) if (matchesSelector(sel, pod.labels)) keys.push(`*${key}`);
      matched = keys.join("\u0001");
      matchedByLabels.set(labelsKey, matched);
    }
    // Pods with the same named container ports resolve every named port alike.
    const portsKey = namedPortList.length === 0 ? "" : namedContainerPorts(pod);
    let ports = portsByKey.get(portsKey);
    if (ports === undefined) {
      ports = namedPortList.map((k) => resolveNamedPort(pod, k).join("+")).join(",");
      portsByKey.set(portsKey, ports);
    }
    const ipAtoms = [
      ...new Set(
        podAddresses(pod)
          .map((a) => parseIp(a))
          .filter((a) => a !== undefined)
          .map((a) => atomOf(a)),
      ),
    ].sort((a, b) => a - b);
    const signature = [pod.namespace, pod.hostNetwork ? "h" : "p", matched, ports, ipAtoms.join(",")].join(
      "\u0000",
    );
    let cls = bySignature.get(signature);
    if (!cls) {
      cls = {
        id: classes.length,
        namespace: pod.namespace,
        hostNetwork: pod.hostNetwork,
        pods: [],
        sample: pod,
        ipAtoms,
        ingressPolicies: [],
        egressPolicies: [],
        clusterPolicies: [],
      };
      classes.push(cls);
      bySignature.set(signature, cls);
    }
    cls.pods.push(i);
    podClass[i] = cls.id;
  });
  return { classes, podClass };
}

/**
 * Rules 2, 10: a policy selects pods of its own namespace only. hostNetwork pods keep the list (to flag rule
 * 20) but are never isolated.
 */
export function assignPolicies(classes: readonly PodClass[], policies: readonly NormalizedPolicy[]): void {
  const classesByNs = new Map<string, PodClass[]>();
  for (const c of classes) {
    const list = classesByNs.get(c.namespace) ?? [];
    list.push(c);
    classesByNs.set(c.namespace, list);
  }
  policies.forEach((p, pi) => {
    for (const c of classesByNs.get(p.namespace) ?? []) {
      if (!matchesSelector(p.podSelector, c.sample.labels)) continue;
      if (p.types.has("Ingress")) c.ingressPolicies.push(pi);
      if (p.types.has("Egress")) c.egressPolicies.push(pi);
    }
  });
}
