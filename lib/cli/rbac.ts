import type { CliCommand } from "@/lib/cli/command";

export const rbacCommands: readonly CliCommand[] = [];
