import type { RuleDefinition } from "@/lib/findings/types";

export const CERTIFICATES_RULES: readonly RuleDefinition[] = [
  {
    id: "CERT-001",
    area: "certificates",
    title: "Certificate expired",
    remediation:
      "Renew the certificate now and roll it out to everything that serves or trusts it; clients are already failing. If cert-manager manages it, check why renewal failed (kubectl describe certificate).",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-002",
    area: "certificates",
    title: "Certificate expires within 14 days",
    remediation:
      "Renew within days: issue a new certificate, replace the Secret or bundle, and restart or reload what reads it. Check that automatic renewal is really in place.",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-003",
    area: "certificates",
    title: "Certificate expires within 28 days",
    remediation:
      "Plan the renewal in the coming weeks, and add this certificate to automated renewal (cert-manager) if it is not already.",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-004",
    area: "certificates",
    title: "Certificate not yet valid",
    remediation:
      "The issuer's clock or the requested start date is wrong: reissue with a notBefore in the past, and check NTP on the machine that signs.",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-005",
    area: "certificates",
    title: "Chain does not verify",
    remediation:
      "Serve the full chain, or issue the certificate from the CA that its users trust (the cluster CA or the caBundle).",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-006",
    area: "certificates",
    title: "Issuer expires before the leaf",
    remediation:
      "The issuing CA expires first and takes this certificate with it: renew the CA (or re-issue from a longer-lived one) before it expires, then re-issue the certificate.",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-007",
    area: "certificates",
    title: "Ingress host not covered by a DNS SAN",
    remediation:
      "Reissue the certificate with a DNS SAN for each host of the Ingress (a wildcard covers one label only).",
    reference: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
  },
  {
    id: "CERT-008",
    area: "certificates",
    title: "Weak key",
    remediation: "Reissue with a strong key: RSA of at least 2048 bits, or ECDSA on P-256, P-384 or P-521.",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-009",
    area: "certificates",
    title: "Weak signature algorithm",
    remediation:
      "Reissue the certificate signed with SHA-256 or stronger; SHA-1 and MD5 signatures can be forged.",
    reference: "https://kubernetes.io/docs/setup/best-practices/certificates/",
  },
  {
    id: "CERT-010",
    area: "certificates",
    title: "Self-signed certificate served on an Ingress",
    remediation:
      "Serve a certificate from a CA the clients trust (for example through cert-manager), not a self-signed one.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
  },
  {
    id: "CERT-011",
    area: "certificates",
    title: "Ingress references a missing or wrong-type Secret",
    remediation:
      "Create the referenced Secret with type kubernetes.io/tls, or correct the Ingress's secretName.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
  },
  {
    id: "CERT-012",
    area: "certificates",
    title: "cert-manager renewal overdue",
    remediation:
      "Check the cert-manager Certificate's conditions and the issuer's health; renewal should have happened.",
    reference: "https://cert-manager.io/docs/usage/certificate/",
  },
  {
    id: "CERT-013",
    area: "certificates",
    title: "Served certificate differs from the stored one",
    remediation:
      "Reload the ingress controller or fix its configuration: it serves a different certificate from the one stored.",
    reference: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
  },
  {
    id: "CERT-014",
    area: "certificates",
    title: "APIService skips TLS verification",
    remediation:
      "Set spec.caBundle on the APIService to the CA of the serving certificate and remove insecureSkipTLSVerify; anyone able to intercept that traffic can impersonate the API.",
    reference: "https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/",
  },
  {
    id: "CERT-015",
    area: "certificates",
    title: "Kubeconfig client certificate in system:masters",
    remediation:
      "Issue kubeconfig client certificates without system:masters; grant access through RBAC, which can be revoked.",
    reference: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege",
  },
];
