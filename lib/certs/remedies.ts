// What to do about each certificate finding (RULES.md section 3), shown on the certificate's page next to
// the rule's documentation link. One or two sentences an operator can act on.

const REMEDIES: Readonly<Record<string, string>> = {
  "CERT-001":
    "Renew the certificate now and roll it out to everything that serves or trusts it; clients are already failing. If cert-manager manages it, check why renewal failed (kubectl describe certificate).",
  "CERT-002":
    "Renew within days: issue a new certificate, replace the Secret or bundle, and restart or reload what reads it. Check that automatic renewal is really in place.",
  "CERT-003":
    "Plan the renewal in the coming weeks, and add this certificate to automated renewal (cert-manager) if it is not already.",
  "CERT-004":
    "The issuer's clock or the requested start date is wrong: reissue with a notBefore in the past, and check NTP on the machine that signs.",
  "CERT-005":
    "The certificate does not chain to the CA it is used with: ship the missing intermediate in the chain, or put the CA that really signed it in the caBundle / ca.crt.",
  "CERT-006":
    "The issuing CA expires first and takes this certificate with it: renew the CA (or re-issue from a longer-lived one) before it expires, then re-issue the certificate.",
  "CERT-007":
    "Clients match the host against DNS subject alternative names only: reissue the certificate with a DNS SAN for every Ingress host (a wildcard covers one label only).",
  "CERT-008": "Reissue with a strong key: RSA of at least 2048 bits, or ECDSA on P-256, P-384 or P-521.",
  "CERT-009":
    "Reissue the certificate signed with SHA-256 or stronger; SHA-1 and MD5 signatures can be forged.",
  "CERT-010":
    "Browsers and clients cannot verify a self-signed certificate: issue one from a trusted CA (cert-manager with an ACME or internal issuer).",
  "CERT-011":
    "Create the kubernetes.io/tls Secret the Ingress names (with tls.crt and tls.key) in the Ingress's namespace, or fix the secretName; until then the controller serves its default certificate.",
  "CERT-012":
    "cert-manager has not renewed this Certificate in time: read its events and the issuer's status (kubectl describe certificate, kubectl get certificaterequests), fix the issuer, and retry issuance.",
  "CERT-013":
    "The endpoint serves another certificate than the one stored: check the ingress controller's configuration and logs (a stale copy, a default certificate, another Ingress claiming the host).",
  "CERT-014":
    "Set spec.caBundle on the APIService to the CA of the serving certificate and remove insecureSkipTLSVerify; anyone able to intercept that traffic can impersonate the API.",
  "CERT-015":
    "Certificates in system:masters bypass RBAC and cannot be revoked: stop using this kubeconfig, issue personal credentials bound to a least-privilege role, and rotate the cluster CA if it leaked.",
};

export function remedyFor(rule: string): string {
  return REMEDIES[rule] ?? "See the rule's documentation.";
}
