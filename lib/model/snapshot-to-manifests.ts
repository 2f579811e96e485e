import { clusterPolicyToManifest, selector } from "@/lib/model/cluster-policy-to-manifest";
import { podSpecToManifest } from "@/lib/model/pod-spec-to-manifest";
import { accessGapToManifest } from "@/lib/model/map-access-gaps";
import type { NetworkPolicyRule, Snapshot, WebhookClientConfig } from "@/lib/model/types";

// The snapshot written back as plain Kubernetes manifests (one `kind: List`), so a view saved from the
// browser opens again through the ordinary loader: in snapshot mode (VIGIL_MANIFESTS), or with `vigil`.
// Only what the model holds is written: Secret values never (TLS certificates only), representative pods
// never (the loader derives them again from their workloads).

type Raw = Record<string, unknown>;

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const meta = (
  name: string,
  namespace?: string,
  labels?: Readonly<Record<string, string>>,
  annotations?: Readonly<Record<string, string>>,
) => ({
  name,
  ...(namespace !== undefined ? { namespace } : {}),
  ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
  ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
});

function policyRules(
  rules: readonly NetworkPolicyRule[] | undefined,
  key: "from" | "to",
): unknown[] | undefined {
  return rules?.map((r) => ({
    ...(r.peers
      ? {
          [key]: r.peers.map((p) => ({
            ...(p.podSelector ? { podSelector: selector(p.podSelector) } : {}),
            ...(p.namespaceSelector ? { namespaceSelector: selector(p.namespaceSelector) } : {}),
            ...(p.ipBlock
              ? {
                  ipBlock: {
                    cidr: p.ipBlock.cidr,
                    ...(p.ipBlock.except.length > 0 ? { except: p.ipBlock.except } : {}),
                  },
                }
              : {}),
          })),
        }
      : {}),
    ...(r.ports ? { ports: r.ports.map((p) => ({ ...p })) } : {}),
  }));
}

function clientConfig(c: WebhookClientConfig): Raw {
  return {
    ...(c.caBundle ? { caBundle: b64(c.caBundle) } : {}),
    ...(c.service ? { service: c.service } : {}),
    ...(c.url ? { url: c.url } : {}),
  };
}

