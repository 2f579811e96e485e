import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { parseManifestText } from "@/lib/model/parse-manifest-text";
import { loadManifests, MAX_FILE_BYTES } from "@/lib/sources/load-manifests";

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "vigil-load-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function loadError(paths: string[]): Promise<VigilError> {
  try {
    await loadManifests(paths);
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error("expected the load to fail");
}

const pod = (ns: string, name: string, labels = "{}") => `apiVersion: v1
kind: Pod
metadata: {namespace: ${ns}, name: ${name}, labels: ${labels}}
spec:
  containers: [{name: c, image: nginx, ports: [{containerPort: 80, name: http}]}]
`;

describe("loading manifests", () => {
  it("reads every document of a multi-document YAML file", async () => {
    const root = dir({ "a.yaml": `${pod("x", "p1")}---\n${pod("x", "p2")}\n---\n` });
    const s = await loadManifests([root]);
    expect(s.pods.map((p) => p.name)).toEqual(["p1", "p2"]);
  });

  it("unwraps kind: List as kubectl get -o yaml writes it, including typed lists without item kinds", async () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: shop, labels: {team: a}}
- apiVersion: v1
  kind: PodList
  items:
  - metadata: {namespace: shop, name: inner}
    spec: {containers: [{name: c, image: x}]}
`;
    const s = await loadManifests([dir({ "list.yaml": list })]);
    expect(s.namespaces).toEqual([
      { name: "shop", labels: { team: "a", "kubernetes.io/metadata.name": "shop" } },
    ]);
    expect(s.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(["shop/inner"]);
  });

  it("reads JSON files, and walks directories recursively skipping hidden folders and non-manifest files", async () => {
    const json = JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "j", namespace: "n" },
      spec: { containers: [] },
    });
    const root = dir({
      "sub/deeper/p.json": json,
      "sub/readme.txt": "not: [a manifest",
      ".git/x.yaml": "{{ bad",
      "top.yml": pod("n", "y"),
    });
    const s = await loadManifests([root]);
    expect(s.pods.map((p) => p.name).sort()).toEqual(["j", "y"]);
  });

  it("survives a symlink loop in a directory", async () => {
    const root = dir({ "a/p.yaml": pod("n", "p") });
    symlinkSync(root, join(root, "a", "loop"));
    const s = await loadManifests([root]);
    expect(s.pods).toHaveLength(1);
  });

  it("names the file, document and line of a YAML syntax error", async () => {
    const root = dir({ "bad.yaml": `${pod("n", "ok")}---\nkind: Pod\nmetadata: {name: [unclosed\n` });
    const err = await loadError([join(root, "bad.yaml")]);
    expect(err.code).toBe("invalid-manifest");
    expect(err.message).toMatch(/bad\.yaml: document 2 line \d+, column \d+: invalid YAML/);
  });

  it("names the file of a JSON syntax error", async () => {
    const err = await loadError([join(dir({ "bad.json": "{ nope" }), "bad.json")]);
    expect(err.code).toBe("invalid-manifest");
    expect(err.message).toMatch(/bad\.json: invalid JSON/);
  });

  it("refuses a YAML alias bomb instead of expanding it", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${"abcdefghijklmnop"[i]}: &${"abcdefghijklmnop"[i]} [${Array(9)
          .fill(`*${"abcdefghijklmnop"[i - 1]}`)
          .join(",")}]`,
      );
    let code: string | undefined;
    try {
      parseManifestText(lines.join("\n"), "bomb.yaml");
    } catch (err) {
      code = err instanceof VigilError ? err.code : "other";
    }
    expect(code).toBe("too-large");
  });

  it("refuses a file larger than the limit with its size", async () => {
    const root = dir({});
    writeFileSync(join(root, "huge.yaml"), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    const err = await loadError([root]);
    expect(err.code).toBe("invalid-manifest");
    expect(err.message).toMatch(/huge\.yaml is 64 MiB; a manifest file may be at most 64 MiB/);
  });

  it("reports a missing path as unreadable", async () => {
    const err = await loadError(["/nonexistent/vigil"]);
    expect(err.code).toBe("unreadable-path");
    expect(err.message).toContain("no such file or directory");
  });

  it("skips unknown kinds and objects without a name with a warning, and keeps the rest", async () => {
    const text = `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\n---\napiVersion: v1\nkind: Pod\nmetadata: {namespace: n}\n---\n${pod("n", "good")}`;
    const s = await loadManifests([dir({ "m.yaml": text })]);
    expect(s.pods.map((p) => p.name)).toEqual(["good"]);
    expect(s.warnings.filter((w) => w.message.includes("Widget"))).toHaveLength(1);
    expect(s.warnings).toContainEqual(expect.objectContaining({ document: 3, field: "metadata.name" }));
  });

  it("names the field of a wrongly typed value and keeps the object", async () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {namespace: n, name: s}\nspec:\n  type: NodePort\n  ports: [{port: "eighty"}, {port: 443}]\n`;
    const s = await loadManifests([dir({ "s.yaml": text })]);
    expect(s.services[0]?.ports.map((p) => p.port)).toEqual([443]);
    expect(s.warnings).toContainEqual(
      expect.objectContaining({
        file: expect.stringContaining("s.yaml"),
        document: 1,
        field: "spec.ports[0].port",
      }),
    );
  });
});

describe("building the snapshot", () => {
  it("injects the kubernetes.io/metadata.name label, also for namespaces only referenced by objects (docs/semantics.md §1.13)", async () => {
    const s = await loadManifests([dir({ "p.yaml": pod("implicit", "p") })]);
    expect(s.namespaces).toEqual([
      { name: "implicit", labels: { "kubernetes.io/metadata.name": "implicit" } },
    ]);
  });

  it("puts namespace-less namespaced objects in default, as kubectl apply does", async () => {
    const s = await loadManifests([
      dir({ "p.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n" }),
    ]);
    expect(s.pods[0]?.namespace).toBe("default");
  });

  it("keeps only the certificates of a TLS Secret and never its key, and only key names of other Secrets", async () => {
    const b64 = (t: string) => Buffer.from(t).toString("base64");
    const text = `apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: {namespace: n, name: tls}
data: {tls.crt: ${b64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}, tls.key: ${b64("PRIVATE KEY MATERIAL")}}
---
apiVersion: v1
kind: Secret
metadata: {namespace: n, name: opaque}
stringData: {password: hunter2}
`;
    const s = await loadManifests([dir({ "s.yaml": text })]);
    expect(JSON.stringify(s)).not.toContain("PRIVATE KEY MATERIAL");
    expect(JSON.stringify(s)).not.toContain("hunter2");
    expect(s.secrets).toEqual([
      {
        namespace: "n",
        name: "tls",
        type: "kubernetes.io/tls",
        keys: ["tls.crt", "tls.key"],
        tls: { certificate: expect.stringContaining("BEGIN CERTIFICATE") },
      },
      { namespace: "n", name: "opaque", type: "Opaque", keys: ["password"] },
    ]);
  });

  it("resolves a pod's top-level workload through its ReplicaSet, even when the ReplicaSet is not in the input", async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {namespace: n, name: web}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: v1
kind: Pod
metadata:
  namespace: n
  name: web-7d9f8b6c5d-abcde
  labels: {app: web}
  ownerReferences: [{kind: ReplicaSet, name: web-7d9f8b6c5d, controller: true, apiVersion: apps/v1, uid: "1"}]
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.5, hostIP: 192.168.1.10}
`;
    const s = await loadManifests([dir({ "d.yaml": text })]);
    expect(s.pods).toEqual([
      expect.objectContaining({
        name: "web-7d9f8b6c5d-abcde",
        workload: { kind: "Deployment", name: "web" },
        representative: false,
        podIPs: ["10.0.0.5"],
      }),
    ]);
  });

  it("stands one representative pod for each workload template without pods (a GitOps repository)", async () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata: {namespace: n, name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate: {spec: {template: {metadata: {labels: {job: nightly}}, spec: {serviceAccountName: runner, containers: [{name: c, image: x, ports: [{containerPort: 9090, name: metrics}]}]}}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {namespace: n, name: db}
spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: x}]}}}
`;
    const s = await loadManifests([dir({ "w.yaml": text })]);
    expect(
      s.pods.map((p) => ({
        name: p.name,
        workload: p.workload,
        representative: p.representative,
        labels: p.labels,
      })),
    ).toEqual([
      {
        name: "nightly",
        workload: { kind: "CronJob", name: "nightly" },
        representative: true,
        labels: { job: "nightly" },
      },
      {
        name: "db",
        workload: { kind: "StatefulSet", name: "db" },
        representative: true,
        labels: { app: "db" },
      },
    ]);
    expect(s.pods[0]?.serviceAccountName).toBe("runner");
    expect(s.pods[0]?.containers[0]?.ports).toEqual([
      { name: "metrics", containerPort: 9090, protocol: "TCP" },
    ]);
  });

  it("keeps absent and empty NetworkPolicy fields apart, and keeps invalid forms for the engine to report", async () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: n, name: np}
spec:
  podSelector: {}
  egress: []
  ingress:
  - from: [{}]
    ports: [{protocol: ICMP, port: http}, {}]
`;
    const s = await loadManifests([dir({ "np.yaml": text })]);
    expect(s.networkPolicies[0]).toEqual({
      namespace: "n",
      name: "np",
      labels: {},
      podSelector: { matchLabels: {}, matchExpressions: [] },
      egress: [],
      ingress: [{ peers: [{}], ports: [{ protocol: "ICMP", port: "http" }, {}] }],
    });
    expect(s.networkPolicies[0]?.policyTypes).toBeUndefined();
  });

  it("reads a kubeconfig's CA and client certificate but never its key or token", async () => {
    const b64 = (t: string) => Buffer.from(t).toString("base64");
    const text = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: ${b64("CA PEM")}}}]
