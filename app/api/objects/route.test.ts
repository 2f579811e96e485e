import { beforeAll, describe, expect, it, vi } from "vitest";
import { createRoute } from "@/lib/http/create-route";
import { gateSnapshot } from "@/lib/gating/gate-snapshot";
import { rbacDecide } from "@/lib/gating/rbac-decide";
import type { Snapshot } from "@/lib/model/types";
import { objectToYaml } from "@/lib/sources/object-yaml";
import { loadDemoSnapshot } from "@/lib/sources/demo-source";
import { objectPath, READ_KINDS, TLS_SECRETS } from "@/lib/sources/live/read-kinds";

// GET /api/objects through the real route wrapper, in snapshot mode: the demo gated for a viewer by Vigil's RBAC
// engine, exactly as lib/sources/load-viewer-snapshot.ts gates it (token and serviceaccount modes ask the API
// server; the e2e and integration suites cover the session).

let demo: Snapshot;
let viewer: { name: string; groups: string[] };
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/read-session", () => ({ readSessionToken: async () => null }));
vi.mock("@/lib/sources/viewer-context", () => ({
  getViewerContext: async () => ({
    viewer,
    mode: "snapshot",
    snapshot: gateSnapshot(demo, rbacDecide(demo, viewer)),
    memo: <T>(_name: string, compute: () => T): T => compute(),
    now: new Date(),
  }),
}));
vi.mock("@/lib/http/route", () => ({
  route: createRoute({
    readViewer: async () => viewer,
    audit: () => undefined,
    clock: () => 0,
    logError: () => undefined,
  }),
}));

beforeAll(async () => {
  demo = await loadDemoSnapshot(new Date());
});

async function get(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const { GET } = await import("@/app/api/objects/route");
  const response = await GET(new Request(`http://localhost/api/objects?${query}`));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const bob = { name: "bob", groups: ["security-reviewers"] };
const alice = { name: "alice", groups: ["team-frontend"] };

describe("GET /api/objects", () => {
  it("shows a ClusterRole and a NetworkPolicy the viewer may read, as YAML", async () => {
    viewer = bob;
    const role = await get("kind=ClusterRole&name=vigil-reviewer");
    expect(role.status).toBe(200);
    expect(role.body).toMatchObject({ kind: "ClusterRole", name: "vigil-reviewer", from: "snapshot" });
    expect(role.body["yaml"]).toMatch(/^apiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: ClusterRole\n/);
    expect(role.body["yaml"]).toContain("rules:");
    const policy = await get("kind=NetworkPolicy&ns=shop&name=my-app-network-policy");
    expect(policy.status).toBe(200);
    expect(policy.body["yaml"]).toContain("namespace: shop");
    expect(policy.body["yaml"]).toContain("app: my-app");
    const binding = await get("kind=RoleBinding&ns=shop&name=ci-deployer");
    expect(binding.body["yaml"]).toContain("roleRef:");
  });

  it("says so, with 403, when the viewer may not read that kind there", async () => {
    viewer = alice;
    // The view ClusterRole bound in g04 reads NetworkPolicies, never RBAC objects.
    const policy = await get("kind=NetworkPolicy&ns=g04&name=backend-ingress");
    expect(policy.status).toBe(200);
    const binding = await get("kind=RoleBinding&ns=g04&name=team-frontend-view");
    expect(binding.status).toBe(403);
    expect(binding.body).toEqual({
      error: {
        code: "forbidden",
        message: expect.stringMatching(
          /^You may not read RoleBinding g04\/team-frontend-view: you may not list/,
        ),
      },
    });
    expect(JSON.stringify(binding.body)).not.toContain("roleRef");
  });

  it("answers 404 for an object that is not there", async () => {
    viewer = bob;
    const missing = await get("kind=ClusterRole&name=no-such-role");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "not-found" } });
  });

  it("refuses Secrets and every kind that is not a policy, role or binding, and a namespace on a cluster kind", async () => {
    viewer = bob;
    for (const kind of ["Secret", "ConfigMap", "Pod", "secrets", ""]) {
      const answer = await get(`kind=${kind}&ns=kube-system&name=x`);
      expect(answer.status, kind).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: "bad-input" } });
    }
    expect((await get("kind=ClusterRole&ns=shop&name=view")).status).toBe(400);
    expect((await get("kind=Role&name=view")).status).toBe(400);
    expect((await get("kind=Role&ns=Not_A_Namespace&name=x")).status).toBe(400);
  });

  it("is read-only", async () => {
    const { POST, DELETE } = await import("@/app/api/objects/route");
    const url = "http://localhost/api/objects?kind=Role&ns=shop&name=x";
    expect((await POST(new Request(url, { method: "POST" }))).status).toBe(405);
    expect((await DELETE(new Request(url, { method: "DELETE" }))).status).toBe(405);
  });
});

describe("the YAML of one object", () => {
  it("drops metadata.managedFields and keeps everything else", () => {
    const yaml = objectToYaml({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "r", namespace: "n", managedFields: [{ manager: "kubectl" }], uid: "u" },
      rules: [],
    });
    expect(yaml).not.toContain("managedFields");
    expect(yaml).not.toContain("kubectl");
    expect(yaml).toContain("uid: u");
  });

  it("is read from the API server by one allowlisted path, never a Secret's", () => {
    const role = READ_KINDS.find((k) => k.kind === "Role");
    if (!role) throw new Error("Role is allowlisted");
    expect(objectPath(role, "shop", "system:deployer")).toBe(
      "/apis/rbac.authorization.k8s.io/v1/namespaces/shop/roles/system%3Adeployer",
    );
    expect(() => objectPath(TLS_SECRETS, "shop", "tls")).toThrow(/Secrets/);
    expect(() => objectPath(role, "shop", "../secrets/x")).toThrow(/not an object name/);
    expect(() => objectPath(role, undefined, "x")).toThrow();
  });
});
