import type { ReactNode } from "react";
import type { AccessGap } from "@/lib/model/types";
import { gapSummary, type Count } from "@/lib/views/known-count";
import { accessContact } from "@/lib/views/access-contact";

// Figures that may be unknown (lib/views/known-count.ts): a known count in its tone, an unknown one as the word
// "unknown" in neutral ink on a dashed border (never green, never a 0), with what was seen and why in its
// accessible description. Server components only: the contact line is read from the environment.

type Tone = "bad" | "warn" | "neutral" | "good";

const TONE: Record<Tone, string> = {
  bad: "text-[#a6361c] dark:text-[#ff8a65]",
  warn: "text-[#b35a00] dark:text-[#ffb74d]",
  neutral: "",
  good: "text-[#007a5a] dark:text-[#4dd0a8]",
};

/** The value in a sentence: "3", or "unknown" with a tooltip giving what was seen and why. */
export function CountText({ count }: { count: Count }) {
  if (count.known) return <>{count.value}</>;
  return (
    <abbr title={unknownTitle(count)} className="no-underline" data-unknown="true">
      unknown
    </abbr>
  );
}

function unknownTitle(count: Extract<Count, { known: false }>): string {
  return `unknown${count.seen > 0 ? ` (${count.seen} among what you may read)` : ""}: ${count.reasons.join("; ")}`;
}

/** One figure of a panel. `tone` is for a known value: an unknown one is always neutral. */
export function CountFigure({
  label,
  count,
  tone = () => "neutral",
  inline = false,
  narrow = false,
}: {
  label: ReactNode;
  count: Count;
  tone?: (value: number) => Tone;
  /** The figure and its label on one line, smaller (the overview's network panel and its long labels). */
  inline?: boolean;
  /** Less padding at the sides, for a row of many figures (five severities side by side). */
  narrow?: boolean;
}) {
  const pad = inline ? "flex items-baseline gap-2 px-2 py-1" : narrow ? "px-1 py-2" : "p-2";
  if (!count.known) {
    return (
      <div
        className={`rounded border-2 border-dashed border-slate-400 dark:border-slate-500 ${pad}`}
        data-testid="count-unknown"
        title={unknownTitle(count)}
      >
        {/* "?" where the number would be, so that it fits the narrowest figure; the word follows the label. */}
        <div
          className={`${inline ? "min-w-[2ch] text-right text-2xl" : "text-3xl"} font-bold text-slate-700 dark:text-slate-200`}
          aria-hidden="true"
        >
          ?
        </div>
        <div className={`${inline ? "text-xs leading-tight" : "text-sm"} text-slate-600 dark:text-slate-300`}>
          {label}
          <span
            className={`${inline ? "ml-1" : "block"} font-semibold [overflow-wrap:anywhere] text-slate-800 italic dark:text-slate-100`}
          >
            unknown
          </span>
          {count.seen > 0 && <span className="block">{count.seen} among what you may read</span>}
        </div>
      </div>
    );
  }
  return (
    <div className={`rounded border border-slate-200 dark:border-slate-700 ${pad}`}>
      <div
        className={`${inline ? "min-w-[2ch] text-right text-2xl" : "text-3xl"} font-bold tabular-nums ${TONE[tone(count.value)]}`}
      >
        {count.value}
      </div>
      <div className={`${inline ? "text-xs leading-tight" : "text-sm"} text-slate-600 dark:text-slate-300`}>
        {label}
      </div>
    </div>
  );
}

/**
 * Above a panel's figures: why some read "unknown" (what the viewer may not list, where), and whom to ask.
 * Nothing when every figure is known.
 */
export function UnknownNote({ gaps, contact = false }: { gaps: readonly AccessGap[]; contact?: boolean }) {
  if (gaps.length === 0) return null;
  return (
    <div
      className="mb-3 rounded border border-amber-400 bg-amber-50 px-2 py-1 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
      data-testid="unknown-note"
    >
      <span aria-hidden="true">⚠ </span>
      <strong>Figures unknown</strong> where they count what is not visible to you:{" "}
      {gapSummary(gaps).join("; ")}.{contact && <AccessContact />}
    </div>
  );
}

/** The configured line telling a viewer how to get the access they lack (VIGIL_ACCESS_CONTACT). */
export function AccessContact({ inline = false }: { inline?: boolean }) {
  return (
    <span className={inline ? "" : "block"} data-testid="access-contact">
      {accessContact(process.env)}
    </span>
  );
}
