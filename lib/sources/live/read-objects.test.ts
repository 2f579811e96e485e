import { readFileSync, mkdtempSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import fc from "fast-check";
import { ensureCa, ensureLeaf } from "@/dev/pki";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POLICY_KINDS } from "@/lib/sources/live/policy-kinds";
import { READ_KINDS, listPath, objectPath } from "@/lib/sources/live/read-kinds";
import { configuredNamespaces, readObjects, type ReadOptions } from "@/lib/sources/live/read-objects";

// A fake API server on 127.0.0.1 that records every request and answers from a table the test sets.
interface Seen {
  method: string;
  path: string;
  authorization?: string;
  impersonate?: string;
}

type Handler = (path: string, query: URLSearchParams) => { status: number; body?: unknown };

let server: https.Server;
let caData = "";
let url = "";
let seen: Seen[] = [];
let handler: Handler = () => ({ status: 200, body: { items: [] } });

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-read-objects-"));
  const ca = ensureCa(dir);
  const leaf = ensureLeaf(dir, "server", ca, {
    commonName: "fake-apiserver",
    ipAddresses: ["127.0.0.1"],
    usage: "server",
  });
  caData = readFileSync(ca.cert).toString("base64");
  const tls = { cert: readFileSync(leaf.cert), key: readFileSync(leaf.key) };
  server = https.createServer(tls, (req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    seen.push({
      method: req.method ?? "",
      path: u.pathname,
      authorization: req.headers.authorization,
      impersonate: req.headers["impersonate-user"] as string | undefined,
    });
    const answer = handler(u.pathname, u.searchParams);
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body ?? { kind: "Status", code: answer.status }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  handler = () => ({ status: 200, body: { items: [] } });
});

function kubeConfig(user: Record<string, unknown> = { name: "u", token: "sa-token" }): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: url, caData }],
    users: [user],
    contexts: [{ name: "ctx", cluster: "c", user: user["name"] }],
    currentContext: "ctx",
  });
  return kc;
}

function read(extra: Partial<ReadOptions> = {}) {
  return readObjects({ kubeConfig: kubeConfig(), timeoutMs: 2000, ...extra });
}

function item(name: string, namespace?: string, more: Record<string, unknown> = {}) {
  return { metadata: { name, ...(namespace ? { namespace } : {}) }, ...more };
}

const ALLOWED_PATH = new RegExp(
  "^/(api/v1|apis/[a-z0-9.-]+/v[0-9a-z]+)(/namespaces/[a-z0-9-]+)?/(" +
    [...READ_KINDS.map((k) => k.resource), "secrets"].join("|") +
    ")$",
);

