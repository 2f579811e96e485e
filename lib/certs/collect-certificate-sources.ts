import type { ChainCandidate } from "@/lib/certs/build-chain";
import { parsePemBundle, type BundleItem } from "@/lib/certs/parse-pem-bundle";
import type { CertSourceRef } from "@/lib/certs/types";
import type { Ingress, ObjectRef, SecretMeta, Snapshot } from "@/lib/model/types";

// Every place of the snapshot that holds a certificate without its private key (docs/semantics.md §3), with
// what each is for and, for leaves, the anchors the cluster itself ships for that use (CERT-005).

type SourceRole =
  /** A CA bundle: its certificates are trust anchors for something else. */
  | "anchors"
  /** A certificate chain, leaf first: verified against `anchors` when the cluster ships any. */
  | "chain";

export interface CertificateSource {
  source: CertSourceRef;
  items: BundleItem[];
  role: SourceRole;
  purpose: string;
  usedBy: ObjectRef[];
  /** For role "chain": the anchors to verify against; undefined when the cluster ships none for this use. */
  anchors?: ChainCandidate[];
  /** A kubeconfig user's client certificate (CERT-015). */
  kubeconfigUser?: string;
  /** A chain read by a TLS handshake (CERT-013), with the host asked for by SNI. */
  served?: { host: string; port: number };
}

