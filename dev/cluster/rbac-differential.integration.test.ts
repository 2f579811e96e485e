import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type AdminClient } from "@/dev/cluster/admin-client";
import { kubeConfigOf, readLiveSnapshot, requireControlPlane } from "@/dev/cluster/live-testing";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import type { Snapshot } from "@/lib/model/types";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import type { AccessRequest, UserInfo } from "@/lib/rbac/types";
import { userInfoFor } from "@/lib/rbac/user-info";

// Differential test of the RBAC engine (docs/semantics.md §2) against the real API server's authorizer: for every
// subject of fixtures/demo and a broad grid of requests, `can` on the live cluster's roles and bindings must
// give the answer of a SubjectAccessReview (created by the harness admin) for the same user and groups.

let client: AdminClient;
let live: Snapshot;
let demo: Snapshot;

beforeAll(async () => {
  requireControlPlane();
  client = adminClient();
  live = (await readLiveSnapshot({ kubeConfig: kubeConfigOf("admin") })).snapshot;
  demo = await loadDemoSnapshot(new Date("2026-11-23T00:00:00.000Z"));
});

afterAll(() => client?.close());

/** Every identity the demo names: binding subjects, ServiceAccounts, the demo users, a node and anonymous. */
function demoIdentities(): UserInfo[] {
  const users = new Map<string, UserInfo>();
  const add = (u: UserInfo) => users.set(`${u.name}|${[...u.groups].sort().join(",")}`, u);
  for (const binding of demo.bindings) {
    for (const s of binding.subjects) {
      if (s.kind === "User") add(userInfoFor(s.name));
      else if (s.kind === "ServiceAccount") {
        add(userInfoFor(`system:serviceaccount:${s.namespace ?? binding.namespace ?? "default"}:${s.name}`));
      } else if (s.name === "system:unauthenticated") add(userInfoFor("system:anonymous"));
      else add(userInfoFor(`member-of-${s.name}`, [s.name]));
    }
  }
  for (const sa of demo.serviceAccounts) add(userInfoFor(`system:serviceaccount:${sa.namespace}:${sa.name}`));
  add(userInfoFor("alice@example.com", ["team-frontend"]));
  add(userInfoFor("bob@example.com", ["security-reviewers"]));
  add(userInfoFor("carol@example.com"));
  add(userInfoFor("system:anonymous"));
  add(userInfoFor("system:node:demo-node-1", ["system:nodes"]));
  return [...users.values()];
}

const RESOURCES: readonly [group: string, resource: string, subresource?: string][] = [
  ["", "pods"],
  ["", "pods", "exec"],
  ["", "pods", "log"],
  ["", "pods", "status"],
  ["", "pods", "ephemeralcontainers"],
  ["", "secrets"],
  ["", "configmaps"],
  ["", "services"],
  ["", "serviceaccounts"],
  ["", "serviceaccounts", "token"],
  ["", "namespaces"],
  ["", "nodes"],
  ["", "nodes", "proxy"],
  ["", "persistentvolumes"],
  ["apps", "deployments"],
  ["apps", "replicasets"],
  ["batch", "jobs"],
  ["networking.k8s.io", "networkpolicies"],
  ["rbac.authorization.k8s.io", "roles"],
  ["rbac.authorization.k8s.io", "clusterroles"],
  ["rbac.authorization.k8s.io", "rolebindings"],
  ["certificates.k8s.io", "certificatesigningrequests", "approval"],
  ["apiextensions.k8s.io", "customresourcedefinitions"],
  ["cert-manager.io", "certificates"],
];
const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const SPECIAL: readonly [verb: string, group: string, resource: string][] = [
  ["escalate", "rbac.authorization.k8s.io", "clusterroles"],
  ["bind", "rbac.authorization.k8s.io", "roles"],
  ["impersonate", "", "users"],
  ["impersonate", "", "serviceaccounts"],
];
// Cluster scope, and the namespaces where the demo binds something (g04, t75, shop, kube-system).
const NAMESPACES = [undefined, "g04", "t75", "shop", "kube-system"];
const NON_RESOURCE = ["/healthz", "/healthz/etcd", "/api", "/apis/apps", "/version", "/metrics", "/logs/x"];

