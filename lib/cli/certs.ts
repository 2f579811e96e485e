import { parseFlags } from "@/lib/cli/args";
import type { CliCommand } from "@/lib/cli/command";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import { VigilError } from "@/lib/errors";
import { loadInput } from "@/lib/cli/load-input";

// `vigil certs scan --manifests P... [--now ISO-8601]` (docs/cli.md): the certificate
// inventory of lib/certs with exactly the keys of the contract. `--now` lets a pipeline ask "what will have
// expired by the release date?" and makes the output reproducible; without it the command uses the clock.

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 date or date-time; a date-time without offset is UTC, as is a bare date. */
export function parseNow(text: string): Date {
  const bad = () =>
    new VigilError(
      "bad-input",
      `--now must be an ISO-8601 date or date-time such as 2026-11-23T08:00:00Z, not "${text}"`,
    );
  const m = ISO_8601.exec(text.trim());
  if (!m) throw bad();
  const [, y, mo, d, h, mi, s, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // Date.parse rolls 2026-02-30 over to March: check the calendar first.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw bad();
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59)) throw bad();
  const withZone = h !== undefined && zone === undefined ? `${text.trim()}Z` : text.trim();
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) throw bad();
  return date;
}

const scan: CliCommand = {
  name: "certs scan",
  summary: "Certificate inventory and checks (CERT-001..015) of manifests",
  usage: "certs scan --manifests P... [--now ISO-8601]",
  async run(argv) {
    const flags = parseFlags(argv, { manifests: { multiple: true, required: true }, now: {} });
    const nowText = flags.one("now");
    const now = nowText === undefined ? new Date() : parseNow(nowText);
    const snapshot = await loadInput(flags.all("manifests"));
    const result = scanCertificates(snapshot, { now });
    return {
      certificates: result.certificates.map((c) => ({
        source: c.source,
        subject: c.subject,
        issuer: c.issuer,
        dnsNames: c.dnsNames,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        daysLeft: c.daysLeft,
        status: c.status,
        findings: c.findings,
      })),
      findings: result.findings,
      // Inputs that could not be read as manifests (also warned on stderr): never a silent empty inventory.
      unreadable: snapshot.warnings
        .filter((w) => w.unreadable)
        .map((w) => ({ path: w.file ?? "", reason: w.message })),
    };
  },
};

export const certsCommands: readonly CliCommand[] = [scan];
