import type { AccessGap, Snapshot } from "@/lib/model/types";

// What one viewer may see of a snapshot (docs/architecture.md "Cluster access modes"): each kind in each namespace is
// kept only when the viewer may `list` it there, and what is cut becomes an AccessGap so that the page can
// say so. Used by snapshot mode (answers from Vigil's RBAC engine, docs/semantics.md §2) and by serviceaccount
// mode (answers from SubjectAccessReviews); token mode needs none, the API server has already decided.
//
// Which namespaces a viewer sees at all: every one when they may list namespaces cluster-wide; otherwise
// those they may `get` (for a namespace the API server's request attributes carry namespace = name, so a
// RoleBinding to `view` in g04 allows it), and those where a RoleBinding grants them some list they do not
// hold cluster-wide. Objects of hidden namespaces are dropped whatever else is allowed, so a page never
// names a namespace the viewer could not.

export interface AccessQuestion {
  verb: "list" | "get";
  /** "" for the core group. */
  group: string;
  resource: string;
  /** Absent: cluster-wide. */
  namespace?: string;
  name?: string;
}

export type AccessAnswer = "allow" | "deny" | "indeterminate";

export type Decide = (question: AccessQuestion) => AccessAnswer;

interface Kind {
  group: string;
  resource: string;
}

const K = (group: string, resource: string): Kind => ({ group, resource });

/** The kinds a namespace holds in the snapshot, with the API group and plural the API server knows them by. */
export const NAMESPACED_KINDS = {
  pods: K("", "pods"),
  Deployment: K("apps", "deployments"),
  StatefulSet: K("apps", "statefulsets"),
  DaemonSet: K("apps", "daemonsets"),
  ReplicaSet: K("apps", "replicasets"),
  Job: K("batch", "jobs"),
  CronJob: K("batch", "cronjobs"),
  services: K("", "services"),
  ingresses: K("networking.k8s.io", "ingresses"),
  networkPolicies: K("networking.k8s.io", "networkpolicies"),
  Role: K("rbac.authorization.k8s.io", "roles"),
  RoleBinding: K("rbac.authorization.k8s.io", "rolebindings"),
  serviceAccounts: K("", "serviceaccounts"),
  configMaps: K("", "configmaps"),
  certManagerCertificates: K("cert-manager.io", "certificates"),
  certificateRequests: K("cert-manager.io", "certificaterequests"),
  secrets: K("", "secrets"),
} as const;

