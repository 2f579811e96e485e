import type { CliCommand } from "@/lib/cli/command";

export const snapshotCommands: readonly CliCommand[] = [];
