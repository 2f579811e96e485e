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
      <div className="mx-auto flex max-w-[1920px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-xl font-bold tracking-tight">
          <span aria-hidden="true">◉ </span>Vigil
        </Link>
        <Suspense fallback={null}>
          <NavLinks />
        </Suspense>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          <span className="text-sm" title="The cluster Vigil reads">
            <span className="font-medium">Cluster</span> {cluster}
          </span>
          <Suspense fallback={null}>
            <NamespacePicker />
          </Suspense>
          <Suspense fallback={null}>
            <PresentToggle />
          </Suspense>
          <ThemeToggle initial={theme} />
          <span
            className="text-sm"
            title={viewer.groups.length > 0 ? `Groups: ${viewer.groups.join(", ")}` : "No groups"}
          >
            Signed in as <strong>{viewer.name}</strong>
          </span>
          <form method="post" action="/api/auth/logout">
            <button type="submit" className="rounded px-2 py-1.5 text-sm underline">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
