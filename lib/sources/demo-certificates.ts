import { x509 } from "@/lib/certs/x509";

// The demo cluster's certificates, generated afresh relative to `now` so the demo never silently expires and
// always shows every status of docs/semantics.md §3 (expired, critical, warning, ok, not-yet-valid) and a
// selection of its checks (CERT-001..004, 006, 007, 008, 009, 010, 012, 014). The objects are plain
// Kubernetes JSON as `kubectl get -o json` prints them (base64 in Secret data and caBundle fields), so the
// same list feeds the demo snapshot and can be applied to a real API server. Webhooks use
// `failurePolicy: Ignore` and select no namespace, so applying them never blocks a real API server.

const DAY = 24 * 60 * 60 * 1000;

type RawObject = Record<string, unknown>;

interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

interface CertSpec {
  subject: string;
  /** Days relative to `now`; negative is in the past. */
  notBeforeDays: number;
  notAfterDays: number;
  /** Absent: self-signed. */
  issuer?: Issued;
  ca?: boolean;
  dnsNames?: readonly string[];
  usage?: "server" | "client";
  /** A legacy RSA 1024 key signed with SHA-1: deliberately weak (CERT-008, CERT-009). */
  legacy?: boolean;
}

const EC_KEY: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const EC_SIGN: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const LEGACY_KEY: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 1024,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-1",
};

// notAfter sits half a day beyond the whole number of days asked for (away from `now`), so that a page
// judging the demo hours after it was generated still reads "5 days left" and "expired 3 days ago".
async function issue(now: Date, spec: CertSpec): Promise<Issued> {
  const keys = (await globalThis.crypto.subtle.generateKey(spec.legacy ? LEGACY_KEY : EC_KEY, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const signer = spec.issuer?.keys ?? keys;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(spec.ca === true, undefined, true),
    new x509.KeyUsagesExtension(
      spec.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
  ];
  if (spec.usage) {
    extensions.push(
      new x509.ExtendedKeyUsageExtension([
        spec.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
    );
  }
  if (spec.dnsNames && spec.dnsNames.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        spec.dnsNames.map((value) => ({ type: "dns" as const, value })),
      ),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    subject: spec.subject,
    issuer: spec.issuer ? spec.issuer.cert.subject : spec.subject,
    notBefore: new Date(Math.floor((now.getTime() + spec.notBeforeDays * DAY) / 1000) * 1000),
    notAfter: new Date(now.getTime() + (spec.notAfterDays + (spec.notAfterDays < 0 ? -0.5 : 0.5)) * DAY),
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm:
      spec.legacy || spec.issuer?.keys.privateKey.algorithm.name === "RSASSA-PKCS1-v1_5"
        ? LEGACY_KEY
        : EC_SIGN,
    extensions,
  });
  return { cert, keys };
}

function pem(...certs: Issued[]): string {
  return certs.map((c) => c.cert.toString("pem")).join("\n") + "\n";
}

async function privateKeyPem(issued: Issued): Promise<string> {
  const der = await globalThis.crypto.subtle.exportKey("pkcs8", issued.keys.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY") + "\n";
}

function b64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

function metadata(
  name: string,
  namespace?: string,
  labels?: Record<string, string>,
): Record<string, unknown> {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { "app.kubernetes.io/part-of": "vigil-demo", ...labels },
  };
}

async function tlsSecret(namespace: string, name: string, leaf: Issued, ca?: Issued): Promise<RawObject> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: metadata(name, namespace),
    type: "kubernetes.io/tls",
    // A real cluster stores the key beside the certificate; the snapshot boundary must drop it.
    data: {
      "tls.crt": b64(pem(leaf)),
      "tls.key": b64(await privateKeyPem(leaf)),
      ...(ca ? { "ca.crt": b64(pem(ca)) } : {}),
    },
  };
}

