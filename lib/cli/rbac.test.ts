import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rbacCommands } from "@/lib/cli/rbac";
import { VigilError } from "@/lib/errors";

// `vigil rbac ...` on fixtures/rbac-traps: the command's own `run` for the answers, and the real `vigil` binary
// for the exit codes and the single stderr line of bad input.

const FIXTURE = "fixtures/rbac-traps";
const root = fileURLToPath(new URL("../..", import.meta.url));

function command(name: string) {
  const found = rbacCommands.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

const runCan = (...args: string[]) => command("rbac can").run(["--manifests", FIXTURE, ...args]);
const runWhoCan = (...args: string[]) => command("rbac who-can").run(["--manifests", FIXTURE, ...args]);

function vigil(...args: string[]) {
  const run = spawnSync(process.execPath, ["bin/vigil.mjs", ...args], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "none";
  } catch (err) {
    return err instanceof VigilError ? err.code : "not a VigilError";
  }
}

describe("vigil rbac can", () => {
  it("allows the scale subresource through */scale and prints the grant", async () => {
    const out = await runCan(
      "--user",
      "sam",
      "--verb",
      "update",
      "--api-group",
      "apps",
      "--resource",
      "deployments",
      "--subresource",
      "scale",
      "--namespace",
      "team",
    );
    expect(out).toEqual({
      decision: "allow",
      grants: [
        {
          binding: { kind: "ClusterRoleBinding", name: "scalers" },
          role: { kind: "ClusterRole", name: "scaler" },
          rule: {
            verbs: ["get", "update", "create"],
            apiGroups: ["*"],
            resources: ["*/scale", "pods", "pods/*"],
            resourceNames: [],
            nonResourceURLs: [],
          },
        },
      ],
    });
  });

  it("denies pods/exec to a role listing pods and pods/*", async () => {
    const out = await runCan(
      "--user",
      "sam",
      "--verb",
      "create",
      "--resource",
      "pods",
      "--subresource",
      "exec",
      "--namespace",
      "team",
    );
    expect(out).toEqual({ decision: "deny", grants: [] });
  });

  it("allows list of a resourceNames-limited ConfigMap only with its name, for the namespace-less ServiceAccount subject", async () => {
    const user = [
      "--user",
      "system:serviceaccount:team:app",
      "--verb",
      "list",
      "--resource",
      "configmaps",
      "--namespace",
      "team",
    ];
    expect(await runCan(...user)).toMatchObject({ decision: "deny" });
    expect(await runCan(...user, "--name", "app-config")).toMatchObject({ decision: "allow" });
    expect(
      await runCan(
        "--user",
        "system:serviceaccount:other:app",
        "--verb",
        "get",
        "--resource",
        "configmaps",
        "--namespace",
        "team",
        "--name",
        "app-config",
      ),
    ).toMatchObject({ decision: "deny" });
  });

  it("follows aggregation and ignores the aggregated role's own rules, with --group", async () => {
    const as = ["--user", "olivia", "--group", "observers", "--verb", "get"];
    expect(await runCan(...as, "--resource", "nodes", "--name", "n1")).toMatchObject({ decision: "allow" });
    expect(await runCan(...as, "--resource", "services", "--namespace", "team")).toMatchObject({
      decision: "allow",
    });
    expect(await runCan(...as, "--resource", "secrets", "--namespace", "team")).toMatchObject({
      decision: "deny",
    });
  });

  it("never grants nodes through a RoleBinding to a ClusterRole", async () => {
    expect(
      await runCan("--user", "tina", "--verb", "get", "--resource", "secrets", "--namespace", "team"),
    ).toMatchObject({ decision: "allow" });
    expect(
      await runCan(
        "--user",
        "tina",
        "--verb",
        "get",
        "--resource",
        "nodes",
        "--name",
        "n1",
        "--namespace",
        "team",
      ),
    ).toMatchObject({ decision: "deny" });
  });

  it("answers allow for system:masters and indeterminate for a node", async () => {
    expect(
      await runCan("--user", "root", "--group", "system:masters", "--verb", "delete", "--resource", "nodes"),
    ).toMatchObject({ decision: "allow" });
    expect(
      await runCan("--user", "system:node:w1", "--verb", "get", "--resource", "pods", "--namespace", "team"),
    ).toMatchObject({ decision: "indeterminate" });
  });

  it("checks non-resource URLs", async () => {
    expect(await runCan("--user", "sam", "--verb", "get", "--non-resource-url", "/healthz")).toEqual({
      decision: "deny",
      grants: [],
    });
  });

  it("rejects contradictory or malformed requests as bad input", async () => {
    expect(await codeOf(runCan("--user", "sam", "--verb", "get"))).toBe("bad-input");
    expect(await codeOf(runCan("--user", "sam", "--verb", "get", "--resource", "pods/exec"))).toBe(
      "bad-input",
    );
    expect(
      await codeOf(
        runCan("--user", "sam", "--verb", "get", "--resource", "pods", "--non-resource-url", "/x"),
      ),
    ).toBe("bad-input");
    expect(await codeOf(runCan("--user", "sam", "--verb", "get", "--non-resource-url", "healthz"))).toBe(
      "bad-input",
    );
    expect(await codeOf(runCan("--user", "", "--verb", "get", "--resource", "pods"))).toBe("bad-input");
    expect(await codeOf(runCan("--verb", "get", "--resource", "pods"))).toBe("bad-input");
  });
});

describe("vigil rbac who-can", () => {
  it("lists subjects with their grants, a RoleBinding's ServiceAccount in its namespace", async () => {
    const out = await runWhoCan(
      "--verb",
      "get",
      "--resource",
      "configmaps",
      "--namespace",
      "team",
      "--name",
      "app-config",
    );
    expect(out).toEqual({
      subjects: [
        {
          kind: "ServiceAccount",
          name: "app",
          namespace: "team",
          grants: [
            {
              binding: { kind: "RoleBinding", namespace: "team", name: "app-config" },
              role: { kind: "Role", namespace: "team", name: "app-config" },
              rule: {
                verbs: ["get", "list", "watch"],
                apiGroups: [""],
                resources: ["configmaps"],
                resourceNames: ["app-config"],
                nonResourceURLs: [],
              },
            },
          ],
        },
      ],
    });
  });

  it("keeps groups as groups and finds bind on clusterroles", async () => {
    const nodes = (await runWhoCan("--verb", "get", "--resource", "nodes")) as {
      subjects: { kind: string; name: string }[];
    };
    expect(nodes.subjects.map((s) => `${s.kind}:${s.name}`)).toEqual(["Group:observers"]);
    const bind = (await runWhoCan(
      "--verb",
      "bind",
      "--api-group",
      "rbac.authorization.k8s.io",
      "--resource",
      "clusterroles",
    )) as {
      subjects: { name: string }[];
    };
    expect(bind.subjects.map((s) => s.name)).toEqual(["deployer"]);
  });
});

describe("vigil rbac findings", () => {
  it("reports the traps' risks with the contract's fields", async () => {
    const out = (await command("rbac findings").run(["--manifests", FIXTURE])) as {
      findings: {
        rule: string;
        severity: string;
        subject?: { name: string };
        binding?: { name: string };
        role?: { name: string };
        message: string;
      }[];
    };
    const summary = out.findings.map((f) => `${f.rule} ${f.subject?.name} ${f.binding?.name}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        "RBAC-008 deployer granters",
        "RBAC-009 deployer granters",
        "RBAC-002 tina team-secrets",
        "RBAC-020 olga dangling",
        "RBAC-003 sam scalers",
        "RBAC-016 sam scalers",
      ]),
    );
    // pods/* is no wildcard: no exec finding for sam.
    expect(summary.filter((s) => s.startsWith("RBAC-004"))).toEqual([]);
    for (const f of out.findings) expect(typeof f.message).toBe("string");
  });
});

describe("the vigil binary", () => {
  it("prints one JSON document and exits 0", () => {
    const run = vigil(
      "rbac",
      "can",
      "--manifests",
      FIXTURE,
      "--user",
      "tina",
      "--verb",
      "list",
      "--resource",
      "secrets",
      "--namespace",
      "team",
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ decision: "allow" });
  });

  it("exits 2 with one stderr line for an unknown flag, a missing path and invalid YAML", () => {
    // Written at test time: a broken YAML file in the repository would trip the formatter check.
    const broken = mkdtempSync(join(tmpdir(), "vigil-rbac-invalid-"));
    writeFileSync(join(broken, "broken.yaml"), "kind: Namespace\nmetadata: { name: broken\n  - nope: [\n");
    for (const args of [
      ["rbac", "who-can", "--manifests", FIXTURE, "--verb", "get", "--resource", "pods", "--colour", "red"],
      ["rbac", "findings", "--manifests", "fixtures/does-not-exist"],
      ["rbac", "findings", "--manifests", broken],
    ]) {
      const run = vigil(...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^vigil: /);
    }
  });
});
