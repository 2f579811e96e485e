"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

// Meeting mode: `?present=1` on any page switches to large type and high contrast with no chrome, and the
// keyboard moves between findings (j / k or the arrow keys; Escape leaves). Everything lives in the URL, so
// a link shared in the meeting chat opens the same view.

export function PresentToggle() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const next = new URLSearchParams(params.toString());
  next.set("present", "1");
  return (
    <button
      type="button"
      onClick={() => router.push(`${pathname}?${next.toString()}`)}
      className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white dark:bg-white dark:text-slate-900"
    >
      <span aria-hidden="true">▶ </span>Present
    </button>
  );
}

/** Applies meeting mode to the document and handles its keys; rendered once by the root layout. */
export function PresentMode() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const present = params.get("present") === "1";
  const selected = params.get("finding");

  useEffect(() => {
    document.documentElement.classList.toggle("present", present);
    if (!present) return;
    const findings = () => [...document.querySelectorAll<HTMLElement>("[data-finding-id]")];
    if (selected) {
      const el = findings().find((f) => f.dataset.findingId === selected);
      el?.focus();
      el?.scrollIntoView({ block: "center" });
    }
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      const list = findings();
      const index = list.findIndex((f) => f.dataset.findingId === (selected ?? ""));
      let move = 0;
      if (e.key === "j" || e.key === "ArrowDown" || e.key === "ArrowRight") move = 1;
      else if (e.key === "k" || e.key === "ArrowUp" || e.key === "ArrowLeft") move = -1;
      else if (e.key === "Escape") {
        const next = new URLSearchParams(params.toString());
        next.delete("present");
        router.push(`${pathname}${next.size > 0 ? `?${next.toString()}` : ""}`);
        return;
      } else return;
      if (list.length === 0) return;
      e.preventDefault();
      const target2 = list[(index + move + list.length) % list.length];
      if (!target2?.dataset.findingId) return;
      const next = new URLSearchParams(params.toString());
      next.set("finding", target2.dataset.findingId);
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [present, selected, params, pathname, router]);

  if (!present) return null;
  const exit = new URLSearchParams(params.toString());
  exit.delete("present");
  return (
    <div
      className="fixed right-3 top-3 z-50 flex items-center gap-2 rounded bg-black/80 px-3 py-2 text-sm text-white"
      role="status"
    >
      Meeting mode · j/k or arrows: next/previous finding ·
      <a className="underline" href={`${pathname}${exit.size > 0 ? `?${exit.toString()}` : ""}`}>
        Exit (Esc)
      </a>
    </div>
  );
}
