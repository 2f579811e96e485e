import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certsCommands, parseNow } from "@/lib/cli/certs";
import { issueCertificate } from "@/lib/certs/issue-certificate";
import { VigilError } from "@/lib/errors";

// `vigil certs scan` on manifests written here into a temporary directory: the command's own `run` for the
// JSON, and the real `vigil` binary for exit codes and the single stderr line of bad input.

const root = fileURLToPath(new URL("../..", import.meta.url));
const NOW = "2030-06-15T12:00:00Z";
const DAY = 86_400_000;
let dir = "";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function vigil(...args: string[]) {
  const run = spawnSync(process.execPath, ["bin/vigil.mjs", ...args], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function runScan(...args: string[]) {
  const command = certsCommands.find((c) => c.name === "certs scan");
  if (!command) throw new Error("no certs scan");
  return command.run(args) as Promise<{
    certificates: Record<string, unknown>[];
    findings: Record<string, unknown>[];
  }>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-certs-cli-"));
  const now = new Date(NOW).getTime();
  const leaf = await issueCertificate({
    subject: "CN=accounting.tls",
    dnsNames: ["accounting.tls"],
    notBefore: new Date(now - 100 * DAY),
    notAfter: new Date(now + 10 * DAY),
  });
  const ca = await issueCertificate({
    subject: "CN=webhook-ca",
    ca: true,
    notBefore: new Date(now - 100 * DAY),
    notAfter: new Date(now + 300 * DAY),
  });
  writeFileSync(
    join(dir, "app.yaml"),
    [
      "apiVersion: networking.k8s.io/v1",
      "kind: Ingress",
      "metadata: { name: accounting, namespace: t75 }",
      "spec:",
      "  tls: [{ hosts: [accounting.internal.acme.com], secretName: accounting-secret }, { hosts: [x.acme.com], secretName: gone }]",
      "  rules: [{ host: accounting.internal.acme.com }]",
      "---",
      "apiVersion: v1",
      "kind: Secret",
      "metadata: { name: accounting-secret, namespace: t75 }",
      "type: kubernetes.io/tls",
      `data: { tls.crt: ${b64(leaf.pem)}, tls.key: ${b64("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n")} }`,
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "webhook.json"),
    JSON.stringify({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingWebhookConfiguration",
      metadata: { name: "guard" },
      webhooks: [
        {
          name: "guard.example.com",
          clientConfig: { caBundle: b64(ca.pem), service: { namespace: "x", name: "guard" } },
        },
      ],
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("vigil certs scan", () => {
  it("prints every certificate with exactly the contract's keys, soonest expiry first", async () => {
    const out = await runScan("--manifests", dir, "--now", NOW);
    expect(out.certificates.map((c) => Object.keys(c))).toEqual([
      ["source", "subject", "issuer", "dnsNames", "notBefore", "notAfter", "daysLeft", "status", "findings"],
      ["source", "subject", "issuer", "dnsNames", "notBefore", "notAfter", "daysLeft", "status", "findings"],
    ]);
    expect(out.certificates[0]).toMatchObject({
      source: { kind: "Secret", namespace: "t75", name: "accounting-secret", field: "data.tls.crt" },
      subject: "CN=accounting.tls",
      issuer: "CN=accounting.tls",
      dnsNames: ["accounting.tls"],
      daysLeft: 10,
      status: "critical",
    });
    const rules = (out.certificates[0]?.findings as { rule: string }[]).map((f) => f.rule);
    expect(rules.sort()).toEqual(["CERT-002", "CERT-007", "CERT-010"]);
    expect(out.certificates[1]).toMatchObject({
      source: {
        kind: "ValidatingWebhookConfiguration",
        name: "guard",
        field: "webhooks[0].clientConfig.caBundle",
      },
      status: "ok",
      daysLeft: 300,
      findings: [],
    });
  });

  it("puts findings without a certificate at the top level", async () => {
    const out = await runScan("--manifests", dir, "--now", NOW);
    expect(out.findings).toEqual([
      expect.objectContaining({
        rule: "CERT-011",
        severity: "high",
        object: { kind: "Secret", namespace: "t75", name: "gone" },
      }),
    ]);
  });

  it("judges against --now: the same manifests a month later show an expired certificate", async () => {
    const out = await runScan("--manifests", dir, "--now", "2030-07-15");
    expect(out.certificates[0]).toMatchObject({ status: "expired", daysLeft: -19 });
  });

  it("never prints a private key", () => {
    const run = vigil("certs", "scan", "--manifests", dir, "--now", NOW);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty("certificates");
    expect(run.stdout).not.toContain("PRIVATE KEY");
    expect(run.stdout).not.toContain("c2VjcmV0");
  });

  it("exits 2 with one line on stderr for an invalid --now", () => {
    const run = vigil("certs", "scan", "--manifests", dir, "--now", "2026-02-30");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("--now must be an ISO-8601");
  });

  it("exits 2 for an unreadable path, and rejects an unknown flag as bad input", async () => {
    expect(vigil("certs", "scan", "--manifests", join(dir, "missing")).status).toBe(2);
    await expect(runScan("--manifests", dir, "--days", "3")).rejects.toMatchObject({ code: "bad-input" });
    await expect(runScan("--manifests", dir, "--now", "yesterday")).rejects.toMatchObject({
      code: "bad-input",
    });
  });
});

describe("parseNow", () => {
  it("reads dates and date-times, taking a missing offset as UTC", () => {
    expect(parseNow("2026-11-23").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(parseNow("2026-11-23T08:30").toISOString()).toBe("2026-11-23T08:30:00.000Z");
    expect(parseNow("2026-11-23T08:30:00+02:00").toISOString()).toBe("2026-11-23T06:30:00.000Z");
    expect(parseNow("2024-02-29T00:00:00.5Z").toISOString()).toBe("2024-02-29T00:00:00.500Z");
  });

  it("rejects what is not a calendar date as bad input", () => {
    for (const bad of ["", "2025-02-29", "23/11/2026", "2026-11-23 08:00", "now"]) {
      expect(() => parseNow(bad), bad).toThrowError(VigilError);
    }
  });
});
