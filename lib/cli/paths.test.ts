import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pathsCommands } from "@/lib/cli/paths";
import type { AttackEdge, AttackPath } from "@/lib/paths/types";

// `vigil paths edges | find` on fixtures/paths: the command's own `run` for the answers, the real `vigil` binary
// for the exit codes and the single stderr line of bad input.

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHAIN = "fixtures/paths/chain-internet-to-cluster-admin.yaml";

function command(name: string) {
  const found = pathsCommands.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

const find = async (...args: string[]) =>
  (await command("paths find").run(["--manifests", CHAIN, ...args])) as {
    paths: AttackPath[];
    findings: { rule: string; severity: string; message: string }[];
  };

function vigil(...args: string[]) {
  const run = spawnSync(process.execPath, ["bin/vigil.mjs", ...args], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("vigil paths edges", () => {
  it("lists every edge with technique, ends, evidence and message", async () => {
    const { edges } = (await command("paths edges").run(["--manifests", CHAIN])) as { edges: AttackEdge[] };
    const exposed = edges.find((e) => e.technique === "ATTACK-001");
    expect(exposed).toMatchObject({
      from: { kind: "Internet" },
      to: { kind: "Container", namespace: "shop", pod: "web[Deployment]", name: "web" },
      assumption: expect.stringContaining("exploitable") as unknown,
    });
    expect(exposed?.evidence[0]).toMatchObject({
      type: "exposure",
      object: { kind: "Ingress", namespace: "shop", name: "web" },
    });
    for (const e of edges) {
      expect(e.technique).toMatch(/^ATTACK-0\d\d$/);
      expect(e.message.length).toBeGreaterThan(0);
    }
  });
});

describe("vigil paths find", () => {
  it("finds the internet -> cluster-admin chain in five hops, each hop a technique with evidence", async () => {
    const { paths, findings } = await find("--to", "cluster-admin");
    expect(paths).toHaveLength(1);
    const [path] = paths;
    expect(path?.from).toEqual({ kind: "Internet" });
    expect(path?.to).toEqual({ kind: "Target", name: "cluster-admin" });
    expect(path?.hops.map((h) => h.technique)).toEqual([
      "ATTACK-001",
      "ATTACK-009",
      "ATTACK-011",
      "ATTACK-010",
      "ATTACK-014",
    ]);
    expect(path?.hops[2]?.evidence).toContainEqual(
      expect.objectContaining({
        type: "rbac",
        binding: { kind: "RoleBinding", namespace: "shop", name: "web-job-runner" },
      }),
    );
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(["PATH-001", "PATH-002", "PATH-004", "PATH-005"]),
    );
    expect(findings.find((f) => f.rule === "PATH-001")).toMatchObject({ severity: "critical" });
  });

  it("loses the path when the fix is applied: baseline enforced in shop, or a default-deny there", async () => {
    expect((await find("--to", "cluster-admin", "--what-if", "enforce-baseline:shop")).paths).toEqual([]);
    expect((await find("--to", "cluster-admin", "--what-if", "default-deny:shop")).paths).toEqual([]);
    // Baseline in shop keeps the node out of reach, but the internet still reaches web.
    const still = await find(
      "--to",
      "container:shop/web[Deployment]/web",
      "--what-if",
      "enforce-baseline:shop",
    );
    expect(still.paths).toHaveLength(1);
  });

  it("starts from an identity, a pod or any pod of a namespace, and honours --max-hops", async () => {
    const sa = await find("--from", "sa:shop/web", "--to", "cluster-admin");
    expect(sa.paths[0]?.hops.map((h) => h.technique)).toEqual(["ATTACK-011", "ATTACK-010", "ATTACK-014"]);
    const pod = await find("--from", "pod:shop/web[Deployment]", "--to", "all-nodes");
    expect(pod.paths[0]?.hops).toHaveLength(2);
    const anyPod = await find("--from", "any-pod:kube-system", "--to", "cluster-admin");
    expect(anyPod.paths[0]?.hops.map((h) => h.technique)).toEqual(["ATTACK-009", "ATTACK-014"]);
    expect((await find("--to", "cluster-admin", "--max-hops", "4")).paths).toEqual([]);
    expect((await find("--to", "cluster-admin", "--max-hops", "5")).paths).toHaveLength(1);
    const secrets = await find("--to", "secrets:kube-system");
    expect(secrets.paths[0]?.to).toEqual({ kind: "Secret", namespace: "kube-system", name: "*" });
  });

  it("rejects a bad reference, target, fix or hop count as bad input", async () => {
    for (const args of [
      ["--from", "pod:nope"],
      ["--to", "internet"],
      ["--from", "sideways"],
      ["--max-hops", "0"],
      ["--what-if", "enforce-privileged:shop"],
      ["--colour"],
    ]) {
      await expect(find(...args), args.join(" ")).rejects.toMatchObject({ code: "bad-input" });
    }
  });

  it("exits 2 with one stderr line and nothing on stdout for bad input through the real binary", () => {
    const run = vigil("paths", "find", "--manifests", CHAIN, "--from", "pod:nope");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^vigil: pod: must look like ns\/name, not "nope"\n$/);
    expect(run.stdout).toBe("");
  });

  it("prints one JSON document with paths and findings through the real binary", () => {
    const run = vigil("paths", "find", "--manifests", CHAIN);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { paths: AttackPath[]; findings: unknown[] };
    expect(out.paths.map((p) => p.to)).toEqual(
      expect.arrayContaining([
        { kind: "Target", name: "cluster-admin" },
        { kind: "Target", name: "all-nodes" },
      ]),
    );
  });
});