/** A condition as the API server and cert-manager write them. */
function condition(type: string, status: "True" | "False", reason: string, message: string, at: Date) {
  return { type, status, reason, message, lastTransitionTime: at.toISOString() };
}

// Webhooks that can never be called: no namespace carries this label, and a failure is ignored.
const NEVER_SELECTED = { matchLabels: { "vigil.demo/webhooks": "enabled" } };

export const DEMO_CA_NAMESPACES = [
  "g04",
  "t75",
  "a12",
  "shop",
  "kubernetes-dashboard",
  "default",
  "kube-system",
  "vigil",
];

/**
 * The demo's certificate-bearing objects, fresh relative to `now`:
 * - the cluster CA (ok) in every `kube-root-ca.crt` and in `extension-apiserver-authentication`, with the
 *   front-proxy CA (ok) as `requestheader-client-ca-file`;
 * - `t75/accounting-secret`: self-signed, CN and SAN `accounting.tls`, expired 3 days ago;
 * - `shop/shop-tls` for `shop.example.com`: warning (20 days), signed by the shop issuer CA (ok) in `ca.crt`;
 * - cert-manager `a12/payments-api`: critical (9 days), renewal overdue and not Ready, issued by an
 *   internal CA that itself expires first (critical, 5 days);
 * - a mutating webhook whose CA is not yet valid; a validating webhook with a healthy CA;
 * - APIService `v1beta1.metrics.k8s.io` with a caBundle, `v1beta1.custom.metrics.k8s.io` skipping TLS checks;
 * - a CRD converting through a webhook whose legacy CA (RSA 1024, SHA-1) expired 40 days ago;
 * - an approved CertificateSigningRequest for `carol` with its issued client certificate: warning (21 days).
 */
