import type { ParsedCertificate } from "@/lib/certs/parse-pem-bundle";

// CERT-005 and CERT-006: chains are built only from what the cluster ships for the use at hand (the cluster
// CA, the caBundle a certificate is used with, a Secret's ca.crt, the rest of a served chain), never from a
// system trust store. A link holds when OpenSSL's issuer check passes (issuer name, key identifiers, the
// issuer's key usage) AND the signature verifies with the issuer's key. Validity dates are not part of the
// link: expiry has rules of its own (CERT-001..004, CERT-006).

export interface ChainCandidate {
  cert: ParsedCertificate;
  /** Where the candidate was found, for the detail page ("ConfigMap kube-system/kube-root-ca.crt data.ca.crt"). */
  foundIn: string;
}

interface ChainResult {
  /** `verified` when the last link is one of the anchors (or the certificate is one itself). */
  verified: boolean;
  /** Issuers found, nearest first. */
  links: ChainCandidate[];
}

const MAX_DEPTH = 8;

// A signature check costs far more than everything else the scan does; the same CA is met in many places
// (the cluster CA in every namespace), so each answer is kept per pair of parsed certificates.
const issuedCache = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, boolean>>();

function verifiedBy(child: ParsedCertificate, parent: ParsedCertificate, check: () => boolean): boolean {
  let byParent = issuedCache.get(child);
  if (!byParent) {
    byParent = new WeakMap();
    issuedCache.set(child, byParent);
  }
  let answer = byParent.get(parent);
  if (answer === undefined) {
    try {
      answer = check();
    } catch {
      answer = false;
    }
    byParent.set(parent, answer);
  }
  return answer;
}

function isIssuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  if (child.issuer !== parent.subject) return false;
  return verifiedBy(
    child,
    parent,
    () => child.node.checkIssued(parent.node) && child.node.verify(parent.publicKey),
  );
}

/**
 * Signed by its own key under its own name. OpenSSL's issuer check is not used here: it also demands the
 * keyCertSign usage, which a self-signed leaf (the case CERT-010 is about) does not carry.
 */
export function isSelfSigned(cert: ParsedCertificate): boolean {
  if (cert.issuer !== cert.subject) return false;
  // Cached under the pair (cert, cert): distinct from isIssuedBy(cert, cert), which nothing asks for.
  return verifiedBy(cert, cert, () => cert.node.verify(cert.publicKey));
}

export function buildChain(
  cert: ParsedCertificate,
  pool: readonly ChainCandidate[],
  anchors: readonly ChainCandidate[],
): ChainResult {
  const isAnchor = (c: ParsedCertificate) =>
    anchors.some((a) => a.cert.fingerprintSha256 === c.fingerprintSha256);
  const links: ChainCandidate[] = [];
  if (isAnchor(cert)) return { verified: true, links };
  const seen = new Set([cert.fingerprintSha256]);
  let current = cert;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    // Anchors first: a shorter chain to a trusted certificate beats a longer one through the pool.
    const next = [...anchors, ...pool].find(
      (c) => !seen.has(c.cert.fingerprintSha256) && isIssuedBy(current, c.cert),
    );
    if (!next) return { verified: false, links };
    links.push(next);
    if (isAnchor(next.cert)) return { verified: true, links };
    seen.add(next.cert.fingerprintSha256);
    current = next.cert;
  }
  return { verified: false, links };
}