export function snapshotToManifests(s: Snapshot): Raw {
  const items: Raw[] = [];
  const add = (apiVersion: string, kind: string, body: Raw) => items.push({ apiVersion, kind, ...body });
  for (const n of s.namespaces) add("v1", "Namespace", { metadata: meta(n.name, undefined, n.labels) });
  for (const n of s.nodes) {
    add("v1", "Node", {
      metadata: meta(n.name, undefined, n.labels),
      spec: { podCIDRs: n.podCIDRs },
      status: { addresses: n.addresses },
    });
  }
  for (const sa of s.serviceAccounts) {
    add("v1", "ServiceAccount", {
      metadata: meta(sa.name, sa.namespace),
      ...(sa.automountServiceAccountToken !== undefined
        ? { automountServiceAccountToken: sa.automountServiceAccountToken }
        : {}),
    });
  }
  for (const w of s.workloads) {
    const template = {
      metadata: {
        labels: w.template.labels,
        ...(Object.keys(w.template.annotations).length > 0 ? { annotations: w.template.annotations } : {}),
      },
      spec: podSpecToManifest(w.template),
    };
    const owner = w.owner
      ? {
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: w.owner.kind,
              name: w.owner.name,
              uid: `${w.owner.kind}-${w.owner.name}`,
              controller: true,
            },
          ],
        }
      : {};
    const apiVersion = w.kind === "Job" || w.kind === "CronJob" ? "batch/v1" : "apps/v1";
    const spec =
      w.kind === "CronJob"
        ? { schedule: "@daily", jobTemplate: { spec: { template } } }
        : { ...(w.replicas !== undefined ? { replicas: w.replicas } : {}), template };
    add(apiVersion, w.kind, { metadata: { ...meta(w.name, w.namespace, w.labels), ...owner }, spec });
  }
  for (const p of s.pods) {
    if (p.representative) continue;
    const owner =
      p.workload.kind === "Pod"
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: p.workload.kind,
                name: p.workload.name,
                uid: `${p.workload.kind}-${p.workload.name}`,
                controller: true,
              },
            ],
          };
    add("v1", "Pod", {
      metadata: { ...meta(p.name, p.namespace, p.labels, p.annotations), ...owner },
      spec: { ...podSpecToManifest(p), ...(p.nodeName ? { nodeName: p.nodeName } : {}) },
      status: {
        ...(p.phase ? { phase: p.phase } : {}),
        ...(p.hostIP ? { hostIP: p.hostIP } : {}),
        ...(p.podIPs.length > 0 ? { podIP: p.podIPs[0], podIPs: p.podIPs.map((ip) => ({ ip })) } : {}),
      },
    });
  }
  for (const svc of s.services) {
    add("v1", "Service", {
      metadata: meta(svc.name, svc.namespace, svc.labels),
      spec: {
        type: svc.type,
        ...(svc.selector ? { selector: svc.selector } : {}),
        ports: svc.ports.map((p) => ({ ...p })),
        ...(svc.clusterIPs.length > 0 ? { clusterIP: svc.clusterIPs[0], clusterIPs: svc.clusterIPs } : {}),
        ...(svc.externalIPs.length > 0 ? { externalIPs: svc.externalIPs } : {}),
        ...(svc.loadBalancerSourceRanges.length > 0
          ? { loadBalancerSourceRanges: svc.loadBalancerSourceRanges }
          : {}),
      },
    });
  }
  const backend = (b: { serviceName: string; servicePort?: number | string }) => ({
    service: {
      name: b.serviceName,
      ...(b.servicePort !== undefined
        ? { port: typeof b.servicePort === "number" ? { number: b.servicePort } : { name: b.servicePort } }
        : {}),
    },
  });
  for (const ing of s.ingresses) {
    add("networking.k8s.io/v1", "Ingress", {
      metadata: meta(ing.name, ing.namespace, ing.labels, ing.annotations),
      spec: {
        ...(ing.ingressClassName ? { ingressClassName: ing.ingressClassName } : {}),
        ...(ing.defaultBackend ? { defaultBackend: backend(ing.defaultBackend) } : {}),
        rules: ing.rules.map((r) => ({
          ...(r.host ? { host: r.host } : {}),
          http: {
            paths: r.paths.map((p) => ({ path: p.path, pathType: "Prefix", backend: backend(p.backend) })),
          },
        })),
        tls: ing.tls.map((t) => ({ hosts: t.hosts, ...(t.secretName ? { secretName: t.secretName } : {}) })),
      },
      ...(ing.loadBalancer.length > 0 ? { status: { loadBalancer: { ingress: ing.loadBalancer } } } : {}),
    });
  }
  for (const np of s.networkPolicies) {
    const ingress = policyRules(np.ingress, "from");
    const egress = policyRules(np.egress, "to");
    add("networking.k8s.io/v1", "NetworkPolicy", {
      metadata: meta(np.name, np.namespace, np.labels),
      spec: {
        podSelector: selector(np.podSelector),
        ...(np.policyTypes ? { policyTypes: np.policyTypes } : {}),
        ...(ingress ? { ingress } : {}),
        ...(egress ? { egress } : {}),
      },
    });
  }
  for (const p of s.clusterNetworkPolicies) items.push(clusterPolicyToManifest(p));
  for (const r of s.roles) {
    add("rbac.authorization.k8s.io/v1", r.kind, {
      metadata: meta(r.name, r.namespace, r.labels, r.annotations),
      rules: r.rules.map((rule) => ({
        verbs: rule.verbs,
        ...(rule.apiGroups.length > 0 ? { apiGroups: rule.apiGroups } : {}),
        ...(rule.resources.length > 0 ? { resources: rule.resources } : {}),
        ...(rule.resourceNames.length > 0 ? { resourceNames: rule.resourceNames } : {}),
        ...(rule.nonResourceURLs.length > 0 ? { nonResourceURLs: rule.nonResourceURLs } : {}),
      })),
      ...(r.aggregationRule
        ? { aggregationRule: { clusterRoleSelectors: r.aggregationRule.clusterRoleSelectors.map(selector) } }
        : {}),
    });
  }
  for (const b of s.bindings) {
    add("rbac.authorization.k8s.io/v1", b.kind, {
      metadata: meta(b.name, b.namespace, b.labels, b.annotations),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", ...b.roleRef },
      subjects: b.subjects.map((x) => ({
        ...(x.kind === "ServiceAccount" ? {} : { apiGroup: "rbac.authorization.k8s.io" }),
        ...x,
      })),
    });
  }
  for (const cm of s.configMaps)
    add("v1", "ConfigMap", { metadata: meta(cm.name, cm.namespace), data: cm.certificates });
  for (const w of s.webhookConfigurations) {
    add("admissionregistration.k8s.io/v1", w.kind, {
      metadata: meta(w.name),
      webhooks: w.webhooks.map(({ name, ...cc }) => ({ name, clientConfig: clientConfig(cc) })),
    });
  }
  for (const a of s.apiServices) {
    add("apiregistration.k8s.io/v1", "APIService", {
      metadata: meta(a.name),
      spec: {
        group: a.group,
        version: a.version,
        insecureSkipTLSVerify: a.insecureSkipTLSVerify,
        ...(a.caBundle ? { caBundle: b64(a.caBundle) } : {}),
        ...(a.service ? { service: a.service } : {}),
      },
    });
  }
  for (const c of s.crds) {
    add("apiextensions.k8s.io/v1", "CustomResourceDefinition", {
      metadata: meta(c.name),
      spec: {
        group: c.group,
        names: { kind: c.kind },
        ...(c.conversionWebhook
          ? {
              conversion: {
                strategy: "Webhook",
                webhook: { clientConfig: clientConfig(c.conversionWebhook) },
              },
            }
          : {}),
      },
    });
  }
  for (const c of s.csrs) {
    add("certificates.k8s.io/v1", "CertificateSigningRequest", {
      metadata: meta(c.name),
      spec: {
        signerName: c.signerName,
        groups: c.groups,
        usages: c.usages,
        ...(c.username ? { username: c.username } : {}),
      },
      status: { conditions: c.conditions, ...(c.certificate ? { certificate: b64(c.certificate) } : {}) },
    });
  }
  for (const c of s.certManagerCertificates) {
    add("cert-manager.io/v1", "Certificate", {
      metadata: meta(c.name, c.namespace),
      spec: {
        secretName: c.secretName,
        dnsNames: c.dnsNames,
        issuerRef: c.issuerRef,
        ...(c.commonName ? { commonName: c.commonName } : {}),
      },
      status: {
        conditions: c.conditions,
        ...(c.notBefore ? { notBefore: c.notBefore } : {}),
        ...(c.notAfter ? { notAfter: c.notAfter } : {}),
        ...(c.renewalTime ? { renewalTime: c.renewalTime } : {}),
      },
    });
  }
  for (const c of s.certificateRequests) {
    add("cert-manager.io/v1", "CertificateRequest", {
      metadata: meta(c.name, c.namespace),
      status: {
        conditions: c.conditions,
        ...(c.certificate ? { certificate: b64(c.certificate) } : {}),
        ...(c.ca ? { ca: b64(c.ca) } : {}),
      },
    });
  }
  for (const sec of s.secrets) {
    // Key names only, with empty values; for TLS Secrets the certificates, never the key.
    const data: Record<string, string> = Object.fromEntries(sec.keys.map((k) => [k, ""]));
    if (sec.tls?.certificate) data["tls.crt"] = b64(sec.tls.certificate);
    if (sec.tls?.caCertificate) data["ca.crt"] = b64(sec.tls.caCertificate);
    const annotations = sec.serviceAccountName
      ? { "kubernetes.io/service-account.name": sec.serviceAccountName }
      : undefined;
    add("v1", "Secret", {
      metadata: meta(sec.name, sec.namespace, undefined, annotations),
      type: sec.type,
      data,
    });
  }
  for (const k of s.kubeconfigs) {
    items.push({
      apiVersion: "v1",
      kind: "Config",
      clusters: k.clusters.map((c) => ({
        name: c.name,
        cluster: {
          server: c.server,
          ...(c.certificateAuthority ? { "certificate-authority-data": b64(c.certificateAuthority) } : {}),
        },
      })),
      users: k.users.map((u) => ({
        name: u.name,
        user: u.clientCertificate ? { "client-certificate-data": b64(u.clientCertificate) } : {},
      })),
    });
  }
  // What the viewer could not see, so that the saved file says so when it is opened again.
  s.gaps.forEach((g, i) => items.push(accessGapToManifest(g, i)));
  return {
    apiVersion: "v1",
    kind: "List",
    metadata: { annotations: { "vigil.dev/source": s.source.name, "vigil.dev/taken-at": s.source.takenAt } },
    items,
  };
}
