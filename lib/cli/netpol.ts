import type { CliCommand } from "@/lib/cli/command";

export const netpolCommands: readonly CliCommand[] = [];
