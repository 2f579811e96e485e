import type {
  Ingress,
  IngressBackend,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  Service,
  ServiceType,
} from "@/lib/model/types";
import { readProtocol, readSelector, type Meta } from "@/lib/model/map-common";
import type { FieldReader, JsonObject } from "@/lib/model/read-fields";

// Services, Ingresses and NetworkPolicies. NetworkPolicy fields keep the difference between "absent" and
// "empty" wherever docs/semantics.md §1 gives it a meaning (rules 3, 6, 8); forms the API server would reject
// (rule 21) are kept as written so the engine can report them as NET-005 instead of guessing.

const SERVICE_TYPES: readonly ServiceType[] = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

export function readService(obj: JsonObject, meta: Meta, namespace: string, r: FieldReader): Service {
  const spec = r.object(obj["spec"], "spec");
  const rawType = r.string(spec?.["type"], "spec.type") ?? "ClusterIP";
  if (!SERVICE_TYPES.includes(rawType as ServiceType))
    r.warn("spec.type", `"${rawType}" is not a Service type; read as ClusterIP`);
  const type = SERVICE_TYPES.includes(rawType as ServiceType) ? (rawType as ServiceType) : "ClusterIP";
  const ports = (r.list(spec?.["ports"], "spec.ports") ?? []).flatMap((p, i) => {
    const path = `spec.ports[${i}]`;
    const po = r.object(p, path);
    const port = r.int(po?.["port"], `${path}.port`);
    if (port === undefined) return [];
    const name = r.string(po?.["name"], `${path}.name`);
    const nodePort = r.int(po?.["nodePort"], `${path}.nodePort`);
    return [
      {
        protocol: readProtocol(po?.["protocol"], `${path}.protocol`, r),
        port,
        targetPort: r.intOrString(po?.["targetPort"], `${path}.targetPort`) ?? port,
        ...(name ? { name } : {}),
        ...(nodePort !== undefined ? { nodePort } : {}),
      },
    ];
  });
  const selector =
    spec?.["selector"] === undefined || spec["selector"] === null
      ? undefined
      : r.stringMap(spec["selector"], "spec.selector");
  const clusterIPs = r.strings(spec?.["clusterIPs"], "spec.clusterIPs");
  const clusterIP = r.string(spec?.["clusterIP"], "spec.clusterIP");
  if (clusterIP && clusterIP !== "None" && !clusterIPs.includes(clusterIP)) clusterIPs.unshift(clusterIP);
  return {
    namespace,
    name: meta.name,
    labels: meta.labels,
    type,
    ports,
    clusterIPs,
    externalIPs: r.strings(spec?.["externalIPs"], "spec.externalIPs"),
    loadBalancerSourceRanges: r.strings(spec?.["loadBalancerSourceRanges"], "spec.loadBalancerSourceRanges"),
    ...(selector ? { selector } : {}),
  };
}

function readBackend(v: unknown, path: string, r: FieldReader): IngressBackend | undefined {
  const backend = r.object(v, path);
  if (!backend) return undefined;
  // networking.k8s.io/v1 form, and the older serviceName/servicePort of v1beta1 still found in repositories.
  const service = r.object(backend["service"], `${path}.service`);
  if (service) {
    const name = r.string(service["name"], `${path}.service.name`);
    const port = r.object(service["port"], `${path}.service.port`);
    const servicePort =
      r.int(port?.["number"], `${path}.service.port.number`) ??
      r.string(port?.["name"], `${path}.service.port.name`);
    return name ? { serviceName: name, ...(servicePort !== undefined ? { servicePort } : {}) } : undefined;
  }
  const serviceName = r.string(backend["serviceName"], `${path}.serviceName`);
  const servicePort = r.intOrString(backend["servicePort"], `${path}.servicePort`);
  return serviceName ? { serviceName, ...(servicePort !== undefined ? { servicePort } : {}) } : undefined;
}