/** The request grid: resource requests (named and not, as the verb allows) and non-resource URLs. */
function requests(): AccessRequest[] {
  const out: AccessRequest[] = [];
  for (const namespace of NAMESPACES) {
    for (const [apiGroup, resource, subresource] of RESOURCES) {
      for (const verb of VERBS) {
        const base: AccessRequest = { verb, apiGroup, resource, ...(subresource ? { subresource } : {}) };
        const ns = namespace === undefined ? {} : { namespace };
        if (resource === "namespaces" && namespace !== undefined) {
          // What the API server asks for GET /api/v1/namespaces/NS: namespace NS, name NS.
          out.push({ ...base, namespace, name: namespace });
          continue;
        }
        out.push({ ...base, ...ns });
        if (verb === "get" || verb === "delete") out.push({ ...base, ...ns, name: "web" });
      }
    }
    for (const [verb, apiGroup, resource] of SPECIAL) {
      out.push({ verb, apiGroup, resource, ...(namespace === undefined ? {} : { namespace }) });
    }
  }
  for (const url of NON_RESOURCE) {
    for (const verb of ["get", "post"]) out.push({ verb, apiGroup: "", nonResourceURL: url });
  }
  return out;
}

async function subjectAccessReview(user: UserInfo, r: AccessRequest): Promise<boolean> {
  const spec = {
    user: user.name,
    groups: user.groups,
    ...(r.nonResourceURL !== undefined
      ? { nonResourceAttributes: { path: r.nonResourceURL, verb: r.verb } }
      : {
          resourceAttributes: {
            verb: r.verb,
            group: r.apiGroup,
            resource: r.resource,
            ...(r.subresource ? { subresource: r.subresource } : {}),
            ...(r.namespace ? { namespace: r.namespace } : {}),
            ...(r.name ? { name: r.name } : {}),
          },
        }),
  };
  const answer = await client.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec,
  });
  if (answer.status !== 201 && answer.status !== 200) {
    throw new Error(`SubjectAccessReview failed: HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
  }
  return (answer.body as { status?: { allowed?: boolean } }).status?.allowed === true;
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    }),
  );
}

describe("the RBAC engine against the API server's SubjectAccessReview", () => {
  it("agrees on every demo subject and every request of the grid", async () => {
    const index = buildRbacIndex(live);
    const identities = demoIdentities();
    const grid = requests();
    const cases = identities.flatMap((user) => grid.map((request) => ({ user, request })));
    let compared = 0;
    let indeterminate = 0;
    let allowed = 0;
    const disagreements: string[] = [];
    await pool(cases, 16, async ({ user, request }) => {
      const engine = can(index, user, request);
      const server = await subjectAccessReview(user, request);
      if (engine.decision === "indeterminate") {
        indeterminate++;
        return;
      }
      compared++;
      if (server) allowed++;
      if ((engine.decision === "allow") !== server) {
        disagreements.push(
          `${user.name} [${user.groups.join(",")}] ${JSON.stringify(request)}: engine ${engine.decision}, API server ${server ? "allow" : "deny"}`,
        );
      }
    });
    console.log(
      `RBAC differential: ${identities.length} identities x ${grid.length} requests: ${compared} compared ` +
        `(${allowed} allowed by the API server), ${indeterminate} left to the Node authorizer, ` +
        `${disagreements.length} disagreements`,
    );
    for (const d of disagreements.slice(0, 30)) console.log(`  disagreement: ${d}`);
    expect(identities.length).toBeGreaterThanOrEqual(15);
    // The grid really exercises both answers.
    expect(allowed).toBeGreaterThan(compared / 20);
    expect(allowed).toBeLessThan(compared);
    expect(disagreements).toEqual([]);
    // Tens of thousands of SubjectAccessReviews: minutes on a busy 2-core machine.
  }, 900_000);
});
