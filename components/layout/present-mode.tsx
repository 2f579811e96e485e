"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

// Meeting mode: `?present=1` on any page switches to large type and high contrast with no chrome, filters or
// export buttons, and the keyboard walks the page's findings, certificates or rows (j / k or the arrow keys).
// Escape first clears the selection (`?finding=`), and only a second Escape leaves meeting mode. Everything
// lives in the URL, so a link shared in the meeting chat opens the same view.
//
// A walkable item is any element with `data-finding-id`. A page that renders the selection itself (it reads
// `?finding=`) gets a server round trip per key; a page marked `data-walk-local` only changes the URL in place.
// Either way this component marks the selected item (`data-selected`), focuses it and scrolls it into view.

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
      className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold whitespace-nowrap text-white dark:bg-white dark:text-slate-900"
    >
      <span aria-hidden="true">▶ </span>Present
    </button>
  );
}

/** The items the keyboard walks, in document order: shown ones, and those inside a closed <details>. */
function walkable(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-finding-id]")].filter(
    (el) => el.getClientRects().length > 0 || el.closest("details:not([open])") !== null,
  );
}

function urlOf(pathname: string, params: URLSearchParams): string {
  return `${pathname}${params.size > 0 ? `?${params.toString()}` : ""}${window.location.hash}`;
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
  }, [present]);

  // Marks the selected item, whether or not the page rendered the selection itself; an item that comes later
  // (the Network graph's edges arrive after the page) is marked when it appears.
  useEffect(() => {
    if (!present) return;
    const mark = (): boolean => {
      const items = walkable();
      for (const el of items) el.removeAttribute("data-selected");
      const el = selected ? items.find((f) => f.dataset.findingId === selected) : undefined;
      if (!el) return false;
      el.setAttribute("data-selected", "true");
      const details = el.closest("details");
      if (details && !details.open) details.open = true;
      if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) el.tabIndex = -1;
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: "nearest" });
      return true;
    };
    if (mark() || !selected) return;
    const observer = new MutationObserver(() => {
      // Cheap until the item is there: one attribute lookup a change.
      if (!document.querySelector(`[data-finding-id="${CSS.escape(selected)}"]`)) return;
      if (mark()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [present, selected, pathname]);

  useEffect(() => {
    if (!present) return;
    const go = (next: URLSearchParams) => {
      const url = urlOf(pathname, next);
      if (document.querySelector("[data-walk-local]")) window.history.replaceState(null, "", url);
      else router.replace(url, { scroll: false });
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable))
        return;
      const next = new URLSearchParams(params.toString());
      if (e.key === "Escape") {
        e.preventDefault();
        if (selected) {
          next.delete("finding");
          for (const el of walkable()) el.removeAttribute("data-selected");
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          go(next);
        } else {
          next.delete("present");
          router.push(urlOf(pathname, next));
        }
        return;
      }
      let move = 0;
      if (e.key === "j" || e.key === "ArrowDown" || e.key === "ArrowRight") move = 1;
      else if (e.key === "k" || e.key === "ArrowUp" || e.key === "ArrowLeft") move = -1;
      else return;
      const list = walkable();
      if (list.length === 0) return;
      e.preventDefault();
      const index = list.findIndex((f) => f.dataset.findingId === (selected ?? ""));
      const to =
        index < 0 ? list[move > 0 ? 0 : list.length - 1] : list[(index + move + list.length) % list.length];
      if (!to?.dataset.findingId) return;
      next.set("finding", to.dataset.findingId);
      go(next);
    };
    window.addEventListener("keydown", onKey);
    // Says that the keys work (the page is hydrated): tests wait for it rather than for time.
    document.documentElement.dataset.presentKeys = "on";
    return () => {
      window.removeEventListener("keydown", onKey);
      delete document.documentElement.dataset.presentKeys;
    };
  }, [present, selected, params, pathname, router]);

  if (!present) return null;
  const exit = new URLSearchParams(params.toString());
  exit.delete("present");
  exit.delete("finding");
  // A row of its own in the page's flow, where the hidden header was: it never covers a heading or a finding
  // (e2e/meeting-layout.spec.ts checks), and it is small, so the overview still fits one screen.
  return (
    <div className="mx-auto flex max-w-[1920px] justify-end px-4 pt-1" data-no-print>
      <p
        role="status"
        data-present-banner
        className="flex flex-wrap items-center gap-x-2 rounded bg-slate-900 px-2 py-0.5 text-xs text-white dark:bg-slate-100 dark:text-slate-900"
      >
        Meeting mode · j/k or arrows: next/previous · Esc: clear selection, then exit ·
        <a className="underline" href={`${pathname}${exit.size > 0 ? `?${exit.toString()}` : ""}`}>
          Exit
        </a>
      </p>
    </div>
  );
}
