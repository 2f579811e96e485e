import packageJson from "@/package.json" with { type: "json" };
import { exitCodeOf, publicMessageOf } from "@/lib/errors";
import type { CliCommand } from "@/lib/cli/command";
import { certsCommands } from "@/lib/cli/certs";
import { netpolCommands } from "@/lib/cli/netpol";
import { pathsCommands } from "@/lib/cli/paths";
import { rbacCommands } from "@/lib/cli/rbac";
import { snapshotCommands } from "@/lib/cli/snapshot-command";
import { workloadsCommands } from "@/lib/cli/workloads";

// The `vigil` command (docs/cli.md): one JSON document on stdout; exit 0 when the analysis
// ran, 2 with one line on stderr for bad input, never a stack trace.

const commands: readonly CliCommand[] = [
  ...netpolCommands,
  ...rbacCommands,
  ...pathsCommands,
  ...certsCommands,
  ...workloadsCommands,
  ...snapshotCommands,
];

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "vigil: Kubernetes security posture from manifests or a live cluster (read-only).",
    "",
    "Usage: vigil <command> [flags]     (vigil <command> --help for its flags, vigil --version)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Output: one JSON document on stdout. Exit 0: the analysis ran; 2: bad input (one line on stderr).",
  ].join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(helpText() + "\n");
    return 0;
  }
  if (argv[0] === "--version" || argv[0] === "-V") {
    process.stdout.write(`vigil ${packageJson.version}\n`);
    return 0;
  }
  // Commands are one or two words ("snapshot", "netpol can"): take the longest that matches.
  const two = argv.slice(0, 2).join(" ");
  const command = commands.find((c) => c.name === two) ?? commands.find((c) => c.name === argv[0]);
  if (!command) {
    process.stderr.write(`vigil: unknown command "${argv.slice(0, 2).join(" ")}" (see vigil --help)\n`);
    return 2;
  }
  const rest = argv.slice(command.name.split(" ").length);
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.summary}\n\nUsage: vigil ${command.usage}\n`);
    return 0;
  }
  try {
    const result = await command.run(rest);
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    return 0;
  } catch (err) {
    const code = exitCodeOf(err);
    // One line, never a stack: the message of our own errors, a generic one (plus the cause's message) otherwise.
    const detail =
      publicMessageOf(err) === "internal error" && err instanceof Error ? `: ${err.message}` : "";
    process.stderr.write(`vigil: ${publicMessageOf(err)}${detail}`.replace(/\s*\n\s*/g, " ") + "\n");
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
