import type { ResourceKind } from "@/lib/sources/live/read-kinds";

// The policy kinds read besides NetworkPolicy (docs/semantics.md §1b): the network-policy-api tiers, evaluated,
// and the kinds of other projects that filter pod traffic, detected for NET-011. All are served by CRDs that
// many clusters lack: a 404 means "not installed" (no gap); a 403 is a gap.

const P = (
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  fallbackVersions?: string[],
): ResourceKind => ({
  group,
  version,
  resource,
  kind,
  namespaced,
  optional: true,
  ...(fallbackVersions ? { fallbackVersions } : {}),
});

export const POLICY_KINDS: readonly ResourceKind[] = [
  // v0.3.0 serves v1beta1 (storage) and v1alpha2; a cluster on v0.2.x serves v1alpha2 only.
  P("policy.networking.k8s.io", "v1beta1", "clusternetworkpolicies", "ClusterNetworkPolicy", false, [
    "v1alpha2",
  ]),
  P("policy.networking.k8s.io", "v1alpha1", "adminnetworkpolicies", "AdminNetworkPolicy", false),
  P(
    "policy.networking.k8s.io",
    "v1alpha1",
    "baselineadminnetworkpolicies",
    "BaselineAdminNetworkPolicy",
    false,
  ),
  P("cilium.io", "v2", "ciliumnetworkpolicies", "CiliumNetworkPolicy", true),
  P("cilium.io", "v2", "ciliumclusterwidenetworkpolicies", "CiliumClusterwideNetworkPolicy", false),
  P("crd.projectcalico.org", "v1", "networkpolicies", "NetworkPolicy", true),
  P("crd.projectcalico.org", "v1", "globalnetworkpolicies", "GlobalNetworkPolicy", false),
  P("crd.antrea.io", "v1beta1", "networkpolicies", "NetworkPolicy", true),
  P("crd.antrea.io", "v1beta1", "clusternetworkpolicies", "ClusterNetworkPolicy", false),
  P("security.istio.io", "v1", "authorizationpolicies", "AuthorizationPolicy", true, ["v1beta1"]),
];
