import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workloadsCommands } from "@/lib/cli/workloads";

// `vigil workloads ...` on fixtures/workload-hardening: the command's own `run` for the answers, the real binary
// for the exit code and the single stderr line of bad input.

const FIXTURE = "fixtures/workload-hardening";
const root = fileURLToPath(new URL("../..", import.meta.url));

function command(name: string) {
  const found = workloadsCommands.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

interface PssOut {
  workloads: {
    object: { kind: string; namespace: string; name: string };
    level: string;
    violations: { check: string; level: string; container?: string; field: string; message: string }[];
    namespaceEnforce: { level: string; version: string } | null;
    rejectedByNamespace: boolean;
  }[];
}

describe("vigil workloads pss", () => {
  it("gives each workload its level, failing checks with fields, and the namespace's verdict", async () => {
    const out = (await command("workloads pss").run(["--manifests", FIXTURE])) as PssOut;
    const by = (name: string) => out.workloads.find((w) => w.object.name === name);
    expect(Object.keys(out.workloads[0] ?? {})).toEqual([
      "object",
      "level",
      "violations",
      "namespaceEnforce",
      "rejectedByNamespace",
    ]);
    expect(by("api")).toMatchObject({ level: "restricted", violations: [], rejectedByNamespace: false });
    expect(by("worker")).toMatchObject({
      level: "baseline",
      rejectedByNamespace: true,
      namespaceEnforce: { level: "restricted", version: "latest" },
    });
    expect(by("worker")?.violations).toEqual([
      {
        check: "capabilities_restricted",
        level: "restricted",
        container: "worker",
        field: "spec.template.spec.containers[0].securityContext.capabilities.drop",
        message: 'does not drop "ALL"',
      },
    ]);
    expect(by("legacy")).toMatchObject({
      level: "baseline",
      rejectedByNamespace: false,
      namespaceEnforce: { version: "v1.22" },
    });
    expect(by("node-agent")).toMatchObject({ level: "privileged", namespaceEnforce: null });
    expect(by("node-agent")?.violations.map((v) => v.check)).toEqual(
      expect.arrayContaining(["hostNamespaces", "hostPathVolumes", "privileged", "restrictedVolumes"]),
    );
  });
});

describe("vigil workloads findings", () => {
  it("lists findings most severe first with rule, severity, object, container and field", async () => {
    const out = (await command("workloads findings").run(["--manifests", FIXTURE])) as {
      findings: { rule: string; severity: string; container?: string; field?: string }[];
    };
    expect(out.findings[0]?.severity).toBe("critical");
    expect(out.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(["POD-001", "POD-002", "POD-003", "POD-011", "POD-016", "POD-017"]),
    );
    expect(out.findings.find((f) => f.rule === "POD-017")).toBeDefined();
  });

  it("exits 2 with one line on stderr for an unreadable path", () => {
    const run = spawnSync(
      process.execPath,
      ["bin/vigil.mjs", "workloads", "pss", "--manifests", "no/such/dir"],
      { cwd: root, encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stdout).toBe("");
  }, 120_000); // starting the binary takes seconds on a busy machine
});
