// What the Kubernetes project's reference implementation, kube-network-policies v0.8.0, does in each
// implementation-defined case of docs/semantics.md §1 rule 20 and §1b, and what other implementations may do:
// probed by the dataplane test where it can (docs/verification.md), read in its source where it cannot.
// Explanations end each such note with these, in the form "kube-network-policies ...; other implementations ...",
// so an answer that relies on such a case says where a cluster's plugin may differ.

export const IMPLEMENTATION_NOTES = {
  self:
    "kube-network-policies allows it too (the packets never leave the pod's network namespace; probed); " +
    "other implementations generally allow it as well",
  node:
    "kube-network-policies allows it only from root processes on the node and judges other node traffic " +
    "like an outside address (read in its source); other implementations commonly allow all of it",
  ipBlockPod:
    "kube-network-policies matches ipBlocks against pod IPs too (probed); other implementations may match " +
    "ipBlocks against cluster-external addresses only",
  hostNetwork:
    "kube-network-policies does not select hostNetwork pods and sees their traffic as their node's, like " +
    "Vigil (read in its source); other implementations may filter them like pods or not at all",
  baselineSkipped:
    "kube-network-policies skips the Baseline tier for a pod that any NetworkPolicy selects and allows it " +
    "(probed); other implementations apply the Baseline tier per direction and deny it",
  priorityTie:
    "kube-network-policies applies the policy whose name sorts first (probed); other implementations may " +
    "apply either",
} as const;
