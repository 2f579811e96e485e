import type {
  ApiService,
  CertConfigMap,
  CertManagerCertificate,
  CertificateRequest,
  CertificateSigningRequest,
  CustomResourceDefinition,
  KubeconfigCerts,
  SecretMeta,
  ServiceReference,
  WebhookClientConfig,
  WebhookConfiguration,
} from "@/lib/model/types";
import { readConditions, type Meta } from "@/lib/model/map-common";
import { decodeBase64, type FieldReader, type JsonObject } from "@/lib/model/read-fields";

// Objects that carry certificates without their private keys (docs/semantics.md §3). Secret values never pass
// this boundary, except the certificates of a kubernetes.io/tls Secret; `tls.key` is dropped here.

const PEM_CERT = "-----BEGIN CERTIFICATE-----";

function readServiceRef(v: unknown, path: string, r: FieldReader): ServiceReference | undefined {
  const svc = r.object(v, path);
  if (!svc) return undefined;
  const namespace = r.string(svc["namespace"], `${path}.namespace`);
  const name = r.string(svc["name"], `${path}.name`);
  if (!namespace || !name) return undefined;
  const port = r.int(svc["port"], `${path}.port`);
  const p = r.string(svc["path"], `${path}.path`);
  return { namespace, name, ...(port !== undefined ? { port } : {}), ...(p ? { path: p } : {}) };
}

function readClientConfig(v: unknown, path: string, r: FieldReader): WebhookClientConfig {
  const cc = r.object(v, path);
  const caBundle = decodeBase64(r.string(cc?.["caBundle"], `${path}.caBundle`), `${path}.caBundle`, r.warn);
  const service = readServiceRef(cc?.["service"], `${path}.service`, r);
  const url = r.string(cc?.["url"], `${path}.url`);
  return { ...(caBundle ? { caBundle } : {}), ...(service ? { service } : {}), ...(url ? { url } : {}) };
}

export function readCertConfigMap(
  obj: JsonObject,
  meta: Meta,
  namespace: string,
  r: FieldReader,
): CertConfigMap | undefined {
  const data = r.stringMap(obj["data"], "data");
  const certificates = Object.fromEntries(Object.entries(data).filter(([, v]) => v.includes(PEM_CERT)));
  return Object.keys(certificates).length > 0 ? { namespace, name: meta.name, certificates } : undefined;
}

export function readWebhookConfiguration(
  kind: WebhookConfiguration["kind"],
  obj: JsonObject,
  meta: Meta,
  r: FieldReader,
): WebhookConfiguration {
  const webhooks = (r.list(obj["webhooks"], "webhooks") ?? []).flatMap((w, i) => {
    const wo = r.object(w, `webhooks[${i}]`);
    if (!wo) return [];
    return [
      {
        name: r.string(wo["name"], `webhooks[${i}].name`) ?? `webhook-${i}`,
        ...readClientConfig(wo["clientConfig"], `webhooks[${i}].clientConfig`, r),
      },
    ];
  });
  return { kind, name: meta.name, webhooks };
}

export function readApiService(obj: JsonObject, meta: Meta, r: FieldReader): ApiService {
  const spec = r.object(obj["spec"], "spec");
  const caBundle = decodeBase64(r.string(spec?.["caBundle"], "spec.caBundle"), "spec.caBundle", r.warn);
  const service = readServiceRef(spec?.["service"], "spec.service", r);
  return {
    name: meta.name,
    group: r.string(spec?.["group"], "spec.group") ?? "",
    version: r.string(spec?.["version"], "spec.version") ?? "",
    insecureSkipTLSVerify: r.bool(spec?.["insecureSkipTLSVerify"], "spec.insecureSkipTLSVerify") ?? false,
    ...(caBundle ? { caBundle } : {}),
    ...(service ? { service } : {}),
  };
}

export function readCrd(obj: JsonObject, meta: Meta, r: FieldReader): CustomResourceDefinition {
  const spec = r.object(obj["spec"], "spec");
  const names = r.object(spec?.["names"], "spec.names");
  const conversion = r.object(spec?.["conversion"], "spec.conversion");
  const webhook = r.object(conversion?.["webhook"], "spec.conversion.webhook");
  const strategy = r.string(conversion?.["strategy"], "spec.conversion.strategy");
  return {
    name: meta.name,
    group: r.string(spec?.["group"], "spec.group") ?? "",
    kind: r.string(names?.["kind"], "spec.names.kind") ?? "",
    ...(strategy === "Webhook" && webhook
      ? {
          conversionWebhook: readClientConfig(
            webhook["clientConfig"],
            "spec.conversion.webhook.clientConfig",
            r,
          ),
        }
      : {}),
  };
}

export function readCsr(obj: JsonObject, meta: Meta, r: FieldReader): CertificateSigningRequest {
  const spec = r.object(obj["spec"], "spec");
  const status = r.object(obj["status"], "status");
  const certificate = decodeBase64(
    r.string(status?.["certificate"], "status.certificate"),
    "status.certificate",
    r.warn,
  );
  const username = r.string(spec?.["username"], "spec.username");
  return {
    name: meta.name,
    signerName: r.string(spec?.["signerName"], "spec.signerName") ?? "",
    groups: r.strings(spec?.["groups"], "spec.groups"),
    usages: r.strings(spec?.["usages"], "spec.usages"),
    conditions: readConditions(status?.["conditions"], "status.conditions", r),
    ...(username ? { username } : {}),
    ...(certificate ? { certificate } : {}),
  };
}

