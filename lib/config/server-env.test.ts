import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { resolveSecretFiles } from "@/lib/config/server-env";

const dir = mkdtempSync(join(tmpdir(), "vigil-secret-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (path: string) => readFileSync(path, "utf8");

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("resolveSecretFiles", () => {
  it("reads each secret from its _FILE, without the one trailing newline", () => {
    const env = resolveSecretFiles(
      {
        NEXTAUTH_SECRET_FILE: file("session", "s".repeat(40) + "\n"),
        OIDC_CLIENT_SECRET_FILE: file("client", "client secret "),
        VIGIL_METRICS_TOKEN_FILE: file("metrics", "m".repeat(32)),
        OIDC_ISSUER: "https://sso.example.com",
      },
      read,
    );
    expect(env.NEXTAUTH_SECRET).toBe("s".repeat(40));
    expect(env.OIDC_CLIENT_SECRET).toBe("client secret ");
    expect(env.VIGIL_METRICS_TOKEN).toBe("m".repeat(32));
    expect(env.OIDC_ISSUER).toBe("https://sso.example.com");
  });

  it("leaves the environment as it is when no _FILE is set", () => {
    const env = { NEXTAUTH_SECRET: "x".repeat(32), OIDC_CLIENT_SECRET_FILE: "  " };
    expect(resolveSecretFiles(env, read)).toBe(env);
  });

  it("refuses a secret set both ways", () => {
    expect(() =>
      resolveSecretFiles({ NEXTAUTH_SECRET: "x".repeat(32), NEXTAUTH_SECRET_FILE: file("both", "y") }, read),
    ).toThrow(expect.objectContaining({ code: "bad-input" }));
  });

  it("names the file that cannot be read, and the reason, without a stack", () => {
    const missing = join(dir, "absent");
    let caught: unknown;
    try {
      resolveSecretFiles({ OIDC_CLIENT_SECRET_FILE: missing }, read);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VigilError);
    expect((caught as VigilError).code).toBe("bad-input");
    expect((caught as VigilError).message).toBe(
      `OIDC_CLIENT_SECRET_FILE names ${missing}, which cannot be read (ENOENT)`,
    );
  });

  it("refuses an empty file rather than starting with an empty secret", () => {
    expect(() => resolveSecretFiles({ VIGIL_METRICS_TOKEN_FILE: file("empty", "\n") }, read)).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
  });
});