describe("readObjects", () => {
  it("sends only GET requests, and only to list URLs of allowlisted kinds", async () => {
    handler = (path) =>
      path.endsWith("/networkpolicies") && !path.includes("/namespaces/")
        ? { status: 403 }
        : path === "/api/v1/namespaces"
          ? { status: 200, body: { items: [item("a"), item("b")] } }
          : { status: 200, body: { items: [] } };
    await read({ includeTlsSecrets: true });
    expect(seen.length).toBeGreaterThan(READ_KINDS.length);
    for (const s of seen) {
      expect(s.method).toBe("GET");
      expect(s.path).toMatch(ALLOWED_PATH);
    }
  });

  it("reads every allowlisted kind once cluster-wide when allowed, and no secrets unless asked", async () => {
    await read();
    const paths = seen.map((s) => s.path).sort();
    expect(paths).toHaveLength(READ_KINDS.length);
    expect(paths.some((p) => p.includes("secrets"))).toBe(false);
    expect(paths).toContain("/apis/networking.k8s.io/v1/networkpolicies");
    expect(paths).toContain("/api/v1/pods");
  });

  it("follows continue tokens with a page limit and sets kind and apiVersion on list items", async () => {
    handler = (path, query) => {
      if (path !== "/apis/apps/v1/deployments") return { status: 200, body: { items: [] } };
      expect(query.get("limit")).toBe("2");
      return query.get("continue") === "page2"
        ? { status: 200, body: { metadata: {}, items: [item("c", "n")] } }
        : { status: 200, body: { metadata: { continue: "page2" }, items: [item("a", "n"), item("b", "n")] } };
    };
    const result = await read({ pageSize: 2 });
    const deployments = result.objects.filter((o) => o["kind"] === "Deployment");
    expect(deployments.map((d) => (d["metadata"] as { name: string }).name)).toEqual(["a", "b", "c"]);
    expect(deployments.every((d) => d["apiVersion"] === "apps/v1")).toBe(true);
    expect(seen.filter((s) => s.path === "/apis/apps/v1/deployments")).toHaveLength(2);
  });

  it("starts a list over once when its continue token has expired (410 Gone)", async () => {
    let expiredOnce = false;
    handler = (path, query) => {
      if (path !== "/api/v1/services") return { status: 200, body: { items: [] } };
      const cont = query.get("continue");
      if (cont === "old" && !expiredOnce) {
        expiredOnce = true;
        return { status: 410 };
      }
      return cont
        ? { status: 200, body: { items: [item("b", "n")] } }
        : { status: 200, body: { metadata: { continue: "old" }, items: [item("a", "n")] } };
    };
    const result = await read({ pageSize: 1 });
    const names = result.objects
      .filter((o) => o["kind"] === "Service")
      .map((o) => (o["metadata"] as { name: string }).name);
    expect(names).toEqual(["a", "b"]);
    expect(result.gaps).toEqual([]);
    expect(seen.filter((s) => s.path === "/api/v1/services")).toHaveLength(4);
  });

  it("turns a forbidden cluster-wide list into per-namespace lists, and a forbidden namespace into a gap", async () => {
    handler = (path) => {
      if (path === "/api/v1/namespaces") return { status: 200, body: { items: [item("g04"), item("prod")] } };
      if (path === "/api/v1/pods") return { status: 403 };
      if (path === "/api/v1/namespaces/g04/pods") return { status: 200, body: { items: [item("p", "g04")] } };
      if (path === "/api/v1/namespaces/prod/pods") return { status: 403 };
      return { status: 200, body: { items: [] } };
    };
    const result = await read();
    expect(result.objects.filter((o) => o["kind"] === "Pod")).toHaveLength(1);
    expect(result.gaps).toEqual([
      {
        resource: "pods",
        namespace: "prod",
        status: "forbidden",
        message: "you may not list pods in namespace prod",
      },
    ]);
  });

  it("falls back to VIGIL_NAMESPACES-style configured namespaces when namespaces cannot be listed", async () => {
    handler = (path) =>
      path.startsWith("/api/v1/namespaces/g04/") || !path.startsWith("/api/v1/")
        ? { status: 200, body: { items: [] } }
        : { status: 403 };
    const result = await read({ namespaces: configuredNamespaces({ VIGIL_NAMESPACES: " g04 ," }) });
    expect(result.gaps).toContainEqual({
      resource: "namespaces",
      status: "forbidden",
      message: "you may not list namespaces cluster-wide",
    });
    expect(seen.some((s) => s.path === "/api/v1/namespaces/g04/pods")).toBe(true);
    // Cluster-scoped kinds have no per-namespace fallback: a gap.
    expect(result.gaps).toContainEqual(expect.objectContaining({ resource: "nodes", status: "forbidden" }));
  });

  it("keeps going after a server error or a timeout on one kind, reporting it as unavailable", async () => {
    handler = (path) =>
      path === "/api/v1/services" ? { status: 500 } : { status: 200, body: { items: [] } };
    const result = await read();
    expect(result.gaps).toEqual([
      {
        resource: "services",
        status: "unavailable",
        message: "could not list services cluster-wide: HTTP 500",
      },
    ]);
    expect(seen.length).toBe(READ_KINDS.length);
  });

  it("treats a missing cert-manager API as not installed rather than as a gap", async () => {
    handler = (path) =>
      path.includes("cert-manager.io") ? { status: 404 } : { status: 200, body: { items: [] } };
    const result = await read();
    expect(result.gaps).toEqual([]);
  });

  it("reads only kubernetes.io/tls Secrets, asks the server to filter them, and drops tls.key", async () => {
    const queries: string[] = [];
    handler = (path, query) => {
      if (path !== "/api/v1/secrets") return { status: 200, body: { items: [] } };
      queries.push(query.get("fieldSelector") ?? "");
      return {
        status: 200,
        body: {
          items: [
            item("web", "a", {
              type: "kubernetes.io/tls",
              data: { "tls.crt": "Y2VydA==", "tls.key": "a2V5", extra: "eA==" },
            }),
            item("db", "a", { type: "Opaque", data: { password: "c2VjcmV0" } }),
          ],
        },
      };
    };
    const result = await read({ includeTlsSecrets: true });
    expect(queries).toEqual(["type=kubernetes.io/tls"]);
    const secrets = result.objects.filter((o) => o["kind"] === "Secret");
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.["data"]).toEqual({ "tls.crt": "Y2VydA==", extra: "" });
    expect(JSON.stringify(result.objects)).not.toContain("a2V5");
    expect(JSON.stringify(result.objects)).not.toContain("c2VjcmV0");
  });

  it("keeps only certificate values of ConfigMaps", async () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    handler = (path) =>
      path === "/api/v1/configmaps"
        ? {
            status: 200,
            body: {
              items: [
                item("kube-root-ca.crt", "a", {
                  data: { "ca.crt": pem, password: "hunter2" },
                  binaryData: { b: "AA==" },
                }),
              ],
            },
          }
        : { status: 200, body: { items: [] } };
    const result = await read();
    const cm = result.objects.find((o) => o["kind"] === "ConfigMap");
    expect(cm?.["data"]).toEqual({ "ca.crt": pem });
    expect(cm?.["binaryData"]).toBeUndefined();
  });

  it("sends the per-call bearer token instead of the kubeconfig's credentials, and never impersonates", async () => {
    const kc = kubeConfig({ name: "u", token: "vigil-own", as: "someone-else" });
    await readObjects({ kubeConfig: kc, bearerToken: "alice-id-token" });
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set(["Bearer alice-id-token"]));
    expect(seen.every((s) => s.impersonate === undefined)).toBe(true);
    seen = [];
    await readObjects({ kubeConfig: kc });
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set(["Bearer vigil-own"]));
  });

  it("for any mix of answers, issues only GETs and accounts for every kind as objects or a gap", async () => {
    const statuses = [200, 403, 404, 500];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...statuses), { minLength: 64, maxLength: 64 }),
        async (picks) => {
          seen = [];
          let i = 0;
          const byPath = new Map<string, number>();
          handler = (path) => {
            const status = byPath.get(path) ?? picks[i++ % picks.length] ?? 200;
            byPath.set(path, status);
            return status === 200
              ? { status, body: { items: [item("x", path.includes("/namespaces/") ? "a" : undefined)] } }
              : { status };
          };
          const result = await read({ namespaces: ["a"] });
          expect(seen.every((s) => s.method === "GET" && ALLOWED_PATH.test(s.path))).toBe(true);
          for (const kind of READ_KINDS) {
            // A kind with older versions is read at the first one served (not 404).
            const paths = [kind.version, ...(kind.fallbackVersions ?? [])].map(
              (v) => `${kind.group === "" ? "/api/v1" : `/apis/${kind.group}/${v}`}/${kind.resource}`,
            );
            const cluster = paths.find((p) => byPath.get(p) !== 404) ?? (paths[0] as string);
            const status = byPath.get(cluster);
            const version = cluster.split("/")[3] ?? "";
            const apiVersion = kind.group === "" ? "v1" : `${kind.group}/${version}`;
            const hasObjects = result.objects.some(
              (o) => o["kind"] === kind.kind && o["apiVersion"] === apiVersion,
            );
            const gapName = POLICY_KINDS.includes(kind) ? `${kind.resource}.${kind.group}` : kind.resource;
            const hasGap = result.gaps.some((g) => g.resource === gapName);
            const what = `${kind.resource}.${kind.group} ${status}`;
            if (status === 200) expect({ what, ok: hasObjects && !hasGap }).toEqual({ what, ok: true });
            else if (status === 404 && kind.optional)
              expect({ what, ok: hasObjects || hasGap }).toEqual({ what, ok: false });
            else if (status === 403 && kind.namespaced && kind.resource !== "namespaces") {
              // Per-namespace: whatever namespace "a" answered decides.
              const one = byPath.get(cluster.replace(/\/([a-z]+)$/, "/namespaces/a/$1"));
              expect({ what, ok: one === 200 ? hasObjects : hasGap || one === 404 }).toEqual({
                what,
                ok: true,
              });
            } else expect({ what, ok: hasGap }).toEqual({ what, ok: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("listPath", () => {
  it("refuses kinds outside the allowlist and malformed namespace names", () => {
    const q = new URLSearchParams();
    expect(() =>
      listPath(
        { group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true },
        undefined,
        q,
      ),
    ).toThrow(/allowlisted/);
    const pods = READ_KINDS.find((k) => k.resource === "pods");
    expect(pods).toBeDefined();
    if (!pods) return;
    expect(() => listPath(pods, "../../apis", q)).toThrow(/namespace/);
    expect(listPath(pods, "g04", new URLSearchParams({ limit: "5" }))).toBe(
      "/api/v1/namespaces/g04/pods?limit=5",
    );
  });

  it("builds one object's path for a copy of an allowlisted kind, at its version or a fallback one", () => {
    // The YAML view asks with a copy of the kind per version it tries ({ ...kind, version }), never the same object.
    for (const kind of READ_KINDS) {
      const ns = kind.namespaced ? "g04" : undefined;
      for (const version of [kind.version, ...(kind.fallbackVersions ?? [])]) {
        const base = kind.group === "" ? `/api/${version}` : `/apis/${kind.group}/${version}`;
        expect(objectPath({ ...kind, version }, ns, "a b")).toBe(
          `${base}${ns ? `/namespaces/${ns}` : ""}/${kind.resource}/a%20b`,
        );
      }
      expect(() => objectPath({ ...kind, version: "v9" }, ns, "x")).toThrow(/allowlisted/);
    }
    const policies = READ_KINDS.find((k) => k.resource === "networkpolicies");
    expect(policies && objectPath({ ...policies }, "g04", "web")).toBe(
      "/apis/networking.k8s.io/v1/namespaces/g04/networkpolicies/web",
    );
  });

  it("is the only way to a path: the request function is not exported and takes no method", async () => {
    const mod = await import("@/lib/sources/live/read-objects");
    expect(Object.keys(mod).sort()).toEqual(["configuredNamespaces", "readObjects"]);
    const kinds = await import("@/lib/sources/live/read-kinds");
    // listPath for lists, objectPath for one object of the same kinds (the YAML view; never a Secret).
    expect(Object.keys(kinds).sort()).toEqual(["READ_KINDS", "TLS_SECRETS", "listPath", "objectPath"]);
    // Listing takes the request function as an argument and builds every path with listPath.
    const list = await import("@/lib/sources/live/list-kind");
    expect(Object.keys(list).sort()).toEqual(["gapResource", "isRecord", "listAll", "sanitize"]);
    // The shared informers' client: a GET and a streamed GET of a path, nothing else.
    const client = await import("@/lib/sources/live/api-client");
    expect(Object.keys(client)).toEqual(["openApiClient"]);
  });
});
