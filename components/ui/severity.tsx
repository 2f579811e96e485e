import { SEVERITIES, type Severity } from "@/lib/findings/types";

// Three vocabularies, never confused (docs/overview.md "Words and shapes"): a finding's severity (square badge,
// filled shapes ◆ ▲ ■ ● ○, the words critical..info), a certificate's status (round pill, clock-face shapes and
// time words: expired, renew now, renew soon, valid, not yet valid) and an expected default (grey outline, the
// hollow ◇). Never colour alone: every badge carries its word and its shape. Okabe-Ito colour-blind-safe palette.

const SEVERITY_STYLE: Record<Severity, { cls: string; icon: string }> = {
  critical: { cls: "bg-[#a6361c] text-white border-[#a6361c]", icon: "◆" },
  high: { cls: "bg-[#d55e00] text-black border-[#d55e00]", icon: "▲" },
  medium: { cls: "bg-[#e69f00] text-black border-[#e69f00]", icon: "■" },
  low: { cls: "bg-[#56b4e9] text-black border-[#56b4e9]", icon: "●" },
  info: {
    cls: "bg-slate-200 text-slate-900 border-slate-300 dark:bg-slate-700 dark:text-slate-100",
    icon: "○",
  },
};

export function SeverityBadge({ severity, className = "" }: { severity: Severity; className?: string }) {
  const s = SEVERITY_STYLE[severity];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-sm border px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${s.cls} ${className}`}
    >
      <span aria-hidden="true">{s.icon}</span>
      {severity}
    </span>
  );
}

export type CertStatus = "expired" | "critical" | "warning" | "ok" | "not-yet-valid";

/** A certificate's status in words of time, not of severity: "critical" is a severity's word. */
export const STATUS_WORDS: Record<CertStatus, string> = {
  expired: "expired",
  critical: "renew now",
  warning: "renew soon",
  ok: "valid",
  "not-yet-valid": "not yet valid",
};

const STATUS_STYLE: Record<CertStatus, { cls: string; icon: string }> = {
  expired: { cls: "bg-[#a6361c] text-white border-[#a6361c]", icon: "✕" },
  critical: { cls: "bg-[#d55e00] text-black border-[#d55e00]", icon: "◕" },
  warning: { cls: "bg-[#e69f00] text-black border-[#e69f00]", icon: "◑" },
  ok: { cls: "bg-[#009e73] text-black border-[#009e73]", icon: "✓" },
  "not-yet-valid": { cls: "bg-[#cc79a7] text-black border-[#cc79a7]", icon: "◷" },
};

export function StatusBadge({ status }: { status: CertStatus }) {
  const s = STATUS_STYLE[status];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-xs font-semibold ${s.cls}`}
    >
      <span aria-hidden="true">{s.icon}</span>
      {STATUS_WORDS[status]}
    </span>
  );
}

/** A severity as a figure's label: its shape and word, without the badge's fill. */
export function SeverityWord({ severity }: { severity: Severity }) {
  return (
    <>
      <span aria-hidden="true">{SEVERITY_STYLE[severity].icon} </span>
      {severity}
    </>
  );
}

/** A certificate status as a figure's label: its clock shape and time word. */
export function StatusWord({ status }: { status: CertStatus }) {
  return (
    <>
      <span aria-hidden="true">{STATUS_STYLE[status].icon} </span>
      {STATUS_WORDS[status]}
    </>
  );
}

/** A grant or finding Kubernetes itself ships: neither a severity nor a status. */
export function ExpectedDefaultMark({ severity }: { severity?: Severity }) {
  return (
    <span
      className="inline-flex items-center gap-1 rounded border border-dashed border-slate-500 px-1.5 text-xs text-slate-700 dark:border-slate-400 dark:text-slate-200"
      title={
        severity
          ? `A Kubernetes default, expected: counted apart from the ${severity} findings`
          : "A Kubernetes default, expected: counted apart from the findings"
      }
    >
      <span aria-hidden="true">◇</span>
      expected default
    </span>
  );
}

/** One legend for the three vocabularies, for the pages that show more than one of them. */
export function VocabularyLegend({
  criticalDays = 14,
  warningDays = 28,
}: {
  criticalDays?: number;
  warningDays?: number;
}) {
  const days: Partial<Record<CertStatus, string>> = {
    critical: `under ${criticalDays} days left`,
    warning: `under ${warningDays} days left`,
  };
  return (
    <details className="mb-3 text-sm" data-testid="vocabulary-legend" data-no-print>
      <summary className="cursor-pointer">
        Legend: finding severity, certificate status, expected default
      </summary>
      <dl className="mt-2 grid gap-2 sm:grid-cols-3">
        <div>
          <dt className="font-semibold">Finding severity (square)</dt>
          <dd className="mt-1 flex flex-wrap gap-1">
            {SEVERITIES.map((s) => (
              <SeverityBadge key={s} severity={s} />
            ))}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Certificate status (round, time left)</dt>
          <dd className="mt-1 flex flex-wrap gap-1">
            {CERT_STATUS_ORDER.map((s) => (
              <span key={s} title={days[s]}>
                <StatusBadge status={s} />
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Kubernetes&apos; own defaults</dt>
          <dd className="mt-1">
            <ExpectedDefaultMark /> expected, shown, and counted apart from every severity
          </dd>
        </div>
      </dl>
    </details>
  );
}

const CERT_STATUS_ORDER: readonly CertStatus[] = ["expired", "critical", "warning", "ok", "not-yet-valid"];

/** Colours for charts, matching the badges, for code that draws (SVG, canvas). */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: "#a6361c",
  high: "#d55e00",
  medium: "#e69f00",
  low: "#56b4e9",
  info: "#94a3b8",
};
