import { generateKeyPairSync } from "node:crypto";
import { x509 } from "@/lib/certs/x509";

// The one way Vigil makes certificates: the demo's (lib/sources/demo-certificates.ts, from the specs in
// fixtures/demo-certificates/), the tests' and the benchmarks'. Any validity window, key, signature hash,
// issuer, SANs and usage, so each check of docs/semantics.md §3 can be exercised; the caller passes the dates
// (relative to the `now` it is given), never today's. WebCrypto through the x509 library; a key WebCrypto
// cannot make (secp256k1) comes from node:crypto and can only be certified, not sign.

type CertificateKey = { kind: "ec" } | { kind: "rsa"; bits: number } | { kind: "secp256k1" };

export interface CertificateOptions {
  /** A distinguished name, e.g. `CN=shop.example.com, O=Acme`. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** Absent: self-signed. */
  issuer?: IssuedCertificate;
  ca?: boolean;
  dnsNames?: readonly string[];
  /** The extended key usage, when there is one. */
  usage?: "server" | "client";
  /** A key to make, or a key pair to reuse (a benchmark's pool). Default: an EC P-256 key. */
  key?: CertificateKey | CryptoKeyPair;
  /** The hash of the issuer's signature; SHA-1 makes a weak signature (CERT-009). */
  hash?: "SHA-256" | "SHA-1";
  /** Hexadecimal; default random. */
  serialNumber?: string;
}

export interface IssuedCertificate {
  /** The certificate as PEM, ending with a newline. */
  pem: string;
  subject: string;
  cert: x509.X509Certificate;
  /** Absent for a key WebCrypto cannot use (secp256k1): such a certificate cannot issue others. */
  keys?: CryptoKeyPair;
}

function isKeyPair(key: CertificateKey | CryptoKeyPair): key is CryptoKeyPair {
  return "privateKey" in key;
}

async function generate(
  key: CertificateKey | CryptoKeyPair,
): Promise<{ keys?: CryptoKeyPair; publicKey: CryptoKey | Uint8Array<ArrayBuffer> }> {
  if (isKeyPair(key)) return { keys: key, publicKey: key.publicKey };
  if (key.kind === "secp256k1") {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    return { publicKey: new Uint8Array(publicKey.export({ type: "spki", format: "der" })) };
  }
  const params: EcKeyGenParams | RsaHashedKeyGenParams =
    key.kind === "ec"
      ? { name: "ECDSA", namedCurve: "P-256" }
      : {
          name: "RSASSA-PKCS1-v1_5",
          modulusLength: key.bits,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: "SHA-256",
        };
  const keys = (await globalThis.crypto.subtle.generateKey(params, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  return { keys, publicKey: keys.publicKey };
}

/** WebCrypto binds an RSA key to one hash: re-import the issuer's key for the hash asked for. */
async function signingKeyFor(
  keys: CryptoKeyPair,
  hash: string,
): Promise<{ key: CryptoKey; algorithm: Algorithm }> {
  if (keys.privateKey.algorithm.name === "ECDSA") {
    return { key: keys.privateKey, algorithm: { name: "ECDSA", hash } as EcdsaParams };
  }
  const algorithm = { name: "RSASSA-PKCS1-v1_5", hash } as RsaHashedImportParams;
  if ((keys.privateKey.algorithm as RsaHashedKeyAlgorithm).hash.name === hash) {
    return { key: keys.privateKey, algorithm };
  }
  const pkcs8 = await globalThis.crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    key: await globalThis.crypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["sign"]),
    algorithm,
  };
}

export async function issueCertificate(o: CertificateOptions): Promise<IssuedCertificate> {
  const own = await generate(o.key ?? { kind: "ec" });
  const signer = o.issuer ? o.issuer.keys : own.keys;
  if (!signer)
    throw new Error(`issueCertificate: ${o.issuer?.subject ?? o.subject} has no key that can sign`);
  const { key, algorithm } = await signingKeyFor(signer, o.hash ?? "SHA-256");
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(o.ca === true, undefined, true),
    new x509.KeyUsagesExtension(
      o.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(own.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
  ];
  if (o.usage) {
    extensions.push(
      new x509.ExtendedKeyUsageExtension([
        o.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
    );
  }
  if (o.dnsNames && o.dnsNames.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(o.dnsNames.map((value) => ({ type: "dns" as const, value }))),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    subject: o.subject,
    issuer: o.issuer ? o.issuer.subject : o.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: own.publicKey,
    signingKey: key,
    signingAlgorithm: algorithm,
    extensions,
    ...(o.serialNumber !== undefined ? { serialNumber: o.serialNumber } : {}),
  });
  return {
    pem: cert.toString("pem") + "\n",
    subject: cert.subject,
    cert,
    ...(own.keys ? { keys: own.keys } : {}),
  };
}

/** The private key as PKCS #8 PEM, as a TLS Secret's `tls.key` holds it. */
export async function privateKeyPem(issued: IssuedCertificate): Promise<string> {
  if (!issued.keys) throw new Error(`privateKeyPem: ${issued.subject} has no exportable key`);
  const der = await globalThis.crypto.subtle.exportKey("pkcs8", issued.keys.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY") + "\n";
}

/** A PKCS #10 request for the certificate's subject and DNS names, signed with its key (CSRs, cert-manager). */
export async function certificateRequestPem(
  issued: IssuedCertificate,
  dnsNames: readonly string[] = [],
): Promise<string> {
  if (!issued.keys) throw new Error(`certificateRequestPem: ${issued.subject} has no key that can sign`);
  const { key, algorithm } = await signingKeyFor(issued.keys, "SHA-256");
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: issued.subject,
    keys: { publicKey: issued.keys.publicKey, privateKey: key },
    signingAlgorithm: algorithm,
    ...(dnsNames.length > 0
      ? {
          extensions: [
            new x509.SubjectAlternativeNameExtension(
              dnsNames.map((value) => ({ type: "dns" as const, value })),
            ),
          ],
        }
      : {}),
  });
  return csr.toString("pem") + "\n";
}
