import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { netpolCommands } from "@/lib/cli/netpol";
import { parsePort } from "@/lib/model/parse-port";

// `vigil netpol ...` on fixtures/netpol-* and the demo: the command's own `run` for the answers, and the real
// `vigil` binary for the exit codes and the single stderr line of bad input.

const root = fileURLToPath(new URL("../..", import.meta.url));

function command(name: string) {
  const found = netpolCommands.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

interface CanOutput {
  allowed: boolean;
  implementationDefined: boolean;
  explanation: {
    egress: { allowedBy: { policy: { name: string } }[] };
    ingress: { allowedBy: { policy: { name: string } }[]; reason: string };
    notes: string[];
  };
}
const can = async (manifests: string, from: string, to: string, port: string) =>
  (await command("netpol can").run([
    "--manifests",
    manifests,
    "--from",
    from,
    "--to",
    to,
    "--port",
    port,
  ])) as CanOutput;

function vigil(...args: string[]) {
  const run = spawnSync(process.execPath, ["bin/vigil.mjs", ...args], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("vigil netpol can", () => {
  it("on the policy tiers fixture: names the tier, policy, priority and rule that decided each side", async () => {
    const out = (await command("netpol can").run([
      "--manifests",
      "fixtures/netpol-tiers",
      "--from",
      "shop/web",
      "--to",
      "billing/ledger",
      "--port",
      "TCP/9090",
    ])) as CanOutput & { explanation: { egress: { reason: string }; upperBound: boolean } };
    expect(out.allowed).toBe(false);
    expect(out.explanation.egress.reason).toBe(
      "denied by AdminNetworkPolicy shop-not-to-billing (Admin tier, priority 5), its 1st egress rule “no-billing”",
    );
    expect(out.explanation.upperBound).toBe(true);
  });

  it("on the demo: g04 frontend reaches backend on TCP 3000, default/other does not, a12 cannot reach the metadata address", async () => {
    const ok = await can("fixtures/demo", "g04/frontend", "g04/backend", "TCP/3000");
    expect(ok.allowed).toBe(true);
    expect(ok.implementationDefined).toBe(false);
    expect(ok.explanation.ingress.allowedBy.map((r) => r.policy.name)).toEqual(["backend-ingress"]);
    const other = await can("fixtures/demo", "default/other", "g04/backend", "TCP/3000");
    expect(other.allowed).toBe(false);
    expect(other.explanation.ingress.reason).toContain("backend-ingress");
    const meta = await can("fixtures/demo", "a12/worker", "169.254.169.254", "TCP/80");
    expect(meta.allowed).toBe(false);
    expect((await can("fixtures/demo", "a12/worker", "8.8.8.8", "TCP/443")).allowed).toBe(true);
  });

  it("answers for workload templates by workload name, resolving named ports on each template", async () => {
    expect((await can("fixtures/netpol-templates", "shop/web", "shop/api", "TCP/8080")).allowed).toBe(true);
    expect((await can("fixtures/netpol-templates", "shop/web", "shop/api", "TCP/80")).allowed).toBe(false);
    expect((await can("fixtures/netpol-templates", "shop/api", "shop/db", "TCP/5432")).allowed).toBe(true);
    expect((await can("fixtures/netpol-templates", "shop/web", "shop/db", "TCP/5432")).allowed).toBe(false);
    expect((await can("fixtures/netpol-templates", "203.0.113.9", "shop/web", "TCP/80")).allowed).toBe(true);
    const notes = (await can("fixtures/netpol-templates", "shop/web", "shop/api", "TCP/8080")).explanation
      .notes;
    expect(notes.join(" ")).toContain("stands for the pods of Deployment web");
  });

  it("flags an ipBlock that holds a pod IP as implementation-defined, and ignores invalid policies", async () => {
    const r = await can("fixtures/netpol-invalid", "lab/client", "lab/server", "TCP/8080");
    expect(r).toMatchObject({ allowed: true, implementationDefined: true });
    expect((await can("fixtures/netpol-invalid", "lab/client", "lab/server", "TCP/80")).allowed).toBe(false);
  });

  it("reads --port as PROTO/PORT", () => {
    expect(parsePort("udp/53", "--port")).toEqual({ protocol: "UDP", port: 53 });
    expect(() => parsePort("80", "--port")).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() => parsePort("ICMP/1", "--port")).toThrow(expect.objectContaining({ code: "bad-input" }));
    expect(() => parsePort("TCP/0", "--port")).toThrow(expect.objectContaining({ code: "bad-input" }));
  });
});

describe("vigil netpol graph", () => {
  it("prints workload nodes ns/name[Kind], external nodes as CIDRs (or a digest and cidrs), and edges with port ranges", async () => {
    const g = (await command("netpol graph").run(["--manifests", "fixtures/netpol-templates"])) as {
      nodes: { id: string; kind: string; representative?: boolean }[];
      edges: {
        from: string;
        to: string;
        ports: { protocol: string; from: number; to: number }[];
        implementationDefined: boolean;
      }[];
    };
    expect(g.nodes.filter((n) => n.kind === "workload").map((n) => n.id)).toEqual([
      "shop/api[Deployment]",
      "shop/db[StatefulSet]",
      "shop/web[Deployment]",
    ]);
    expect(g.nodes.every((n) => n.kind !== "workload" || n.representative === true)).toBe(true);
    const internal = g.edges.filter((e) => !e.from.includes("/") || e.from.includes("["));
    expect(internal.filter((e) => e.from.includes("[") && e.to.includes("["))).toEqual([
      {
        from: "shop/api[Deployment]",
        to: "shop/db[StatefulSet]",
        ports: [{ protocol: "TCP", from: 5432, to: 5432 }],
        implementationDefined: false,
      },
      {
        from: "shop/web[Deployment]",
        to: "shop/api[Deployment]",
        ports: [{ protocol: "TCP", from: 8080, to: 8080 }],
        implementationDefined: false,
      },
    ]);
    // The internet is many CIDRs: its id is a short digest, its CIDRs are listed once on the node.
    const internet = (g.nodes as { id: string; cidrs?: string[] }[]).find((n) =>
      n.cidrs?.includes("0.0.0.0/1"),
    );
    expect(internet?.id).toMatch(/^ext:[0-9a-f]{16}$/);
    const fromInternet = g.edges.filter((e) => e.to === "shop/web[Deployment]" && e.from === internet?.id);
    expect(fromInternet.map((e) => e.ports)).toEqual([[{ protocol: "TCP", from: 80, to: 80 }]]);
  });

  it("projects to namespaces", async () => {
    const g = (await command("netpol graph").run([
      "--manifests",
      "fixtures/netpol-templates",
      "--level",
      "namespace",
    ])) as { nodes: { id: string; kind: string }[] };
    expect(g.nodes.filter((n) => n.kind === "namespace").map((n) => n.id)).toEqual(["shop"]);
  });
});

describe("vigil netpol findings", () => {
  it("reports each invalid policy with its field, and the exposure of the templates", async () => {
    const invalid = (await command("netpol findings").run(["--manifests", "fixtures/netpol-invalid"])) as {
      findings: { rule: string; message: string }[];
    };
    const net005 = invalid.findings
      .filter((f) => f.rule === "NET-005")
      .map((f) => f.message.split(" is invalid at ")[1]?.split(":")[0]);
    expect(net005).toEqual([
      "spec.ingress[0].from[0]",
      "spec.ingress[0].ports[0].endPort",
      "spec.egress[0].to[0].ipBlock.except[0]",
      "spec.ingress[0].ports[0].protocol",
    ]);
    const templates = (await command("netpol findings").run([
      "--manifests",
      "fixtures/netpol-templates",
    ])) as { findings: { rule: string; object?: { name: string } }[] };
    expect(templates.findings.filter((f) => f.rule === "NET-003").map((f) => f.object?.name)).toEqual([
      "web",
    ]);
    expect(templates.findings.some((f) => f.rule === "NET-004")).toBe(false);
  });

  it("findings: NET-003 on the demo names the exposed protocols exactly (a TCP NodePort, an Ingress: TCP only)", async () => {
    const demo = (await command("netpol findings").run(["--manifests", "fixtures/demo"])) as {
      findings: { rule: string; message: string }[];
    };
    const exposed = demo.findings.filter((f) => f.rule === "NET-003").map((f) => f.message);
    expect(exposed).toEqual([
      expect.stringContaining(
        "exposed by NodePort Service kubernetes-dashboard/kubernetes-dashboard and Ingress kubernetes-dashboard/dashboard (Service kubernetes-dashboard) and reachable from the internet on TCP 8443 (",
      ),
      expect.stringContaining(
        "exposed by Ingress t75/accounting-ingress (Service accounting-service) and reachable from the internet on TCP 80 (",
      ),
    ]);
    for (const m of exposed) expect(m).not.toMatch(/UDP|SCTP/);
  });
});

describe("the vigil binary", () => {
  it("prints one JSON document and exits 0 when the analysis ran, whatever the answer", () => {
    const r = vigil(
      "netpol",
      "can",
      "--manifests",
      "fixtures/demo",
      "--from",
      "default/other",
      "--to",
      "g04/backend",
      "--port",
      "TCP/3000",
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ allowed: false, implementationDefined: false });
  });

  it.each([
    [
      [
        "netpol",
        "can",
        "--manifests",
        "fixtures/demo",
        "--from",
        "g04/frontend",
        "--to",
        "g04/backend",
        "--port",
        "TCP/99999",
      ],
      /port number/,
    ],
    [
      [
        "netpol",
        "can",
        "--manifests",
        "fixtures/demo",
        "--from",
        "g04/nobody",
        "--to",
        "g04/backend",
        "--port",
        "TCP/80",
      ],
      /no pod or workload "nobody"/,
    ],
    [
      [
        "netpol",
        "can",
        "--manifests",
        "fixtures/demo",
        "--from",
        "1.1.1.1",
        "--to",
        "8.8.8.8",
        "--port",
        "TCP/80",
      ],
      /at least one side/,
    ],
    [["netpol", "graph", "--manifests", "fixtures/demo", "--level", "cluster"], /--level must be one of/],
    [["netpol", "findings", "--manifests", "fixtures/does-not-exist"], /does-not-exist/],
    [["netpol", "findings", "--manifests", "fixtures/demo", "--bogus"], /unknown flag --bogus/],
  ])("exits 2 with one stderr line for bad input %#", (args, message) => {
    const r = vigil(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
