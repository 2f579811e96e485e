import type { CliCommand } from "@/lib/cli/command";

// `vigil snapshot`: the one command that talks to an API server. Its implementation (and with it
// @kubernetes/client-node, which takes longer to load than the rest of the CLI together) is imported only when
// it runs, so every other command starts without it (docs/cli.md "How the command is built").
export const snapshotCommands: readonly CliCommand[] = [
  {
    name: "snapshot",
    summary: "read a live cluster (read-only) and write its manifests for offline analysis",
    usage: "snapshot --out DIR [--kubeconfig F] [--context C]",
    async run(argv) {
      const { runSnapshot } = await import("@/lib/cli/snapshot");
      return runSnapshot(argv);
    },
  },
];
