import type { CliCommand } from "@/lib/cli/command";

export const certsCommands: readonly CliCommand[] = [];
