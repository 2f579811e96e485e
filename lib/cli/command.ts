// A `vigil` subcommand: parses its own flags and returns the one JSON document to print.
export interface CliCommand {
  /** e.g. "netpol can" */
  name: string;
  summary: string;
  usage: string;
  run(argv: readonly string[]): Promise<unknown>;
}