users: [{name: u, user: {client-certificate-data: ${b64("CLIENT PEM")}, client-key-data: ${b64("SECRET KEY")}, token: sekrit}}]
`;
    const s = await loadManifests([dir({ "kubeconfig.yaml": text })]);
    expect(s.kubeconfigs[0]?.clusters).toEqual([
      { name: "c", server: "https://127.0.0.1:6443", certificateAuthority: "CA PEM" },
    ]);
    expect(s.kubeconfigs[0]?.users).toEqual([{ name: "u", clientCertificate: "CLIENT PEM" }]);
    expect(JSON.stringify(s)).not.toMatch(/SECRET KEY|sekrit/);
  });
});

describe("YAML details", () => {
  it("keeps unquoted timestamps as text, as Kubernetes does", () => {
    const [first] = parseManifestText("kind: X\nstatus: {notAfter: 2026-01-01T00:00:00Z}\n", "t.yaml");
    expect(first?.object).toEqual({ kind: "X", status: { notAfter: "2026-01-01T00:00:00Z" } });
  });

  it("counts documents across separators when naming the one with a syntax error", () => {
    const text = "---\nkind: A\n---\nkind: B\n---\nkind: C\nmetadata: {name: [oops\n";
    expect(() => parseManifestText(text, "docs.yaml")).toThrow(
      /docs\.yaml: document 3 line \d+, column \d+: invalid YAML/,
    );
  });

  it("expands ordinary anchors and aliases", () => {
    const text = "kind: Pod\nmetadata: {name: p, labels: &l {app: a}}\nspec: {selector: *l}\n";
    expect(parseManifestText(text, "a.yaml")[0]?.object).toEqual({
      kind: "Pod",
      metadata: { name: "p", labels: { app: "a" } },
      spec: { selector: { app: "a" } },
    });
  });
});

describe("invalid NetworkPolicy forms", () => {
  const policy = (spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {namespace: n, name: bad}\nspec:\n${spec}`;

  it("keeps an unknown policy type as written, so the engine can report it instead of evaluating a narrower policy", async () => {
    const s = await loadManifests([
      dir({ "p.yaml": policy("  podSelector: {}\n  policyTypes: [Ingress, Sideways]\n") }),
    ]);
    expect(s.networkPolicies[0]?.policyTypes).toEqual(["Ingress", "Sideways"]);
  });

  it("keeps an unknown selector operator as written instead of dropping the requirement (which would widen the selector)", async () => {
    const s = await loadManifests([
      dir({
        "p.yaml": policy("  podSelector: {matchExpressions: [{key: app, operator: Near, values: [a]}]}\n"),
      }),
    ]);
    expect(s.networkPolicies[0]?.podSelector.matchExpressions).toEqual([
      { key: "app", operator: "Near", values: ["a"] },
    ]);
    expect(s.warnings).toContainEqual(
      expect.objectContaining({ field: "spec.podSelector.matchExpressions[0].operator" }),
    );
  });
});
