"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/access", label: "Access (RBAC)" },
  { href: "/network", label: "Network" },
  { href: "/certificates", label: "Certificates" },
  { href: "/workloads", label: "Workloads" },
  { href: "/paths", label: "Attack paths" },
] as const;

/** The main navigation; keeps the selected namespace (and meeting mode) when moving between pages. */
export function NavLinks() {
  const pathname = usePathname();
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const key of ["ns", "present"]) {
    const v = params.get(key);
    if (v) keep.set(key, v);
  }
  const suffix = keep.size > 0 ? `?${keep.toString()}` : "";
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-0.5 2xl:gap-1">
      {LINKS.map((l) => {
        const active = l.href === "/" ? pathname === "/" : pathname.startsWith(l.href);
        return (
          <Link
            key={l.href}
            href={`${l.href}${suffix}`}
            aria-current={active ? "page" : undefined}
            className={`rounded px-2 py-2 text-sm font-medium whitespace-nowrap 2xl:px-3 ${active ? "bg-slate-900 text-white dark:bg-white dark:text-slate-900" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