export async function generateDemoCertificateObjects(now: Date): Promise<Record<string, unknown>[]> {
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  const clusterCa = await issue(now, {
    subject: "CN=kubernetes",
    ca: true,
    notBeforeDays: -400,
    notAfterDays: 3250,
  });
  const frontProxyCa = await issue(now, {
    subject: "CN=front-proxy-ca",
    ca: true,
    notBeforeDays: -400,
    notAfterDays: 3250,
  });
  const accounting = await issue(now, {
    subject: "CN=accounting.tls",
    dnsNames: ["accounting.tls"],
    usage: "server",
    notBeforeDays: -368,
    notAfterDays: -3,
  });
  const shopCa = await issue(now, {
    subject: "CN=Acme Shop Issuing CA, O=Acme",
    ca: true,
    notBeforeDays: -700,
    notAfterDays: 1100,
  });
  const shopLeaf = await issue(now, {
    subject: "CN=shop.example.com",
    dnsNames: ["shop.example.com", "www.shop.example.com"],
    usage: "server",
    issuer: shopCa,
    notBeforeDays: -70,
    notAfterDays: 20,
  });
  const internalCa = await issue(now, {
    subject: "CN=Acme Internal Issuing CA, O=Acme",
    ca: true,
    notBeforeDays: -360,
    notAfterDays: 5,
  });
  const payments = await issue(now, {
    subject: "CN=payments.a12.svc",
    dnsNames: ["payments.a12.svc", "payments.a12.svc.cluster.local"],
    usage: "server",
    issuer: internalCa,
    notBeforeDays: -81,
    notAfterDays: 9,
  });
  const policyCa = await issue(now, {
    subject: "CN=policy-guard-ca",
    ca: true,
    notBeforeDays: -30,
    notAfterDays: 700,
  });
  const injectorCa = await issue(now, {
    subject: "CN=sidecar-injector-ca",
    ca: true,
    // Clock skew on the machine that generated it: valid only from the day after tomorrow.
    notBeforeDays: 2,
    notAfterDays: 367,
  });
  const metricsCa = await issue(now, {
    subject: "CN=metrics-server-ca",
    ca: true,
    notBeforeDays: -100,
    notAfterDays: 265,
  });
  const widgetsCa = await issue(now, {
    subject: "CN=widgets-conversion-ca, O=Legacy Widgets",
    ca: true,
    legacy: true,
    notBeforeDays: -1500,
    notAfterDays: -40,
  });
  // A short-lived client certificate, in the warning window: CSRs are cluster-scoped objects a reviewer may
  // list, so a viewer without access to Secrets still sees a certificate in every status.
  const carol = await issue(now, {
    subject: "CN=carol, O=dev-team",
    usage: "client",
    issuer: clusterCa,
    notBeforeDays: -9,
    notAfterDays: 21,
  });

  const rootCaMaps: RawObject[] = DEMO_CA_NAMESPACES.map((namespace) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kube-root-ca.crt", namespace },
    data: { "ca.crt": pem(clusterCa) },
  }));

  const objects: RawObject[] = [
    ...rootCaMaps,
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "extension-apiserver-authentication", namespace: "kube-system" },
      data: {
        "client-ca-file": pem(clusterCa),
        "requestheader-client-ca-file": pem(frontProxyCa),
        "requestheader-allowed-names": JSON.stringify(["front-proxy-client"]),
        "requestheader-extra-headers-prefix": JSON.stringify(["X-Remote-Extra-"]),
        "requestheader-group-headers": JSON.stringify(["X-Remote-Group"]),
        "requestheader-username-headers": JSON.stringify(["X-Remote-User"]),
      },
    },
    await tlsSecret("t75", "accounting-secret", accounting),
    await tlsSecret("shop", "shop-tls", shopLeaf, shopCa),
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingWebhookConfiguration",
      metadata: metadata("policy-guard"),
      webhooks: [
        {
          name: "validate.policy-guard.vigil.dev",
          admissionReviewVersions: ["v1"],
          sideEffects: "None",
          failurePolicy: "Ignore",
          timeoutSeconds: 1,
          namespaceSelector: NEVER_SELECTED,
          rules: [
            {
              apiGroups: ["apps"],
              apiVersions: ["v1"],
              operations: ["CREATE", "UPDATE"],
              resources: ["deployments"],
            },
          ],
          clientConfig: {
            service: { namespace: "kube-system", name: "policy-guard", path: "/validate", port: 443 },
            caBundle: b64(pem(policyCa)),
          },
        },
      ],
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "MutatingWebhookConfiguration",
      metadata: metadata("sidecar-injector"),
      webhooks: [
        {
          name: "inject.sidecar-injector.vigil.dev",
          admissionReviewVersions: ["v1"],
          sideEffects: "None",
          failurePolicy: "Ignore",
          reinvocationPolicy: "Never",
          timeoutSeconds: 1,
          namespaceSelector: NEVER_SELECTED,
          rules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] }],
          clientConfig: {
            service: { namespace: "kube-system", name: "sidecar-injector", path: "/mutate", port: 443 },
            caBundle: b64(pem(injectorCa)),
          },
        },
      ],
    },
    {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: metadata("v1beta1.metrics.k8s.io"),
      spec: {
        group: "metrics.k8s.io",
        version: "v1beta1",
        groupPriorityMinimum: 100,
        versionPriority: 100,
        service: { namespace: "kube-system", name: "metrics-server", port: 443 },
        caBundle: b64(pem(metricsCa)),
      },
    },
    {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: metadata("v1beta1.custom.metrics.k8s.io"),
      // The API server refuses a caBundle together with insecureSkipTLSVerify: this one trusts anything.
      spec: {
        group: "custom.metrics.k8s.io",
        version: "v1beta1",
        groupPriorityMinimum: 100,
        versionPriority: 100,
        service: { namespace: "kube-system", name: "custom-metrics-adapter", port: 443 },
        insecureSkipTLSVerify: true,
      },
    },
    {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: metadata("widgets.demo.vigil.dev"),
      spec: {
        group: "demo.vigil.dev",
        scope: "Namespaced",
        names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
        versions: ["v1", "v1beta1"].map((name) => ({
          name,
          served: true,
          storage: name === "v1",
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        })),
        conversion: {
          strategy: "Webhook",
          webhook: {
            conversionReviewVersions: ["v1"],
            clientConfig: {
              service: { namespace: "kube-system", name: "widgets-conversion", path: "/convert", port: 443 },
              caBundle: b64(pem(widgetsCa)),
            },
          },
        },
      },
    },
    {
      apiVersion: "certificates.k8s.io/v1",
      kind: "CertificateSigningRequest",
      metadata: metadata("carol-client"),
      spec: {
        request: b64(
          (
            await x509.Pkcs10CertificateRequestGenerator.create({
              name: "CN=carol, O=dev-team",
              keys: carol.keys,
              signingAlgorithm: EC_SIGN,
            })
          ).toString("pem") + "\n",
        ),
        signerName: "kubernetes.io/kube-apiserver-client",
        expirationSeconds: 30 * 24 * 60 * 60,
        usages: ["client auth", "digital signature"],
        username: "alice",
        groups: ["platform-admins", "system:authenticated"],
      },
      status: {
        conditions: [
          {
            type: "Approved",
            status: "True",
            reason: "DemoApproval",
            message: "approved for the demo by alice",
            lastUpdateTime: at(-10).toISOString(),
            lastTransitionTime: at(-10).toISOString(),
          },
        ],
        certificate: b64(pem(carol)),
      },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: metadata("payments-api", "a12"),
      spec: {
        secretName: "payments-api-tls",
        commonName: "payments.a12.svc",
        dnsNames: ["payments.a12.svc", "payments.a12.svc.cluster.local"],
        duration: "2160h0m0s",
        renewBefore: "720h0m0s",
        issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "acme-internal-ca" },
        privateKey: { algorithm: "ECDSA", size: 256 },
      },
      status: {
        notBefore: payments.cert.notBefore.toISOString(),
        notAfter: payments.cert.notAfter.toISOString(),
        // cert-manager renews at notAfter - renewBefore; the renewal has failed ever since.
        renewalTime: at(9 - 30).toISOString(),
        revision: 1,
        failedIssuanceAttempts: 4,
        lastFailureTime: at(-1).toISOString(),
        conditions: [
          condition(
            "Ready",
            "False",
            "Failed",
            "The certificate request has failed to complete and will be retried: issuer acme-internal-ca is not ready",
            at(-21),
          ),
          condition("Issuing", "False", "Failed", "The certificate request has failed to complete", at(-1)),
        ],
      },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateRequest",
      metadata: {
        ...metadata("payments-api-1", "a12"),
        annotations: {
          "cert-manager.io/certificate-name": "payments-api",
          "cert-manager.io/certificate-revision": "1",
        },
      },
      spec: {
        request: b64(
          (
            await x509.Pkcs10CertificateRequestGenerator.create({
              name: "CN=payments.a12.svc",
              keys: payments.keys,
              signingAlgorithm: EC_SIGN,
              extensions: [
                new x509.SubjectAlternativeNameExtension([
                  { type: "dns", value: "payments.a12.svc" },
                  { type: "dns", value: "payments.a12.svc.cluster.local" },
                ]),
              ],
            })
          ).toString("pem") + "\n",
        ),
        issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "acme-internal-ca" },
        usages: ["digital signature", "key encipherment", "server auth"],
      },
      status: {
        certificate: b64(pem(payments)),
        ca: b64(pem(internalCa)),
        conditions: [
          condition(
            "Approved",
            "True",
            "cert-manager.io",
            "Certificate request has been approved by cert-manager.io",
            at(-81),
          ),
          condition("Ready", "True", "Issued", "Certificate fetched from issuer successfully", at(-81)),
        ],
      },
    },
    await tlsSecret("a12", "payments-api-tls", payments, internalCa),
  ];
  return objects;
}
