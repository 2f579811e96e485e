import { readFileSync } from "node:fs";
import { VigilError } from "@/lib/errors";

// The server's environment with its secrets resolved (docs/configuration.md "Secrets from files"). Each secret
// may come from the variable itself or from a file named by `<NAME>_FILE`, the way a Kubernetes Secret is
// mounted as a volume: a Secret passed as an environment variable is visible to anything that can read the
// process environment, and Vigil's own POD-012 reports it. Setting both is refused, so that nobody wonders
// which one is in force.

const FILE_SECRETS = ["OIDC_CLIENT_SECRET", "NEXTAUTH_SECRET", "VIGIL_METRICS_TOKEN"] as const;

type Env = Readonly<Record<string, string | undefined>>;

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/**
 * Resolves `<NAME>_FILE` for every secret in FILE_SECRETS; `read` returns a file's text or throws. Nothing of
 * `env` is copied (this runs on every request, and copying process.env cost more than the rest of the
 * request's session handling): without a secret file the answer is `env` itself, and with one it is an object
 * holding the secrets read, in front of `env`. Read variables by name from the answer; it does not enumerate.
 */
export function resolveSecretFiles(env: Env, read: (path: string) => string): Env {
  let resolved: Record<string, string | undefined> | undefined;
  for (const name of FILE_SECRETS) {
    const path = env[`${name}_FILE`];
    if (!present(path)) continue;
    if (present(env[name])) {
      throw new VigilError("bad-input", `set ${name} or ${name}_FILE, not both`);
    }
    let text: string;
    try {
      text = read(path.trim());
    } catch (err) {
      const code = err instanceof Error && "code" in err ? String(err.code) : "unreadable";
      throw new VigilError("bad-input", `${name}_FILE names ${path.trim()}, which cannot be read (${code})`);
    }
    // A mounted Secret has no trailing newline, a file written by hand usually has one: neither is part of it.
    const value = text.replace(/\r?\n$/, "");
    if (value === "") throw new VigilError("bad-input", `${name}_FILE names ${path.trim()}, which is empty`);
    resolved ??= Object.create(env) as Record<string, string | undefined>;
    resolved[name] = value;
  }
  return resolved ?? env;
}

/** process.env with the secret files read (a few bytes each, read on every call, so a rotated file counts). */
export function serverEnv(): Env {
  return resolveSecretFiles(process.env, (path) => readFileSync(path, "utf8"));
}
