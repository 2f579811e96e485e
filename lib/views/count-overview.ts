import type { Snapshot } from "@/lib/model/types";

// Per-area counts of what one viewer may see (GET /api/overview): the snapshot passed in is already gated.

interface OverviewCounts {
  namespaces: number;
  pods: number;
  workloads: number;
  networkPolicies: number;
  roles: number;
  bindings: number;
  /** Objects that carry certificates Vigil can check (docs/semantics.md §3). */
  certificateSources: number;
  gaps: number;
}

function countCertificateSources(s: Snapshot): number {
  return (
    s.secrets.filter((x) => x.tls !== undefined).length +
    s.configMaps.filter((c) => Object.keys(c.certificates).length > 0).length +
    s.webhookConfigurations.length +
    s.apiServices.filter((a) => a.caBundle !== undefined || a.service !== undefined).length +
    s.crds.filter((c) => c.conversionWebhook !== undefined).length +
    s.csrs.filter((c) => c.certificate !== undefined).length +
    s.certManagerCertificates.length +
    s.certificateRequests.filter((c) => c.certificate !== undefined || c.ca !== undefined).length +
    s.kubeconfigs.length +
    s.servedCertificates.length
  );
}

export function countOverview(s: Snapshot): OverviewCounts {
  return {
    namespaces: s.namespaces.length,
    // Representative pods stand for workload templates, not running pods.
    pods: s.pods.filter((p) => !p.representative).length,
    workloads: s.workloads.length,
    networkPolicies: s.networkPolicies.length,
    roles: s.roles.length,
    bindings: s.bindings.length,
    certificateSources: countCertificateSources(s),
    gaps: s.gaps.length,
  };
}
