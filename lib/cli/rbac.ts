import { parseFlags, type ParsedFlags } from "@/lib/cli/args";
import type { CliCommand } from "@/lib/cli/command";
import { VigilError } from "@/lib/errors";
import type { Finding } from "@/lib/findings/types";
import { loadInput } from "@/lib/cli/load-input";
import { buildRbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import { findRbacRisksInIndex } from "@/lib/rbac/find-rbac-risks";
import type { AccessRequest, Grant } from "@/lib/rbac/types";
import { userInfoFor } from "@/lib/rbac/user-info";
import { whoCan } from "@/lib/rbac/who-can";

// `vigil rbac can | who-can | findings` (docs/cli.md): the RBAC engine over manifests, with
// the exact flags and JSON of the contract. `--user` gets the groups the API server would add (lib/rbac/user-info).

const REQUEST_FLAGS = {
  manifests: { multiple: true, required: true },
  verb: { required: true },
  resource: {},
  subresource: {},
  "api-group": {},
  namespace: {},
  name: {},
} as const;

function nonEmpty(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.one(name);
  if (value !== undefined && value.trim() === "")
    throw new VigilError("bad-input", `--${name} must not be empty`);
  return value;
}

/** A resource request from the flags, rejecting what the API server could never receive. */
function resourceRequest(flags: ParsedFlags, verb: string): AccessRequest {
  const resource = nonEmpty(flags, "resource");
  if (resource === undefined) throw new VigilError("bad-input", "--resource is required");
  if (resource.includes("/")) {
    throw new VigilError(
      "bad-input",
      `--resource takes a plain resource; give "${resource}" as --resource and --subresource`,
    );
  }
  const subresource = nonEmpty(flags, "subresource");
  const namespace = nonEmpty(flags, "namespace");
  const name = nonEmpty(flags, "name");
  return {
    verb,
    apiGroup: flags.one("api-group") ?? "",
    resource,
    ...(subresource !== undefined ? { subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

function verbOf(flags: ParsedFlags): string {
  const verb = nonEmpty(flags, "verb") ?? "";
  if (/\s/.test(verb)) throw new VigilError("bad-input", `--verb must be one word, not "${verb}"`);
  return verb;
}

/** The contract's grant: binding, role and rule (the chain's subject and aggregation source stay in the UI). */
function printable(grant: Grant): Pick<Grant, "binding" | "role" | "rule"> {
  return { binding: grant.binding, role: grant.role, rule: grant.rule };
}

const canCommand: CliCommand = {
  name: "rbac can",
  summary: "Whether a user (and groups) may do a request, with the grants that allow it",
  usage:
    "rbac can --manifests P... --user U [--group G]... --verb V (--resource R [--subresource S] [--api-group G] " +
    "[--namespace NS] [--name N] | --non-resource-url PATH)",
  async run(argv) {
    const flags = parseFlags(argv, {
      ...REQUEST_FLAGS,
      user: { required: true },
      group: { multiple: true },
      "non-resource-url": {},
    });
    const verb = verbOf(flags);
    const userName = nonEmpty(flags, "user") ?? "";
    const groups = flags.all("group");
    if (groups.some((g) => g.trim() === "")) throw new VigilError("bad-input", "--group must not be empty");
    const url = flags.one("non-resource-url");
    let request: AccessRequest;
    if (url !== undefined) {
      const resourceFlags = ["resource", "subresource", "api-group", "namespace", "name"].filter((f) =>
        flags.has(f),
      );
      if (resourceFlags.length > 0) {
        throw new VigilError(
          "bad-input",
          `--non-resource-url cannot be combined with --${resourceFlags.join(", --")}`,
        );
      }
      if (!url.startsWith("/") && url !== "*") {
        throw new VigilError(
          "bad-input",
          `--non-resource-url must be a path starting with "/", not "${url}"`,
        );
      }
      request = { verb, apiGroup: "", nonResourceURL: url };
    } else {
      if (!flags.has("resource")) throw new VigilError("bad-input", "give --resource or --non-resource-url");
      request = resourceRequest(flags, verb);
    }
    const snapshot = await loadInput(flags.all("manifests"));
    const result = can(buildRbacIndex(snapshot), userInfoFor(userName, groups), request);
    return { decision: result.decision, grants: result.grants.map(printable) };
  },
};

const whoCanCommand: CliCommand = {
  name: "rbac who-can",
  summary: "Every binding subject (groups kept as groups) allowed a request, with the grants",
  usage:
    "rbac who-can --manifests P... --verb V --resource R [--subresource S] [--api-group G] [--namespace NS] [--name N]",
  async run(argv) {
    const flags = parseFlags(argv, { ...REQUEST_FLAGS, resource: { required: true } });
    const request = resourceRequest(flags, verbOf(flags));
    const snapshot = await loadInput(flags.all("manifests"));
    const result = whoCan(buildRbacIndex(snapshot), request);
    return {
      subjects: result.subjects.map((s) => ({
        kind: s.kind,
        name: s.name,
        ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
        grants: s.grants.map(printable),
      })),
    };
  },
};

const findingsCommand: CliCommand = {
  name: "rbac findings",
  summary: "RBAC risks RBAC-001..RBAC-025, each naming subject, binding, role and scope",
  usage: "rbac findings --manifests P...",
  async run(argv) {
    const flags = parseFlags(argv, { manifests: { multiple: true, required: true } });
    const snapshot = await loadInput(flags.all("manifests"));
    const findings: Finding[] = findRbacRisksInIndex(buildRbacIndex(snapshot));
    return { findings };
  },
};

export const rbacCommands: readonly CliCommand[] = [canCommand, whoCanCommand, findingsCommand];
