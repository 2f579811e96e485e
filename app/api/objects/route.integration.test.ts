import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { paths } from "@/dev/cluster/config";
import { idTokenOf, requireControlPlane } from "@/dev/cluster/live-testing";
import { createRoute } from "@/lib/http/create-route";
import { emptySnapshot } from "@/lib/model/types";
import type { AccessMode } from "@/lib/sources/access-modes";
import { requestSuggestions } from "@/lib/sources/request-suggestions";
import { KNOWN_RESOURCES } from "@/lib/rbac/request-suggestions";

// GET /api/objects (the read-only YAML view) through the real route on the local control plane seeded with the
// demo, in both live modes: token mode sends alice's real ID token (the API server's RBAC decides), serviceaccount
// mode asks a SubjectAccessReview about her, then reads with Vigil's identity. And the who-can form's
// suggestions, read from the cluster's discovery in both modes. The session is the one thing replaced: the
// e2e suite signs in for real.

type User = "alice" | "bob" | "carol";
const VIEWERS: Record<User, { name: string; groups: string[] }> = {
  alice: { name: "alice@example.com", groups: ["team-frontend"] },
  bob: { name: "bob@example.com", groups: ["security-reviewers"] },
  carol: { name: "carol@example.com", groups: [] },
};
let mode: AccessMode = "token";
let user: User = "alice";
const saved = process.env.VIGIL_KUBECONFIG;

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/read-session", () => ({
  readSessionToken: async () => ({ idToken: await idTokenOf(user) }),
}));
vi.mock("@/lib/sources/viewer-context", () => ({
  getViewerContext: async () => ({
    viewer: VIEWERS[user],
    mode,
    snapshot: emptySnapshot(),
    memo: <T>(_name: string, compute: () => T): T => compute(),
    now: new Date(),
  }),
}));
vi.mock("@/lib/http/route", () => ({
  route: createRoute({
    readViewer: async () => VIEWERS[user],
    audit: () => undefined,
    clock: () => 0,
    logError: (message: string) => console.error(message),
  }),
}));

beforeAll(() => requireControlPlane());
afterAll(() => {
  if (saved === undefined) delete process.env.VIGIL_KUBECONFIG;
  else process.env.VIGIL_KUBECONFIG = saved;
});

function as(m: "token" | "serviceaccount", who: User): void {
  mode = m;
  user = who;
  // Token mode reaches the API server with no credential of its own; serviceaccount mode as vigil/vigil.
  process.env.VIGIL_KUBECONFIG = m === "token" ? paths.anonymousKubeconfig : paths.vigilKubeconfig;
}

async function get(query: string): Promise<{ status: number; text: string }> {
  const { GET } = await import("@/app/api/objects/route");
  const response = await GET(new Request(`http://localhost/api/objects?${query}`));
  return { status: response.status, text: await response.text() };
}

describe.each(["token", "serviceaccount"] as const)("GET /api/objects in %s mode", (m) => {
  it("shows alice a NetworkPolicy of g04, which she may read, as YAML read from the cluster", async () => {
    as(m, "alice");
    const policy = await get("kind=NetworkPolicy&ns=g04&name=backend-ingress");
    expect(policy.status).toBe(200);
    const body = JSON.parse(policy.text) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: "NetworkPolicy", namespace: "g04", name: "backend-ingress" });
    expect(body["from"]).toBe("cluster");
    expect(body["yaml"]).toContain("kind: NetworkPolicy");
    expect(body["yaml"]).toContain("name: backend-ingress");
    expect(body["yaml"]).not.toContain("managedFields");
  });

  it("tells alice that a RoleBinding of g04 is forbidden, and carol that a ClusterRole is, with nothing of them", async () => {
    as(m, "alice");
    const binding = await get("kind=RoleBinding&ns=g04&name=team-frontend-view");
    expect(binding.status).toBe(403);
    expect(binding.text).toContain("You may not read RoleBinding g04/team-frontend-view");
    expect(binding.text).not.toContain("roleRef");
    as(m, "carol");
    const role = await get("kind=ClusterRole&name=vigil-reviewer");
    expect(role.status).toBe(403);
    expect(role.text).not.toContain("rules");
  });

  it("refuses a Secret before asking anything, whoever asks", async () => {
    as(m, "bob");
    const secret = await get("kind=Secret&ns=kube-system&name=bootstrap-token-abcdef");
    expect(secret.status).toBe(400);
    expect(JSON.parse(secret.text)).toMatchObject({ error: { code: "bad-input" } });
    expect(secret.text).not.toContain("data");
  });
});

describe("the who-can form's suggestions from discovery", () => {
  it.each(["token", "serviceaccount"] as const)(
    "in %s mode: the cluster's own resources and verbs, beyond the known list",
    async (m) => {
      as(m, "carol");
      const s = await requestSuggestions(m, emptySnapshot(), m === "token" ? await idTokenOf("carol") : "");
      expect(s.source).toBe("discovery");
      // Served by the API server (and the demo's CRDs), not in the fallback list Vigil carries.
      expect(s.resources).toEqual(
        expect.arrayContaining(["pods", "pods/exec", "networkpolicies", "clusterroles", "leases"]),
      );
      expect(KNOWN_RESOURCES).not.toContain("leases");
      expect(s.verbs).toEqual(expect.arrayContaining(["get", "list", "watch", "create", "delete"]));
    },
  );
});
