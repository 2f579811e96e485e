import type { AdminClient, ApiAnswer } from "@/dev/cluster/admin-client";
import { createOrReplace, networkPolicyApiCrds } from "@/dev/cluster/seed";
import { knpSelectedIps } from "@/dev/dataplane/host-network";
import { NODE_NAME, SENTINEL_HOST, TIER_KINDS, type Scenario, type Subnet } from "@/dev/dataplane/scenario";
import type { RawObject } from "@/lib/sources/live/read-objects";
import type { RawInput } from "@/lib/model/build-snapshot";

// A scenario's objects in the API server, created and removed by the harness admin; and the objects read
// back as the API server stores them (defaults applied), which is exactly what Vigil is given.

const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
export const SENTINEL_NAMESPACE = "vigil-dataplane-sentinel";

function fail(what: string, answer: ApiAnswer): never {
  throw new Error(`${what}: HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const ORDER = ["Namespace", "Pod", "NetworkPolicy", ...TIER_KINDS];
const TIERS_API = "/apis/policy.networking.k8s.io/v1alpha1";

/**
 * The sentinel: a pod created after every pod of the scenario and a policy selecting it created after every
 * policy. kube-network-policies puts the pod's IP in its set only once its pod and policy informers have
 * delivered both, and informers deliver in order: then it has seen the whole scenario.
 */
function sentinel(net: Subnet): RawObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { namespace: SENTINEL_NAMESPACE, name: "sentinel", labels: { sentinel: "yes" } },
      spec: { nodeName: NODE_NAME, containers: [{ name: "c", image: "example/sentinel:1" }] },
      status: { phase: "Running", podIPs: [{ ip: net.ip(SENTINEL_HOST) }] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { namespace: SENTINEL_NAMESPACE, name: "sentinel" },
      spec: { podSelector: { matchLabels: { sentinel: "yes" } }, policyTypes: ["Ingress"] },
    },
  ];
}

/**
 * Creates the scenario's objects. With `waitForKnp`, waits until the running kube-network-policies has taken
 * them all up; without, the caller starts kube-network-policies afterwards (the policy tiers).
 */
export async function applyScenario(
  client: AdminClient,
  scenario: Scenario,
  net: Subnet,
  waitForKnp = true,
): Promise<void> {
  if (!waitForKnp) {
    for (const kind of ORDER)
      for (const o of scenario.objects.filter((x) => x["kind"] === kind)) await createOrReplace(client, o);
    return;
  }
  await createOrReplace(client, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: SENTINEL_NAMESPACE },
  });
  const [pod, policy] = sentinel(net);
  for (const kind of ORDER) {
    for (const o of scenario.objects.filter((x) => x["kind"] === kind)) await createOrReplace(client, o);
    if (kind === "Pod" && pod) await createOrReplace(client, pod);
  }
  if (policy) await createOrReplace(client, policy);
  const deadline = Date.now() + 30_000;
  while (!knpSelectedIps().has(net.ip(SENTINEL_HOST))) {
    if (Date.now() > deadline)
      throw new Error(`kube-network-policies did not take up "${scenario.name}" within 30 s`);
    await delay(50);
  }
}

/** The network-policy-api CRDs (dev/cluster/crds), served before the first scenario. */
export async function installTierCrds(client: AdminClient): Promise<void> {
  for (const crd of networkPolicyApiCrds()) await createOrReplace(client, crd);
  const deadline = Date.now() + 30_000;
  for (const resource of ["adminnetworkpolicies", "baselineadminnetworkpolicies"]) {
    while ((await client.request("GET", `${TIERS_API}/${resource}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${TIERS_API}/${resource} was not served within 30 s`);
      await delay(100);
    }
  }
}

async function list(
  client: AdminClient,
  path: string,
  apiVersion: string,
  kind: string,
): Promise<RawObject[]> {
  const answer = await client.request("GET", path);
  if (answer.status !== 200) fail(`listing ${path}`, answer);
  return (answer.body as { items: RawObject[] }).items.map((o) => ({ apiVersion, kind, ...o }));
}

/** Namespaces, Pods, NetworkPolicies and the v1alpha1 policy tiers as the API server holds them. */
export async function readBack(client: AdminClient): Promise<RawInput[]> {
  const tierVersion = "policy.networking.k8s.io/v1alpha1";
  const objects = [
    ...(await list(client, "/api/v1/namespaces", "v1", "Namespace")),
    ...(await list(client, "/api/v1/pods", "v1", "Pod")),
    ...(await list(
      client,
      "/apis/networking.k8s.io/v1/networkpolicies",
      "networking.k8s.io/v1",
      "NetworkPolicy",
    )),
    ...(await list(client, `${TIERS_API}/adminnetworkpolicies`, tierVersion, "AdminNetworkPolicy")),
    ...(await list(
      client,
      `${TIERS_API}/baselineadminnetworkpolicies`,
      tierVersion,
      "BaselineAdminNetworkPolicy",
    )),
  ];
  return objects.map((object, i) => ({ object, origin: { document: i + 1 } }));
}

/** Removes the scenario's objects. Without a kubelet or a namespace controller, the harness does their part. */
export async function clearScenario(client: AdminClient, scenario: Scenario): Promise<void> {
  for (const path of [`${TIERS_API}/adminnetworkpolicies`, `${TIERS_API}/baselineadminnetworkpolicies`]) {
    const answer = await client.request("DELETE", path);
    if (answer.status !== 200) fail(`deleting ${path}`, answer);
  }
  const namespaces = new Set<string>([SENTINEL_NAMESPACE]);
  for (const o of scenario.objects) {
    const m = o["metadata"] as { name: string; namespace?: string };
    namespaces.add(o["kind"] === "Namespace" ? m.name : (m.namespace ?? ""));
  }
  for (const ns of namespaces) {
    if (!ns) continue;
    for (const path of [
      `/api/v1/namespaces/${ns}/pods?gracePeriodSeconds=0`,
      `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`,
    ]) {
      const answer = await client.request("DELETE", path);
      if (answer.status !== 200 && answer.status !== 404) fail(`deleting ${path}`, answer);
    }
  }
  for (const ns of namespaces) {
    if (!ns || SYSTEM_NAMESPACES.has(ns) || ns === SENTINEL_NAMESPACE) continue;
    const del = await client.request("DELETE", `/api/v1/namespaces/${ns}`);
    if (del.status === 404) continue;
    if (del.status !== 200 && del.status !== 202) fail(`deleting namespace ${ns}`, del);
    const current = await client.request("GET", `/api/v1/namespaces/${ns}`);
    if (current.status === 200) {
      const body = current.body as RawObject;
      const fin = await client.request("PUT", `/api/v1/namespaces/${ns}/finalize`, {
        ...body,
        spec: { finalizers: [] },
      });
      if (fin.status !== 200 && fin.status !== 404) fail(`finalizing namespace ${ns}`, fin);
    }
    const deadline = Date.now() + 30_000;
    while ((await client.request("GET", `/api/v1/namespaces/${ns}`)).status !== 404) {
      if (Date.now() > deadline) throw new Error(`namespace ${ns} was not removed within 30 s`);
      await delay(50);
    }
  }
}
