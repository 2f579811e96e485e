import Link from "next/link";
import type { PathsHeadline } from "@/lib/views/paths-headline";

// One line above the overview's area panels: the worst thing the internet reaches, linking to /paths.

export function PathsHeadlineBanner({ headline }: { headline: PathsHeadline }) {
  const tone = {
    none: "border-slate-300 dark:border-slate-600",
    unknown: "border-dashed border-amber-700 dark:border-amber-300",
    high: "border-[#a6361c] bg-[#a6361c]/10 dark:bg-[#a6361c]/25",
    critical: "border-[#a6361c] bg-[#a6361c]/10 dark:bg-[#a6361c]/25",
  }[headline.severity];
  const mark = { none: "", unknown: "? ", high: "◆ ", critical: "◆ " }[headline.severity];
  return (
    <section
      aria-label="Attack paths"
      className={`mb-3 flex flex-wrap items-baseline gap-x-4 gap-y-1 rounded-lg border-2 px-4 py-2 ${tone}`}
    >
      <Link
        href={headline.href}
        className="text-xl font-bold underline decoration-2 underline-offset-4"
        data-testid="paths-headline"
      >
        {mark && <span aria-hidden="true">{mark}</span>}
        {headline.text}
      </Link>
      <span className="text-base text-slate-700 dark:text-slate-200">{headline.detail}</span>
      {headline.hidden && (
        <span className="text-base text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>parts hidden from you
        </span>
      )}
    </section>
  );
}
