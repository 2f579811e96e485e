import Link from "next/link";
import { Suspense } from "react";
import type { Viewer } from "@/lib/auth/read-session";
import { NamespacePicker } from "@/components/layout/namespace-picker";
import { NavLinks } from "@/components/layout/nav-links";
import { PresentToggle } from "@/components/layout/present-mode";
import { ThemeToggle } from "@/components/layout/theme-toggle";

export function AppHeader({
  viewer,
  theme,
  cluster,
}: {
  viewer: Viewer;
  theme: "system" | "light" | "dark";
  cluster: string;
}) {
  return (
    <header
      data-chrome
      className="border-b border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900"
    >
      {/* One row from 1366 px up (e2e/meeting-layout.spec.ts): the longer words show from 1536 px, and their
          meaning stays in titles and accessible names below that. */}
      <div className="mx-auto flex max-w-[1920px] flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 2xl:gap-x-6">
        <Link href="/" className="text-xl font-bold tracking-tight whitespace-nowrap">
          <span aria-hidden="true">◉ </span>Vigil
        </Link>
        <Suspense fallback={null}>
          <NavLinks />
        </Suspense>
        <div className="ml-auto flex flex-wrap items-center gap-2 2xl:gap-3">
          <span className="text-sm whitespace-nowrap" title="The cluster Vigil reads">
            <span className="sr-only font-medium 2xl:not-sr-only">Cluster </span>
            {cluster}
          </span>
          <Suspense fallback={null}>
            <NamespacePicker />
          </Suspense>
          <Suspense fallback={null}>
            <PresentToggle />
          </Suspense>
          <ThemeToggle initial={theme} />
          <span
            className="max-w-[14rem] truncate text-sm 2xl:max-w-none"
            title={`Signed in as ${viewer.name}. ${viewer.groups.length > 0 ? `Groups: ${viewer.groups.join(", ")}` : "No groups"}`}
          >
            <span className="sr-only 2xl:not-sr-only">Signed in as </span>
            <strong>{viewer.name}</strong>
          </span>
          <form method="post" action="/api/auth/logout">
            <button type="submit" className="rounded px-2 py-1.5 text-sm whitespace-nowrap underline">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
