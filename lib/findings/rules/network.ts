import type { RuleDefinition } from "@/lib/findings/types";

export const NETWORK_RULES: readonly RuleDefinition[] = [
  {
    id: "NET-001",
    area: "network",
    title: "Namespace without default-deny ingress",
    remediation:
      "Add a default-deny ingress policy to the namespace (podSelector: {}, policyTypes: [Ingress]), then allow what each workload needs.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-002",
    area: "network",
    title: "Namespace without default-deny egress",
    remediation:
      "Add a default-deny egress policy (podSelector: {}, policyTypes: [Egress]) and allow DNS and the destinations each workload needs.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-003",
    area: "network",
    title: "Workload reachable from the internet",
    remediation:
      "Restrict ingress to the exposed workload to the load balancer or ingress controller ranges, or stop exposing it.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-004",
    area: "network",
    title: "Egress to a cloud metadata address allowed",
    remediation:
      "Deny egress to 169.254.169.254/32 (and fd00:ec2::254) with an ipBlock except, unless the workload truly needs instance metadata.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-005",
    area: "network",
    title: "Invalid NetworkPolicy",
    remediation:
      "Fix the policy so the API server would accept it; until then it is not evaluated and protects nothing.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-006",
    area: "network",
    title: "NetworkPolicy selects no pod",
    remediation:
      "Fix the policy's podSelector (or delete the policy): a policy that selects no pod protects nothing.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-007",
    area: "network",
    title: "Named port resolves on no pod",
    remediation: "Name the port as the destination containers declare it, or use the port number.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-008",
    area: "network",
    title: "Reachability relies on implementation-defined behaviour",
    remediation:
      "Do not rely on behaviour that differs between network plugins: allow the traffic explicitly by pod selector.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  },
  {
    id: "NET-009",
    area: "network",
    title: "Admin-tier Accept overrides a namespace's default-deny",
    remediation:
      "Narrow the Admin-tier Accept to the peers and ports that must bypass namespace policies, or use Pass so the namespace's own policies decide.",
    reference: "https://network-policy-api.sigs.k8s.io/api-overview/",
  },
  {
    id: "NET-010",
    area: "network",
    title: "Same-priority cluster policies disagree (ambiguous)",
    remediation:
      "Give the overlapping cluster policies distinct priorities so that one decides; with equal priorities the network plugin may apply either.",
    reference: "https://network-policy-api.sigs.k8s.io/api-overview/",
  },
  {
    id: "NET-011",
    area: "network",
    title: "Policy kinds Vigil does not evaluate",
    remediation:
      "Review these policies with their own tools: Vigil shows reachability as if they allowed everything, so what it shows is an upper bound.",
    reference: "https://network-policy-api.sigs.k8s.io/api-overview/",
  },
];
