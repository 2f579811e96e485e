import type { RuleDefinition } from "@/lib/findings/types";

export const WORKLOADS_RULES: readonly RuleDefinition[] = [
  {
    id: "POD-001",
    area: "workloads",
    title: "Privileged container",
    remediation:
      "Remove securityContext.privileged: true; add only the capabilities the container needs, or move the job to a node agent managed by the platform team.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  {
    id: "POD-002",
    area: "workloads",
    title: "Host namespaces shared with the pod",
    remediation:
      "Remove hostNetwork, hostPID and hostIPC; expose the workload through a Service instead of the node's network.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  {
    id: "POD-003",
    area: "workloads",
    title: "hostPath volume",
    remediation:
      "Replace the hostPath volume with a PersistentVolumeClaim, emptyDir or a CSI driver; never mount the container runtime socket. If a node agent truly needs it, mount it readOnly and the narrowest path.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  {
    id: "POD-004",
    area: "workloads",
    title: "Capabilities added beyond the baseline set",
    remediation:
      "Drop ALL capabilities and add back only NET_BIND_SERVICE if needed; SYS_ADMIN, SYS_MODULE, SYS_PTRACE and NET_ADMIN are a step away from the node.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  {
    id: "POD-005",
    area: "workloads",
    title: "Privilege escalation not turned off",
    remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
    reference: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
  },
  {
    id: "POD-006",
    area: "workloads",
    title: "May run as root",
    remediation:
      "Set securityContext.runAsNonRoot: true (pod level) and a non-zero runAsUser, and build the image to run as a non-root user.",
    reference: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
  },
  {
    id: "POD-007",
    area: "workloads",
    title: "No seccomp profile",
    remediation: "Set securityContext.seccompProfile.type: RuntimeDefault at the pod level.",
    reference: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
  },
  {
    id: "POD-008",
    area: "workloads",
    title: "Writable root filesystem",
    remediation:
      "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the application must write.",
    reference: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
  },
  {
    id: "POD-009",
    area: "workloads",
    title: "Host port",
    remediation: "Remove hostPort; expose the port through a Service (NodePort or LoadBalancer) instead.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  {
    id: "POD-010",
    area: "workloads",
    title: "No CPU or memory limit",
    remediation:
      "Set resources.limits.cpu and resources.limits.memory (and requests) so one container cannot starve the node.",
    reference: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  },
  {
    id: "POD-011",
    area: "workloads",
    title: "Image without a digest",
    remediation:
      "Pin the image by digest (image@sha256:...), or at least by an immutable version tag; never latest.",
    reference: "https://kubernetes.io/docs/concepts/containers/images/",
  },
  {
    id: "POD-012",
    area: "workloads",
    title: "Secret exposed as an environment variable",
    remediation:
      "Mount the Secret as a volume (or use a CSI secrets driver) instead of env valueFrom.secretKeyRef or envFrom.secretRef: environment variables leak into logs, crash dumps and child processes.",
    reference: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
  },
  {
    id: "POD-013",
    area: "workloads",
    title: "Service-account token mounted where the account holds permissions",
    remediation:
      "Set automountServiceAccountToken: false on the pod (or the service account) unless the application calls the API; if it does, give it its own service account with the least permissions.",
    reference: "https://kubernetes.io/docs/concepts/security/service-accounts/",
  },
  {
    id: "POD-014",
    area: "workloads",
    title: "Long-lived service-account token Secret",
    remediation:
      "Delete the kubernetes.io/service-account-token Secret and use short-lived projected tokens (TokenRequest) instead.",
    reference: "https://kubernetes.io/docs/concepts/security/service-accounts/",
  },
  {
    id: "POD-015",
    area: "workloads",
    title: "Default service account with permissions used by a workload",
    remediation:
      "Create a dedicated service account for the workload and remove the bindings from the namespace's default service account.",
    reference: "https://kubernetes.io/docs/concepts/security/service-accounts/",
  },
  {
    id: "POD-016",
    area: "workloads",
    title: "Namespace enforces no Pod Security level",
    remediation:
      "Label the namespace pod-security.kubernetes.io/enforce=baseline (or restricted) and pin enforce-version; start with warn and audit to find what would break.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-admission/",
  },
  {
    id: "POD-017",
    area: "workloads",
    title: "Workload the namespace's enforced level would reject",
    remediation:
      "Fix the listed fields so the pods satisfy the namespace's enforced level: until then new pods (a rollout, a rescheduled pod) are rejected.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-admission/",
  },
  {
    id: "EXP-001",
    area: "workloads",
    title: "Exposed Service without a source allow-list",
    remediation:
      "Set spec.loadBalancerSourceRanges to the addresses that need the Service, or put it behind an Ingress with authentication; avoid NodePort for anything sensitive.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/service/",
  },
  {
    id: "EXP-002",
    area: "workloads",
    title: "Ingress without TLS or HTTPS redirect",
    remediation:
      'Add spec.tls with a certificate for each host, and keep the HTTP-to-HTTPS redirect on (nginx.ingress.kubernetes.io/ssl-redirect: "true").',
    reference: "https://kubernetes.io/docs/concepts/services-networking/ingress/",
  },
  {
    id: "EXP-003",
    area: "workloads",
    title: "Admin UI published without authentication",
    remediation:
      "Put authentication in front of the admin UI (nginx.ingress.kubernetes.io/auth-url and auth-signin to an SSO proxy, or the controller's equivalent), or do not publish it: use kubectl port-forward.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/ingress/",
  },
  {
    id: "EXP-004",
    area: "workloads",
    title: "Kubernetes Dashboard with insecure login switches",
    remediation:
      "Remove --enable-skip-login and --enable-insecure-login, serve the Dashboard over HTTPS, and sign in with a token or SSO.",
    reference: "https://github.com/kubernetes/dashboard/blob/master/docs/common/arguments.md",
  },
  {
    id: "EXP-005",
    area: "workloads",
    title: "Service with externalIPs",
    remediation:
      "Remove spec.externalIPs, and block its use cluster-wide with an admission policy (the DenyServiceExternalIPs admission plugin).",
    reference: "https://kubernetes.io/docs/concepts/services-networking/service/",
  },
  {
    id: "EXP-006",
    area: "workloads",
    title: "Internet-exposed workload that fails baseline",
    remediation:
      "Fix the workload's baseline violations first: it is reachable from the internet, so a compromise reaches the node. Restrict the exposure until then.",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
];