export function readCertManagerCertificate(
  obj: JsonObject,
  meta: Meta,
  namespace: string,
  r: FieldReader,
): CertManagerCertificate {
  const spec = r.object(obj["spec"], "spec");
  const status = r.object(obj["status"], "status");
  const issuer = r.object(spec?.["issuerRef"], "spec.issuerRef");
  const optional = (key: string, v: string | undefined) => (v ? { [key]: v } : {});
  const group = r.string(issuer?.["group"], "spec.issuerRef.group");
  return {
    namespace,
    name: meta.name,
    secretName: r.string(spec?.["secretName"], "spec.secretName") ?? "",
    dnsNames: r.strings(spec?.["dnsNames"], "spec.dnsNames"),
    issuerRef: {
      kind: r.string(issuer?.["kind"], "spec.issuerRef.kind") ?? "Issuer",
      name: r.string(issuer?.["name"], "spec.issuerRef.name") ?? "",
      ...(group ? { group } : {}),
    },
    conditions: readConditions(status?.["conditions"], "status.conditions", r),
    ...optional("commonName", r.string(spec?.["commonName"], "spec.commonName")),
    ...optional("notBefore", r.string(status?.["notBefore"], "status.notBefore")),
    ...optional("notAfter", r.string(status?.["notAfter"], "status.notAfter")),
    ...optional("renewalTime", r.string(status?.["renewalTime"], "status.renewalTime")),
  };
}

export function readCertificateRequest(
  obj: JsonObject,
  meta: Meta,
  namespace: string,
  r: FieldReader,
): CertificateRequest {
  const status = r.object(obj["status"], "status");
  const certificate = decodeBase64(
    r.string(status?.["certificate"], "status.certificate"),
    "status.certificate",
    r.warn,
  );
  const ca = decodeBase64(r.string(status?.["ca"], "status.ca"), "status.ca", r.warn);
  return {
    namespace,
    name: meta.name,
    conditions: readConditions(status?.["conditions"], "status.conditions", r),
    ...(certificate ? { certificate } : {}),
    ...(ca ? { ca } : {}),
  };
}

export function readSecret(obj: JsonObject, meta: Meta, namespace: string, r: FieldReader): SecretMeta {
  const type = r.string(obj["type"], "type") ?? "Opaque";
  // Values are read only as far as needed: names of keys, and for TLS Secrets the certificates.
  const data = r.object(obj["data"], "data") ?? {};
  const stringData = r.object(obj["stringData"], "stringData") ?? {};
  const keys = [...new Set([...Object.keys(data), ...Object.keys(stringData)])].sort();
  const secret: SecretMeta = { namespace, name: meta.name, type, keys };
  const account = meta.annotations["kubernetes.io/service-account.name"];
  if (type === "kubernetes.io/service-account-token" && account) secret.serviceAccountName = account;
  if (type === "kubernetes.io/tls") {
    const read = (key: string) =>
      typeof stringData[key] === "string"
        ? (stringData[key] as string)
        : decodeBase64(r.string(data[key], `data.${key}`), `data.${key}`, r.warn);
    const certificate = read("tls.crt");
    const caCertificate = read("ca.crt");
    secret.tls = { ...(certificate ? { certificate } : {}), ...(caCertificate ? { caCertificate } : {}) };
  }
  return secret;
}

/** A kubeconfig (`kind: Config`): CAs and client certificates only; keys and tokens are never read. */
export function readKubeconfig(obj: JsonObject, origin: string, r: FieldReader): KubeconfigCerts {
  const clusters = (r.list(obj["clusters"], "clusters") ?? []).flatMap((c, i) => {
    const co = r.object(c, `clusters[${i}]`);
    const cluster = r.object(co?.["cluster"], `clusters[${i}].cluster`);
    const ca = decodeBase64(
      r.string(cluster?.["certificate-authority-data"], `clusters[${i}].cluster.certificate-authority-data`),
      `clusters[${i}].cluster.certificate-authority-data`,
      r.warn,
    );
    return [
      {
        name: r.string(co?.["name"], `clusters[${i}].name`) ?? `cluster-${i}`,
        server: r.string(cluster?.["server"], `clusters[${i}].cluster.server`) ?? "",
        ...(ca ? { certificateAuthority: ca } : {}),
      },
    ];
  });
  const users = (r.list(obj["users"], "users") ?? []).flatMap((u, i) => {
    const uo = r.object(u, `users[${i}]`);
    const user = r.object(uo?.["user"], `users[${i}].user`);
    const cert = decodeBase64(
      r.string(user?.["client-certificate-data"], `users[${i}].user.client-certificate-data`),
      `users[${i}].user.client-certificate-data`,
      r.warn,
    );
    return [
      {
        name: r.string(uo?.["name"], `users[${i}].name`) ?? `user-${i}`,
        ...(cert ? { clientCertificate: cert } : {}),
      },
    ];
  });
  return { origin, clusters, users };
}
