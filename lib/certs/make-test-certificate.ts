import { generateKeyPairSync } from "node:crypto";
import { x509 } from "@/lib/certs/x509";

// Certificates made on demand for tests and benchmarks (never for the product): any validity window, key,
// signature hash, issuer, SANs and organisations, so each check of docs/semantics.md §3 can be exercised with
// a fixed `now`. Uses the x509 library and WebCrypto; keys that WebCrypto cannot make (secp256k1) come from
// node:crypto and can only be certified, not sign.

export type TestKey = { kind: "ec" } | { kind: "rsa"; bits: number } | { kind: "secp256k1" };

export interface TestCertOptions {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** Absent: self-signed. */
  issuer?: TestCertificate;
  ca?: boolean;
  dnsNames?: readonly string[];
  key?: TestKey;
  /** The hash of the issuer's signature; SHA-1 makes a weak signature (CERT-009). */
  hash?: "SHA-256" | "SHA-1";
}

export interface TestCertificate {
  pem: string;
  subject: string;
  /** Absent for a key WebCrypto cannot use (secp256k1): such a certificate cannot issue others. */
  keys?: CryptoKeyPair;
}

async function generate(
  key: TestKey,
): Promise<{ keys?: CryptoKeyPair; publicKey: CryptoKey | Uint8Array<ArrayBuffer> }> {
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
  const pkcs8 = await globalThis.crypto.subtle.exportKey("pkcs8", keys.privateKey);
  const algorithm = { name: "RSASSA-PKCS1-v1_5", hash } as RsaHashedImportParams;
  return {
    key: await globalThis.crypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["sign"]),
    algorithm,
  };
}

export async function makeTestCertificate(o: TestCertOptions): Promise<TestCertificate> {
  const own = await generate(o.key ?? { kind: "ec" });
  const signer = o.issuer ? o.issuer.keys : own.keys;
  if (!signer)
    throw new Error(`makeTestCertificate: ${o.issuer?.subject ?? o.subject} has no key that can sign`);
  const { key, algorithm } = await signingKeyFor(signer, o.hash ?? "SHA-256");
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(o.ca === true, undefined, true),
    new x509.KeyUsagesExtension(
      o.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
  ];
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
  });
  return { pem: cert.toString("pem") + "\n", subject: cert.subject, ...(own.keys ? { keys: own.keys } : {}) };
}
