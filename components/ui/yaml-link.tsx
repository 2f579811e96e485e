"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { objectHref } from "@/lib/views/object-href";

// A link to the read-only YAML view of a policy, role or binding (app/objects); plain text for any other kind.
// Its accessible name says what opens: "RoleBinding shop/ci-deployer as YAML". In meeting mode (`?present=1`)
// the link keeps it, so the YAML opens in meeting mode too (components/layout/present-mode.tsx).

export function YamlLink({
  object,
  children,
  className,
}: {
  object: { kind: string; namespace?: string; name: string };
  children: ReactNode;
  className?: string;
}) {
  // Null outside the App Router (a component rendered on its own, as in unit tests).
  const present = useSearchParams()?.get("present");
  const href = objectHref(object);
  if (!href) return <span className={className}>{children}</span>;
  const name = `${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name} as YAML`;
  return (
    <Link
      href={present ? `${href}?present=${encodeURIComponent(present)}` : href}
      prefetch={false}
      className={className}
      aria-label={name}
      data-testid="yaml-link"
    >
      {children}
    </Link>
  );
}