export const CLUSTER_KINDS = {
  namespaces: K("", "namespaces"),
  nodes: K("", "nodes"),
  ClusterRole: K("rbac.authorization.k8s.io", "clusterroles"),
  ClusterRoleBinding: K("rbac.authorization.k8s.io", "clusterrolebindings"),
  ValidatingWebhookConfiguration: K("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
  MutatingWebhookConfiguration: K("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
  apiServices: K("apiregistration.k8s.io", "apiservices"),
  crds: K("apiextensions.k8s.io", "customresourcedefinitions"),
  csrs: K("certificates.k8s.io", "certificatesigningrequests"),
} as const;

/** Cluster-scoped policy tiers (docs/semantics.md §1b): a gap only when the snapshot holds some. */
const TIER_KINDS = {
  ClusterNetworkPolicy: K("policy.networking.k8s.io", "clusternetworkpolicies"),
  AdminNetworkPolicy: K("policy.networking.k8s.io", "adminnetworkpolicies"),
  BaselineAdminNetworkPolicy: K("policy.networking.k8s.io", "baselineadminnetworkpolicies"),
} as const;

const NAMESPACED_LIST: readonly Kind[] = Object.values(NAMESPACED_KINDS);
const CLUSTER_LIST: readonly Kind[] = Object.values(CLUSTER_KINDS);

function listQuestion(kind: Kind, namespace?: string): AccessQuestion {
  return {
    verb: "list",
    group: kind.group,
    resource: kind.resource,
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

/** The cluster-wide questions: asked first, since their answers decide which per-namespace ones remain. */
export function clusterAccessQuestions(): AccessQuestion[] {
  return [...CLUSTER_LIST, ...Object.values(TIER_KINDS), ...NAMESPACED_LIST].map((k) => listQuestion(k));
}

/**
 * Every question `gateSnapshot` may ask about this snapshot, for deciders that must ask ahead (SARs). Given
 * the answers to the cluster-wide questions (`cluster`), only the questions those leave open: a kind the
 * viewer may list in all namespaces needs no question per namespace, and a viewer who may list namespaces
 * needs none about each one. For a viewer who reads the whole cluster that is 1 question per kind instead of
 * one per kind and namespace (6,000 SubjectAccessReviews on a cluster of 200 namespaces). gateSnapshot reads
 * exactly these: it asks per namespace only for what is not allowed cluster-wide.
 */
export function accessQuestions(namespaces: readonly string[], cluster?: Decide): AccessQuestion[] {
  const questions = clusterAccessQuestions();
  const open = NAMESPACED_LIST.filter((k) => cluster?.(listQuestion(k)) !== "allow");
  const namespaceReader = cluster?.(listQuestion(CLUSTER_KINDS.namespaces)) === "allow";
  for (const ns of namespaces) {
    if (!namespaceReader)
      questions.push({ verb: "get", group: "", resource: "namespaces", namespace: ns, name: ns });
    for (const kind of open) questions.push(listQuestion(kind, ns));
  }
  return questions;
}

export function questionKey(q: AccessQuestion): string {
  return [q.verb, q.group, q.resource, q.namespace ?? "", q.name ?? ""].join("|");
}

function qualified(kind: Kind): string {
  return kind.group === "" ? kind.resource : `${kind.resource}.${kind.group}`;
}

function gapFor(
  kind: Kind,
  answer: AccessAnswer,
  namespace?: string,
  where = namespace === undefined ? "cluster-wide" : `in ${namespace}`,
): AccessGap {
  return {
    resource: kind.resource,
    ...(namespace !== undefined ? { namespace } : {}),
    status: "forbidden",
    message:
      answer === "indeterminate"
        ? `Vigil could not decide whether you may list ${qualified(kind)} ${where}, so they are not shown`
        : `you may not list ${qualified(kind)} ${where}`,
  };
}

export function gateSnapshot(snapshot: Snapshot, decide: Decide): Snapshot {
  const gaps: AccessGap[] = [];
  const allowed = (kind: Kind, namespace?: string) => decide(listQuestion(kind, namespace)) === "allow";

  const clusterAllowed = new Map<Kind, boolean>();
  for (const kind of [...CLUSTER_LIST, ...NAMESPACED_LIST]) clusterAllowed.set(kind, allowed(kind));
  const clusterReader = clusterAllowed.get(CLUSTER_KINDS.namespaces) === true;

  const visible = new Set<string>();
  for (const { name } of snapshot.namespaces) {
    const ok =
      clusterReader ||
      decide({ verb: "get", group: "", resource: "namespaces", namespace: name, name }) === "allow" ||
      NAMESPACED_LIST.some((k) => !clusterAllowed.get(k) && allowed(k, name));
    if (ok) visible.add(name);
  }
  if (!clusterReader)
    gaps.push(gapFor(CLUSTER_KINDS.namespaces, decide(listQuestion(CLUSTER_KINDS.namespaces))));

  // Per visible namespace and namespaced kind: may the viewer list it there?
  const nsAllowed = new Map<string, boolean>();
  const seenGap = new Set<string>();
  const mayList = (kind: Kind, namespace: string): boolean => {
    if (!visible.has(namespace)) return false;
    const key = `${kind.group}/${kind.resource}/${namespace}`;
    let ok = nsAllowed.get(key);
    if (ok === undefined) {
      ok = clusterAllowed.get(kind) === true || allowed(kind, namespace);
      nsAllowed.set(key, ok);
    }
    return ok;
  };
  for (const kind of NAMESPACED_LIST) {
    const forbidden = [...visible].sort().filter((ns) => !mayList(kind, ns));
    if (forbidden.length > 1 && forbidden.length === visible.size) {
      // Forbidden in every namespace the viewer sees: one gap, not one per namespace.
      seenGap.add(kind.resource);
      gaps.push(gapFor(kind, decide(listQuestion(kind)), undefined, "in any namespace"));
      continue;
    }
    for (const ns of forbidden) gaps.push(gapFor(kind, decide(listQuestion(kind, ns)), ns));
  }
  const clusterMay = (kind: Kind): boolean => {
    const ok = clusterAllowed.get(kind) === true;
    if (!ok && !seenGap.has(kind.resource)) {
      seenGap.add(kind.resource);
      gaps.push(gapFor(kind, decide(listQuestion(kind))));
    }
    return ok;
  };
  for (const kind of CLUSTER_LIST) if (kind !== CLUSTER_KINDS.namespaces) clusterMay(kind);

  // Hiding a cluster-tier policy changes every answer it applies to: the gap says so.
  const tierAllowed = (kind: keyof typeof TIER_KINDS) => {
    const ok = allowed(TIER_KINDS[kind]);
    if (!ok && !seenGap.has(TIER_KINDS[kind].resource)) {
      seenGap.add(TIER_KINDS[kind].resource);
      const gap = gapFor(TIER_KINDS[kind], decide(listQuestion(TIER_KINDS[kind])));
      gaps.push({ ...gap, message: `${gap.message}: reachability shown may be wrong where they apply` });
    }
    return ok;
  };
  const clusterNetworkPolicies = snapshot.clusterNetworkPolicies.filter((p) => tierAllowed(p.kind));

  const N = NAMESPACED_KINDS;
  const C = CLUSTER_KINDS;
  return {
    ...snapshot,
    namespaces: snapshot.namespaces.filter((n) => visible.has(n.name)),
    pods: snapshot.pods.filter((p) =>
      // A representative pod stands for a workload template: it is seen with its workload's kind.
      mayList(p.representative && p.workload.kind !== "Pod" ? N[p.workload.kind] : N.pods, p.namespace),
    ),
    workloads: snapshot.workloads.filter((w) => mayList(N[w.kind], w.namespace)),
    services: snapshot.services.filter((s) => mayList(N.services, s.namespace)),
    ingresses: snapshot.ingresses.filter((i) => mayList(N.ingresses, i.namespace)),
    networkPolicies: snapshot.networkPolicies.filter((p) => mayList(N.networkPolicies, p.namespace)),
    clusterNetworkPolicies,
    // Kinds Vigil does not evaluate (NET-011), seen like the NetworkPolicies of their namespace.
    unevaluatedPolicies: snapshot.unevaluatedPolicies.filter((u) =>
      u.namespace !== undefined ? mayList(N.networkPolicies, u.namespace) : clusterReader,
    ),
    roles: snapshot.roles.filter((r) =>
      r.kind === "Role"
        ? r.namespace !== undefined && mayList(N.Role, r.namespace)
        : clusterAllowed.get(C.ClusterRole) === true,
    ),
    bindings: snapshot.bindings.filter((b) =>
      b.kind === "RoleBinding"
        ? b.namespace !== undefined && mayList(N.RoleBinding, b.namespace)
        : clusterAllowed.get(C.ClusterRoleBinding) === true,
    ),
    serviceAccounts: snapshot.serviceAccounts.filter((s) => mayList(N.serviceAccounts, s.namespace)),
    nodes: clusterAllowed.get(C.nodes) ? snapshot.nodes : [],
    configMaps: snapshot.configMaps.filter((c) => mayList(N.configMaps, c.namespace)),
    webhookConfigurations: snapshot.webhookConfigurations.filter(
      (w) => clusterAllowed.get(C[w.kind]) === true,
    ),
    apiServices: clusterAllowed.get(C.apiServices) ? snapshot.apiServices : [],
    crds: clusterAllowed.get(C.crds) ? snapshot.crds : [],
    csrs: clusterAllowed.get(C.csrs) ? snapshot.csrs : [],
    certManagerCertificates: snapshot.certManagerCertificates.filter((c) =>
      mayList(N.certManagerCertificates, c.namespace),
    ),
    certificateRequests: snapshot.certificateRequests.filter((c) =>
      mayList(N.certificateRequests, c.namespace),
    ),
    secrets: snapshot.secrets.filter((s) => mayList(N.secrets, s.namespace)),
    // The server's own kubeconfig names clusters and users: for cluster-wide readers only.
    kubeconfigs: clusterReader ? snapshot.kubeconfigs : [],
    // The API server's certificate names the control plane's addresses, as a node list does: for those who may
    // list nodes (docs/security.md "Served-certificate handshakes").
    servedCertificates: snapshot.servedCertificates.filter((c) =>
      c.source.kind === "Ingress" && c.source.namespace !== undefined
        ? mayList(N.ingresses, c.source.namespace)
        : c.source.kind === "APIServer"
          ? clusterAllowed.get(C.nodes) === true
          : false,
    ),
    warnings: snapshot.warnings.filter((w) =>
      w.object?.namespace !== undefined ? visible.has(w.object.namespace) : clusterReader,
    ),
    gaps: [
      ...snapshot.gaps.filter((g) => (g.namespace === undefined ? true : visible.has(g.namespace))),
      ...gaps,
    ],
  };
}