export function readIngress(obj: JsonObject, meta: Meta, namespace: string, r: FieldReader): Ingress {
  const spec = r.object(obj["spec"], "spec");
  const rules = (r.list(spec?.["rules"], "spec.rules") ?? []).flatMap((rule, i) => {
    const path = `spec.rules[${i}]`;
    const ro = r.object(rule, path);
    if (!ro) return [];
    const host = r.string(ro["host"], `${path}.host`);
    const http = r.object(ro["http"], `${path}.http`);
    const paths = (r.list(http?.["paths"], `${path}.http.paths`) ?? []).flatMap((p, j) => {
      const pp = `${path}.http.paths[${j}]`;
      const po = r.object(p, pp);
      const backend = readBackend(po?.["backend"], `${pp}.backend`, r);
      return backend ? [{ path: r.string(po?.["path"], `${pp}.path`) ?? "/", backend }] : [];
    });
    return [{ paths, ...(host ? { host } : {}) }];
  });
  const tls = (r.list(spec?.["tls"], "spec.tls") ?? []).flatMap((t, i) => {
    const to = r.object(t, `spec.tls[${i}]`);
    if (!to) return [];
    const secretName = r.string(to["secretName"], `spec.tls[${i}].secretName`);
    return [{ hosts: r.strings(to["hosts"], `spec.tls[${i}].hosts`), ...(secretName ? { secretName } : {}) }];
  });
  const defaultBackend = readBackend(spec?.["defaultBackend"] ?? spec?.["backend"], "spec.defaultBackend", r);
  const status = r.object(r.object(obj["status"], "status")?.["loadBalancer"], "status.loadBalancer");
  const loadBalancer = (r.list(status?.["ingress"], "status.loadBalancer.ingress") ?? []).flatMap((e, i) => {
    const path = `status.loadBalancer.ingress[${i}]`;
    const entry = r.object(e, path);
    const ip = r.string(entry?.["ip"], `${path}.ip`);
    const hostname = r.string(entry?.["hostname"], `${path}.hostname`);
    return ip || hostname ? [{ ...(ip ? { ip } : {}), ...(hostname ? { hostname } : {}) }] : [];
  });
  const ingressClassName =
    r.string(spec?.["ingressClassName"], "spec.ingressClassName") ??
    meta.annotations["kubernetes.io/ingress.class"];
  return {
    namespace,
    name: meta.name,
    labels: meta.labels,
    annotations: meta.annotations,
    rules,
    tls,
    loadBalancer,
    ...(defaultBackend ? { defaultBackend } : {}),
    ...(ingressClassName ? { ingressClassName } : {}),
  };
}

function readPeers(v: unknown, path: string, r: FieldReader): NetworkPolicyPeer[] | undefined {
  const items = r.list(v, path);
  if (!items) return undefined;
  return items.map((item, i) => {
    const p = `${path}[${i}]`;
    const peer = r.object(item, p) ?? {};
    const out: NetworkPolicyPeer = {};
    if (peer["podSelector"] !== undefined && peer["podSelector"] !== null)
      out.podSelector = readSelector(peer["podSelector"], `${p}.podSelector`, r);
    if (peer["namespaceSelector"] !== undefined && peer["namespaceSelector"] !== null) {
      out.namespaceSelector = readSelector(peer["namespaceSelector"], `${p}.namespaceSelector`, r);
    }
    const ipBlock = r.object(peer["ipBlock"], `${p}.ipBlock`);
    if (ipBlock)
      out.ipBlock = {
        cidr: r.string(ipBlock["cidr"], `${p}.ipBlock.cidr`) ?? "",
        except: r.strings(ipBlock["except"], `${p}.ipBlock.except`),
      };
    return out;
  });
}

function readPorts(v: unknown, path: string, r: FieldReader): NetworkPolicyPort[] | undefined {
  const items = r.list(v, path);
  if (!items) return undefined;
  return items.map((item, i) => {
    const p = `${path}[${i}]`;
    const port = r.object(item, p) ?? {};
    const out: NetworkPolicyPort = {};
    const protocol = r.string(port["protocol"], `${p}.protocol`);
    const number = r.intOrString(port["port"], `${p}.port`);
    const endPort = r.int(port["endPort"], `${p}.endPort`);
    if (protocol !== undefined) out.protocol = protocol;
    if (number !== undefined) out.port = number;
    if (endPort !== undefined) out.endPort = endPort;
    return out;
  });
}

function readRules(
  v: unknown,
  path: string,
  peersKey: "from" | "to",
  r: FieldReader,
): NetworkPolicyRule[] | undefined {
  const items = r.list(v, path);
  if (!items) return undefined;
  return items.map((item, i) => {
    const rule = r.object(item, `${path}[${i}]`) ?? {};
    const out: NetworkPolicyRule = {};
    const peers = readPeers(rule[peersKey], `${path}[${i}].${peersKey}`, r);
    const ports = readPorts(rule["ports"], `${path}[${i}].ports`, r);
    if (peers) out.peers = peers;
    if (ports) out.ports = ports;
    return out;
  });
}

export function readNetworkPolicy(
  obj: JsonObject,
  meta: Meta,
  namespace: string,
  r: FieldReader,
): NetworkPolicy {
  const spec = r.object(obj["spec"], "spec");
  const policy: NetworkPolicy = {
    namespace,
    name: meta.name,
    labels: meta.labels,
    podSelector: readSelector(spec?.["podSelector"], "spec.podSelector", r),
  };
  const types =
    spec?.["policyTypes"] === undefined || spec["policyTypes"] === null
      ? undefined
      : r.strings(spec["policyTypes"], "spec.policyTypes");
  // Kept as written, invalid values included: the engine reports such a policy (NET-005) instead of evaluating it.
  if (types) policy.policyTypes = types;
  const ingress = readRules(spec?.["ingress"], "spec.ingress", "from", r);
  const egress = readRules(spec?.["egress"], "spec.egress", "to", r);
  if (ingress) policy.ingress = ingress;
  if (egress) policy.egress = egress;
  return policy;
}
