import type { RuleDefinition } from "@/lib/findings/types";

export const PATHS_RULES: readonly RuleDefinition[] = [
  {
    id: "PATH-001",
    area: "paths",
    title: "The internet reaches cluster-admin",
    remediation:
      "Cut the chain at its cheapest hop (the /paths page ranks them): enforce Pod Security baseline where a hop creates a pod, add default-deny ingress where the internet comes in, and remove the binding that grants cluster-admin to a workload's service account.",
    reference: "https://attack.mitre.org/matrices/enterprise/containers/",
  },
  {
    id: "PATH-002",
    area: "paths",
    title: "The internet reaches a node",
    remediation:
      "Enforce Pod Security baseline in the namespaces on the chain and remove privileged, hostPath and host-namespace settings from exposed workloads; restrict the exposure until then.",
    reference: "https://attack.mitre.org/matrices/enterprise/containers/",
  },
  {
    id: "PATH-003",
    area: "paths",
    title: "The internet reaches Secrets",
    remediation:
      "Remove read access to Secrets from the service accounts on the chain (or narrow it with resourceNames), and cut the chain's network hop with a default-deny ingress policy.",
    reference: "https://attack.mitre.org/matrices/enterprise/containers/",
  },
  {
    id: "PATH-004",
    area: "paths",
    title: "A non-admin identity reaches cluster-admin",
    remediation:
      "Remove the grant that opens the chain's first hop (create pods, exec, impersonate, token requests, reading token Secrets), or enforce Pod Security baseline where it creates pods.",
    reference: "https://attack.mitre.org/matrices/enterprise/containers/",
  },
  {
    id: "PATH-005",
    area: "paths",
    title: "A pod of a namespace reaches cluster-admin or a node",
    remediation:
      "Treat every pod of the namespace as a way in: do not mount tokens that are not needed, keep powerful service accounts off shared nodes, and enforce Pod Security baseline.",
    reference: "https://attack.mitre.org/matrices/enterprise/containers/",
  },
  {
    id: "PATH-006",
    area: "paths",
    title: "The internet or a pod reaches cloud credentials",
    remediation:
      "Deny egress to the cloud metadata address (169.254.169.254/32) with a NetworkPolicy, or require IMDSv2 with a hop limit of 1 (or the cloud's equivalent) on the nodes.",
    reference: "https://attack.mitre.org/matrices/enterprise/containers/",
  },
];
