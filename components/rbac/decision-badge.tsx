import type { Decision } from "@/lib/rbac/types";

const STYLE: Record<Decision, { cls: string; icon: string; label: string }> = {
  allow: { cls: "bg-[#009e73] text-black border-[#009e73]", icon: "✓", label: "allowed" },
  deny: { cls: "bg-[#a6361c] text-white border-[#a6361c]", icon: "✕", label: "denied" },
  indeterminate: {
    cls: "bg-[#e69f00] text-black border-[#e69f00]",
    icon: "?",
    label: "decided outside RBAC",
  },
};

/** An RBAC decision as word and symbol, never colour alone. */
export function DecisionBadge({ decision }: { decision: Decision }) {
  const s = STYLE[decision];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-sm font-semibold uppercase ${s.cls}`}
    >
      <span aria-hidden="true">{s.icon}</span>
      {s.label}
    </span>
  );
}
