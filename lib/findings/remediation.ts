// What to do about each rule's findings, in one sentence a reviewer can act on. Shown on pages, in the review
// report and in exports.

export const REMEDIATION: Readonly<Record<string, string>> = {
  "NET-001":
    "Add a default-deny ingress policy to the namespace (podSelector: {}, policyTypes: [Ingress]), then allow what each workload needs.",
  "NET-002":
    "Add a default-deny egress policy (podSelector: {}, policyTypes: [Egress]) and allow DNS and the destinations each workload needs.",
  "NET-003":
    "Restrict ingress to the exposed workload to the load balancer or ingress controller ranges, or stop exposing it.",
  "NET-004":
    "Deny egress to 169.254.169.254/32 (and fd00:ec2::254) with an ipBlock except, unless the workload truly needs instance metadata.",
  "NET-005":
    "Fix the policy so the API server would accept it; until then it is not evaluated and protects nothing.",
  "NET-006":
    "Fix the policy's podSelector (or delete the policy): a policy that selects no pod protects nothing.",
  "NET-007": "Name the port as the destination containers declare it, or use the port number.",
  "NET-008":
    "Do not rely on behaviour that differs between network plugins: allow the traffic explicitly by pod selector.",
  "NET-009":
    "Narrow the Admin-tier Accept to the peers and ports that must bypass namespace policies, or use Pass so the namespace's own policies decide.",
  "NET-010":
    "Give the overlapping cluster policies distinct priorities so that one decides; with equal priorities the network plugin may apply either.",
  "NET-011":
    "Review these policies with their own tools: Vigil shows reachability as if they allowed everything, so what it shows is an upper bound.",
  "RBAC-001":
    "Replace the cluster-admin grant with a role limited to the resources and verbs the subject needs; keep break-glass access separate and audited.",
  "RBAC-002":
    "Remove get, list and watch on secrets, or narrow them with resourceNames to the Secrets the subject must read.",
  "RBAC-003":
    "Grant workload creation only in namespaces whose service accounts and Secrets the subject may use anyway; enforce Pod Security admission.",
  "RBAC-004": "Remove create on pods/exec, pods/attach and pods/portforward outside break-glass roles.",
  "RBAC-005": "Remove update and patch on pods/ephemeralcontainers outside debugging roles.",
  "RBAC-006": "Remove create on persistentvolumes: a hostPath volume gives access to the node's file system.",
  "RBAC-007": "Remove nodes/proxy: it reaches the kubelet API, which bypasses audit and admission.",
  "RBAC-008":
    "Remove escalate on roles and clusterroles: it allows granting permissions the subject does not hold.",
  "RBAC-009":
    "Remove bind on roles and clusterroles, or narrow it with resourceNames to roles safe to hand out.",
  "RBAC-010":
    "Remove impersonate, or narrow it with resourceNames to the identities that must be impersonated.",
  "RBAC-011": "Split creating, approving and signing certificate requests between different subjects.",
  "RBAC-012":
    "Remove create on serviceaccounts/token: it mints tokens for any service account of the namespace.",
  "RBAC-013": "Limit writes to admission webhook configurations to the cluster's platform administrators.",
  "RBAC-014":
    "Remove update and patch on namespaces: namespace labels decide Pod Security and network policy selection.",
  "RBAC-015": "Remove write access to Secrets in kube-system: they hold the control plane's credentials.",
  "RBAC-016": "Remove update and patch on pods: changing a pod's image or labels bypasses what created it.",
  "RBAC-017":
    "Do not combine deleting kube-system pods with updating nodes: together they move control-plane workloads onto a chosen node.",
  "RBAC-018":
    "Remove update on the status subresources of nodes, pods and services outside the controllers that own them.",
  "RBAC-019":
    "Narrow delete and deletecollection to the workloads, Secrets and Services the subject manages.",
  "RBAC-020":
    "Delete the binding, or recreate the role it names: a role created later with that name would be granted at once.",
  "RBAC-021": "Remove system:anonymous and system:unauthenticated from the binding.",
  "RBAC-022":
    "Bind the role to the groups that need it instead of system:authenticated, which includes every service account.",
  "RBAC-023": "Remove update and patch on kube-system ConfigMaps: they configure control-plane components.",
  "RBAC-024": "Limit writes to CRDs and admission policies to platform administrators.",
  "RBAC-025":
    "Remove patch on rolebindings, or get on them: together they allow granting oneself any bound role.",
  "CERT-001":
    "Renew the certificate now and roll it out to everything that serves or trusts it; clients are already failing. If cert-manager manages it, check why renewal failed (kubectl describe certificate).",
  "CERT-002":
    "Renew within days: issue a new certificate, replace the Secret or bundle, and restart or reload what reads it. Check that automatic renewal is really in place.",
  "CERT-003":
    "Plan the renewal in the coming weeks, and add this certificate to automated renewal (cert-manager) if it is not already.",
  "CERT-004":
    "The issuer's clock or the requested start date is wrong: reissue with a notBefore in the past, and check NTP on the machine that signs.",
  "CERT-005":
    "Serve the full chain, or issue the certificate from the CA that its users trust (the cluster CA or the caBundle).",
  "CERT-006":
    "The issuing CA expires first and takes this certificate with it: renew the CA (or re-issue from a longer-lived one) before it expires, then re-issue the certificate.",
  "CERT-007":
    "Reissue the certificate with a DNS SAN for each host of the Ingress (a wildcard covers one label only).",
  "CERT-008": "Reissue with a strong key: RSA of at least 2048 bits, or ECDSA on P-256, P-384 or P-521.",
  "CERT-009":
    "Reissue the certificate signed with SHA-256 or stronger; SHA-1 and MD5 signatures can be forged.",
  "CERT-010":
    "Serve a certificate from a CA the clients trust (for example through cert-manager), not a self-signed one.",
  "CERT-011":
    "Create the referenced Secret with type kubernetes.io/tls, or correct the Ingress's secretName.",
  "CERT-012":
    "Check the cert-manager Certificate's conditions and the issuer's health; renewal should have happened.",
  "CERT-013":
    "Reload the ingress controller or fix its configuration: it serves a different certificate from the one stored.",
  "CERT-014":
    "Set spec.caBundle on the APIService to the CA of the serving certificate and remove insecureSkipTLSVerify; anyone able to intercept that traffic can impersonate the API.",
  "CERT-015":
    "Issue kubeconfig client certificates without system:masters; grant access through RBAC, which can be revoked.",
  "POD-001":
    "Remove securityContext.privileged: true; add only the capabilities the container needs, or move the job to a node agent managed by the platform team.",
  "POD-002":
    "Remove hostNetwork, hostPID and hostIPC; expose the workload through a Service instead of the node's network.",
  "POD-003":
    "Replace the hostPath volume with a PersistentVolumeClaim, emptyDir or a CSI driver; never mount the container runtime socket. If a node agent truly needs it, mount it readOnly and the narrowest path.",
  "POD-004":
    "Drop ALL capabilities and add back only NET_BIND_SERVICE if needed; SYS_ADMIN, SYS_MODULE, SYS_PTRACE and NET_ADMIN are a step away from the node.",
  "POD-005": "Set securityContext.allowPrivilegeEscalation: false on every container.",
  "POD-006":
    "Set securityContext.runAsNonRoot: true (pod level) and a non-zero runAsUser, and build the image to run as a non-root user.",
  "POD-007": "Set securityContext.seccompProfile.type: RuntimeDefault at the pod level.",
  "POD-008":
    "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the application must write.",
  "POD-009": "Remove hostPort; expose the port through a Service (NodePort or LoadBalancer) instead.",
  "POD-010":
    "Set resources.limits.cpu and resources.limits.memory (and requests) so one container cannot starve the node.",
  "POD-011":
    "Pin the image by digest (image@sha256:...), or at least by an immutable version tag; never latest.",
  "POD-012":
    "Mount the Secret as a volume (or use a CSI secrets driver) instead of env valueFrom.secretKeyRef or envFrom.secretRef: environment variables leak into logs, crash dumps and child processes.",
  "POD-013":
    "Set automountServiceAccountToken: false on the pod (or the service account) unless the application calls the API; if it does, give it its own service account with the least permissions.",
  "POD-014":
    "Delete the kubernetes.io/service-account-token Secret and use short-lived projected tokens (TokenRequest) instead.",
  "POD-015":
    "Create a dedicated service account for the workload and remove the bindings from the namespace's default service account.",
  "POD-016":
    "Label the namespace pod-security.kubernetes.io/enforce=baseline (or restricted) and pin enforce-version; start with warn and audit to find what would break.",
  "POD-017":
    "Fix the listed fields so the pods satisfy the namespace's enforced level: until then new pods (a rollout, a rescheduled pod) are rejected.",
  "EXP-001":
    "Set spec.loadBalancerSourceRanges to the addresses that need the Service, or put it behind an Ingress with authentication; avoid NodePort for anything sensitive.",
  "EXP-002":
    'Add spec.tls with a certificate for each host, and keep the HTTP-to-HTTPS redirect on (nginx.ingress.kubernetes.io/ssl-redirect: "true").',
  "EXP-003":
    "Put authentication in front of the admin UI (nginx.ingress.kubernetes.io/auth-url and auth-signin to an SSO proxy, or the controller's equivalent), or do not publish it: use kubectl port-forward.",
  "EXP-004":
    "Remove --enable-skip-login and --enable-insecure-login, serve the Dashboard over HTTPS, and sign in with a token or SSO.",
  "EXP-005":
    "Remove spec.externalIPs, and block its use cluster-wide with an admission policy (the DenyServiceExternalIPs admission plugin).",
  "EXP-006":
    "Fix the workload's baseline violations first: it is reachable from the internet, so a compromise reaches the node. Restrict the exposure until then.",
  "PATH-001":
    "Cut the chain at its cheapest hop (the /paths page ranks them): enforce Pod Security baseline where a hop creates a pod, add default-deny ingress where the internet comes in, and remove the binding that grants cluster-admin to a workload's service account.",
  "PATH-002":
    "Enforce Pod Security baseline in the namespaces on the chain and remove privileged, hostPath and host-namespace settings from exposed workloads; restrict the exposure until then.",
  "PATH-003":
    "Remove read access to Secrets from the service accounts on the chain (or narrow it with resourceNames), and cut the chain's network hop with a default-deny ingress policy.",
  "PATH-004":
    "Remove the grant that opens the chain's first hop (create pods, exec, impersonate, token requests, reading token Secrets), or enforce Pod Security baseline where it creates pods.",
  "PATH-005":
    "Treat every pod of the namespace as a way in: do not mount tokens that are not needed, keep powerful service accounts off shared nodes, and enforce Pod Security baseline.",
  "PATH-006":
    "Deny egress to the cloud metadata address (169.254.169.254/32) with a NetworkPolicy, or require IMDSv2 with a hop limit of 1 (or the cloud's equivalent) on the nodes.",
};

/** What to do about a rule's findings; a rule without an entry points to its documentation. */
export function remediationFor(rule: string): string {
  return REMEDIATION[rule] ?? "See the rule's documentation.";
}
