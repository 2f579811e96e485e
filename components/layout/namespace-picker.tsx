"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

interface NamespacesResponse {
  namespaces: { name: string }[];
}

/** Picks the namespace every page filters on (`?ns=`); the list is the namespaces the viewer may see. */
export function NamespacePicker() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [names, setNames] = useState<string[] | null>(null);
  const [failed, setFailed] = useState(false);
  const current = params.get("ns") ?? "";

  useEffect(() => {
    let cancelled = false;
    fetch("/api/namespaces", { headers: { accept: "application/json" } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as NamespacesResponse;
        if (!cancelled) setNames(body.namespaces.map((n) => n.name));
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const choose = (ns: string) => {
    const next = new URLSearchParams(params.toString());
    if (ns) next.set("ns", ns);
    else next.delete("ns");
    router.push(`${pathname}${next.size > 0 ? `?${next.toString()}` : ""}`);
  };

  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only font-medium 2xl:not-sr-only">Namespace</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
        value={current}
        onChange={(e) => choose(e.target.value)}
        disabled={names === null && !failed}
      >
        <option value="">All namespaces</option>
        {(names ?? (current ? [current] : [])).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {failed && <span className="text-xs text-amber-700 dark:text-amber-300">(list unavailable)</span>}
    </label>
  );
}