export function describeSource(s: CertSourceRef): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name} ${s.field}`;
}

/** Parses each distinct PEM text once: the cluster CA is repeated in every namespace's kube-root-ca.crt. */
export class BundleCache {
  private readonly cache = new Map<string, BundleItem[]>();
  parse(pem: string): BundleItem[] {
    let items = this.cache.get(pem);
    if (!items) {
      items = parsePemBundle(pem);
      this.cache.set(pem, items);
    }
    return items;
  }
}

function candidates(items: readonly BundleItem[], source: CertSourceRef): ChainCandidate[] {
  return items.flatMap((i) => (i.ok ? [{ cert: i.cert, foundIn: describeSource(source) }] : []));
}

function dedupe(list: ChainCandidate[]): ChainCandidate[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.cert.fingerprintSha256) && seen.add(c.cert.fingerprintSha256));
}

interface TlsReference {
  ingress: Ingress;
  hosts: readonly string[];
  secretName: string;
}

/** Ingress TLS entries that name a Secret, by `namespace/secretName`. */
function ingressTlsReferences(snapshot: Snapshot): Map<string, TlsReference[]> {
  const refs = new Map<string, TlsReference[]>();
  for (const ingress of snapshot.ingresses) {
    for (const tls of ingress.tls) {
      if (!tls.secretName) continue;
      const key = `${ingress.namespace}/${tls.secretName}`;
      const list = refs.get(key) ?? [];
      list.push({ ingress, hosts: tls.hosts, secretName: tls.secretName });
      refs.set(key, list);
    }
  }
  return refs;
}

const BUILT_IN_CLIENT_SIGNERS = new Set([
  "kubernetes.io/kube-apiserver-client",
  "kubernetes.io/kube-apiserver-client-kubelet",
  "kubernetes.io/legacy-unknown",
]);

export function collectCertificateSources(snapshot: Snapshot, cache: BundleCache): CertificateSource[] {
  const out: CertificateSource[] = [];
  const ref = (kind: string, name: string, field: string, namespace?: string): CertSourceRef =>
    namespace === undefined ? { kind, name, field } : { kind, namespace, name, field };

  // Cluster CAs first: other sources verify against them.
  const clusterCas: ChainCandidate[] = [];
  const clientCas: ChainCandidate[] = [];
  for (const cm of snapshot.configMaps) {
    for (const [key, pem] of Object.entries(cm.certificates)) {
      const source = ref("ConfigMap", cm.name, `data.${key}`, cm.namespace);
      const items = cache.parse(pem);
      let purpose = `CA bundle published in ConfigMap ${cm.namespace}/${cm.name}`;
      const usedBy: ObjectRef[] = [];
      if (cm.name === "kube-root-ca.crt" && key === "ca.crt") {
        purpose = `Cluster CA: pods of namespace ${cm.namespace} trust it for the API server`;
        usedBy.push({ kind: "Namespace", name: cm.namespace });
        clusterCas.push(...candidates(items, source));
      } else if (cm.namespace === "kube-system" && cm.name === "extension-apiserver-authentication") {
        if (key === "client-ca-file") {
          purpose = "CA the API server trusts for client certificates";
          clientCas.push(...candidates(items, source));
        } else if (key === "requestheader-client-ca-file") {
          purpose = "CA the API server trusts for its front proxy (aggregated APIs)";
        }
      }
      out.push({ source, items, role: "anchors", purpose, usedBy });
    }
  }
  const cluster = dedupe(clusterCas);
  // The API server checks client certificates against client-ca-file; kube-root-ca.crt is the usual stand-in.
  const clientAnchors = dedupe(clientCas.length > 0 ? clientCas : clusterCas);

  for (const wc of snapshot.webhookConfigurations) {
    wc.webhooks.forEach((w, i) => {
      if (!w.caBundle) return;
      const usedBy: ObjectRef[] = [{ kind: wc.kind, name: wc.name }];
      if (w.service) usedBy.push({ kind: "Service", namespace: w.service.namespace, name: w.service.name });
      out.push({
        source: ref(wc.kind, wc.name, `webhooks[${i}].clientConfig.caBundle`),
        items: cache.parse(w.caBundle),
        role: "anchors",
        purpose: `CA the API server trusts to call webhook ${w.name}`,
        usedBy,
      });
    });
  }
  for (const api of snapshot.apiServices) {
    if (!api.caBundle) continue;
    const usedBy: ObjectRef[] = [{ kind: "APIService", name: api.name }];
    if (api.service)
      usedBy.push({ kind: "Service", namespace: api.service.namespace, name: api.service.name });
    out.push({
      source: ref("APIService", api.name, "spec.caBundle"),
      items: cache.parse(api.caBundle),
      role: "anchors",
      purpose: `CA the API server trusts to call the aggregated API ${api.group}/${api.version}`,
      usedBy,
    });
  }
  for (const crd of snapshot.crds) {
    const hook = crd.conversionWebhook;
    if (!hook?.caBundle) continue;
    const usedBy: ObjectRef[] = [{ kind: "CustomResourceDefinition", name: crd.name }];
    if (hook.service)
      usedBy.push({ kind: "Service", namespace: hook.service.namespace, name: hook.service.name });
    out.push({
      source: ref("CustomResourceDefinition", crd.name, "spec.conversion.webhook.clientConfig.caBundle"),
      items: cache.parse(hook.caBundle),
      role: "anchors",
      purpose: `CA the API server trusts to call the conversion webhook of ${crd.name}`,
      usedBy,
    });
  }
  for (const csr of snapshot.csrs) {
    if (!csr.certificate) continue;
    out.push({
      source: ref("CertificateSigningRequest", csr.name, "status.certificate"),
      items: cache.parse(csr.certificate),
      role: "chain",
      purpose: `Certificate issued by ${csr.signerName || "an unknown signer"} for a request by ${csr.username ?? "an unknown user"}`,
      usedBy: [{ kind: "CertificateSigningRequest", name: csr.name }],
      // Only the built-in client signers are known to sign with the cluster's client CA.
      ...(BUILT_IN_CLIENT_SIGNERS.has(csr.signerName) && clientAnchors.length > 0
        ? { anchors: clientAnchors }
        : {}),
    });
  }
  const certManagerBySecret = new Map<string, ObjectRef[]>();
  for (const c of snapshot.certManagerCertificates) {
    const key = `${c.namespace}/${c.secretName}`;
    certManagerBySecret.set(key, [
      ...(certManagerBySecret.get(key) ?? []),
      { kind: "Certificate", namespace: c.namespace, name: c.name },
    ]);
  }
  for (const cr of snapshot.certificateRequests) {
    const usedBy: ObjectRef[] = [{ kind: "CertificateRequest", namespace: cr.namespace, name: cr.name }];
    const caSource = ref("CertificateRequest", cr.name, "status.ca", cr.namespace);
    const caItems = cr.ca ? cache.parse(cr.ca) : [];
    if (cr.certificate) {
      const anchors = candidates(caItems, caSource);
      out.push({
        source: ref("CertificateRequest", cr.name, "status.certificate", cr.namespace),
        items: cache.parse(cr.certificate),
        role: "chain",
        purpose: `Certificate issued by cert-manager for request ${cr.namespace}/${cr.name}`,
        usedBy,
        ...(anchors.length > 0 ? { anchors } : {}),
      });
    }
    if (cr.ca) {
      out.push({
        source: caSource,
        items: caItems,
        role: "anchors",
        purpose: "CA that issued the request",
        usedBy,
      });
    }
  }
  const tlsRefs = ingressTlsReferences(snapshot);
  for (const secret of snapshot.secrets) {
    if (!secret.tls) continue;
    out.push(...secretSources(secret, tlsRefs, certManagerBySecret, cache, ref));
  }
  for (const kc of snapshot.kubeconfigs) {
    const kubeconfigCas: ChainCandidate[] = [];
    kc.clusters.forEach((c, i) => {
      if (!c.certificateAuthority) return;
      const source = ref("Kubeconfig", kc.origin, `clusters[${i}].cluster.certificate-authority-data`);
      const items = cache.parse(c.certificateAuthority);
      kubeconfigCas.push(...candidates(items, source));
      out.push({
        source,
        items,
        role: "anchors",
        purpose: `CA trusted for cluster ${c.name} (${c.server})`,
        usedBy: [],
      });
    });
    kc.users.forEach((u, i) => {
      if (!u.clientCertificate) return;
      const anchors = clientCas.length > 0 || clusterCas.length > 0 ? clientAnchors : dedupe(kubeconfigCas);
      out.push({
        source: ref("Kubeconfig", kc.origin, `users[${i}].user.client-certificate-data`),
        items: cache.parse(u.clientCertificate),
        role: "chain",
        purpose: `Client certificate of kubeconfig user ${u.name}`,
        usedBy: [],
        kubeconfigUser: u.name,
        ...(anchors.length > 0 ? { anchors } : {}),
      });
    });
  }
  for (const served of snapshot.servedCertificates) {
    if (!served.chain) continue;
    let anchors: ChainCandidate[] | undefined;
    if (served.source.kind === "Ingress") {
      const secret = storedSecretFor(snapshot, served.source, served.host);
      if (secret?.tls?.caCertificate) {
        anchors = candidates(
          cache.parse(secret.tls.caCertificate),
          ref("Secret", secret.name, "data.ca.crt", secret.namespace),
        );
      }
    } else if (cluster.length > 0) {
      // The API server's serving certificate: pods verify it with kube-root-ca.crt.
      anchors = cluster;
    }
    const field = `served ${served.host}:${served.port}`;
    out.push({
      source: { ...served.source, field },
      items: cache.parse(served.chain),
      role: "chain",
      purpose: `Certificate served at ${served.host}:${served.port} (read by a TLS handshake)`,
      usedBy: [served.source],
      served: { host: served.host, port: served.port },
      ...(anchors && anchors.length > 0 ? { anchors } : {}),
    });
  }
  return out;
}

function secretSources(
  secret: SecretMeta,
  tlsRefs: Map<string, TlsReference[]>,
  certManagerBySecret: Map<string, ObjectRef[]>,
  cache: BundleCache,
  ref: (kind: string, name: string, field: string, namespace?: string) => CertSourceRef,
): CertificateSource[] {
  const key = `${secret.namespace}/${secret.name}`;
  const usedBy: ObjectRef[] = [
    ...(tlsRefs.get(key) ?? []).map((r) => ({
      kind: "Ingress",
      namespace: r.ingress.namespace,
      name: r.ingress.name,
    })),
    ...(certManagerBySecret.get(key) ?? []),
  ];
  const out: CertificateSource[] = [];
  const caSource = ref("Secret", secret.name, "data.ca.crt", secret.namespace);
  const caItems = secret.tls?.caCertificate ? cache.parse(secret.tls.caCertificate) : [];
  if (secret.tls?.certificate) {
    const anchors = candidates(caItems, caSource);
    out.push({
      source: ref("Secret", secret.name, "data.tls.crt", secret.namespace),
      items: cache.parse(secret.tls.certificate),
      role: "chain",
      purpose: `TLS certificate stored in Secret ${key}`,
      usedBy,
      ...(anchors.length > 0 ? { anchors } : {}),
    });
  }
  if (secret.tls?.caCertificate) {
    out.push({
      source: caSource,
      items: caItems,
      role: "anchors",
      purpose: `CA stored with Secret ${key}`,
      usedBy,
    });
  }
  return out;
}

/** The Secret an Ingress names for `host` (a TLS entry listing the host, else the only entry without hosts). */
export function storedSecretFor(
  snapshot: Snapshot,
  ingressRef: ObjectRef,
  host: string,
): SecretMeta | undefined {
  const ingress = snapshot.ingresses.find(
    (i) => i.namespace === ingressRef.namespace && i.name === ingressRef.name,
  );
  if (!ingress) return undefined;
  const entry =
    ingress.tls.find((t) => t.hosts.some((h) => h.toLowerCase() === host.toLowerCase())) ??
    ingress.tls.find((t) => t.hosts.length === 0);
  if (!entry?.secretName) return undefined;
  return snapshot.secrets.find((s) => s.namespace === ingress.namespace && s.name === entry.secretName);
}
