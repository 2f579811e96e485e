import type { Severity } from "@/lib/findings/types";

// Severity and status are never shown by colour alone: every badge carries its word and a shape.
// The palette is the Okabe-Ito colour-blind-safe set.

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
      className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${s.cls} ${className}`}
    >
      <span aria-hidden="true">{s.icon}</span>
      {severity}
    </span>
  );
}

export type CertStatus = "expired" | "critical" | "warning" | "ok" | "not-yet-valid";

const STATUS_STYLE: Record<CertStatus, { cls: string; icon: string; label: string }> = {
  expired: { cls: "bg-[#a6361c] text-white border-[#a6361c]", icon: "✕", label: "expired" },
  critical: { cls: "bg-[#d55e00] text-black border-[#d55e00]", icon: "▲", label: "critical" },
  warning: { cls: "bg-[#e69f00] text-black border-[#e69f00]", icon: "■", label: "warning" },
  ok: { cls: "bg-[#009e73] text-black border-[#009e73]", icon: "✓", label: "ok" },
  "not-yet-valid": { cls: "bg-[#cc79a7] text-black border-[#cc79a7]", icon: "◷", label: "not yet valid" },
};

export function StatusBadge({ status }: { status: CertStatus }) {
  const s = STATUS_STYLE[status];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${s.cls}`}
    >
      <span aria-hidden="true">{s.icon}</span>
      {s.label}
    </span>
  );
}

/** Colours for charts, matching the badges, for code that draws (SVG, canvas). */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: "#a6361c",
  high: "#d55e00",
  medium: "#e69f00",
  low: "#56b4e9",
  info: "#94a3b8",
};
