import type { AccessRequest } from "@/lib/rbac/types";

// docs/semantics.md §2 "Where a binding applies". The API server gives a
// request a namespace only when its URL has one: cluster-scoped kinds (nodes, persistentvolumes, clusterroles...)
// and non-resource URLs never do, so a RoleBinding can never grant them. The Namespace object itself is the
// exception: /api/v1/namespaces/NAME is a request in namespace NAME, so a RoleBinding in NAME may grant it.

/** Cluster-scoped resources of the built-in API groups, as "group/resource" ("" is the core group). */
const CLUSTER_SCOPED = new Set<string>([
  "/nodes",
  "/persistentvolumes",
  "/namespaces",
  "/componentstatuses",
  // Impersonation targets: users and groups are cluster-wide (service accounts are namespaced).
  "/users",
  "/groups",
  "authentication.k8s.io/uids",
  "authentication.k8s.io/userextras",
  "authentication.k8s.io/tokenreviews",
  "authentication.k8s.io/selfsubjectreviews",
  "authorization.k8s.io/subjectaccessreviews",
  "authorization.k8s.io/selfsubjectaccessreviews",
  "authorization.k8s.io/selfsubjectrulesreviews",
  "rbac.authorization.k8s.io/clusterroles",
  "rbac.authorization.k8s.io/clusterrolebindings",
  "storage.k8s.io/storageclasses",
  "storage.k8s.io/volumeattachments",
  "storage.k8s.io/csidrivers",
  "storage.k8s.io/csinodes",
  "storage.k8s.io/volumeattributesclasses",
  "apiextensions.k8s.io/customresourcedefinitions",
  "apiregistration.k8s.io/apiservices",
  "admissionregistration.k8s.io/validatingwebhookconfigurations",
  "admissionregistration.k8s.io/mutatingwebhookconfigurations",
  "admissionregistration.k8s.io/validatingadmissionpolicies",
  "admissionregistration.k8s.io/validatingadmissionpolicybindings",
  "admissionregistration.k8s.io/mutatingadmissionpolicies",
  "admissionregistration.k8s.io/mutatingadmissionpolicybindings",
  "certificates.k8s.io/certificatesigningrequests",
  "certificates.k8s.io/clustertrustbundles",
  "certificates.k8s.io/signers",
  "scheduling.k8s.io/priorityclasses",
  "node.k8s.io/runtimeclasses",
  "networking.k8s.io/ingressclasses",
  "networking.k8s.io/ipaddresses",
  "networking.k8s.io/servicecidrs",
  "flowcontrol.apiserver.k8s.io/flowschemas",
  "flowcontrol.apiserver.k8s.io/prioritylevelconfigurations",
  "resource.k8s.io/deviceclasses",
  "resource.k8s.io/resourceslices",
]);

/** Whether a built-in resource is cluster-scoped (unknown resources, e.g. of CRDs, count as namespaced). */
export function isClusterScoped(apiGroup: string, resource: string): boolean {
  return CLUSTER_SCOPED.has(`${apiGroup}/${resource}`);
}

/** The request with the namespace the API server would give it. */
export function normalizeRequest(request: AccessRequest): AccessRequest {
  if (request.nonResourceURL !== undefined) {
    return { verb: request.verb, apiGroup: "", nonResourceURL: request.nonResourceURL };
  }
  const resource = request.resource ?? "";
  const out: AccessRequest = { ...request, resource };
  if (request.apiGroup === "" && resource === "namespaces" && request.name) {
    out.namespace = request.name;
  } else if (isClusterScoped(request.apiGroup, resource)) {
    delete out.namespace;
  }
  if (out.namespace === "") delete out.namespace;
  return out;
}
