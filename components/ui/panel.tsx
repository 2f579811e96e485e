import type { ReactNode } from "react";
import type { AccessGap } from "@/lib/model/types";
import { accessContact } from "@/lib/views/access-contact";

export function Panel({
  title,
  actions,
  children,
  className = "",
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <section
      id={id}
      aria-label={typeof title === "string" ? title : undefined}
      className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="text-lg font-semibold">{title}</h2>}
          {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

export function PageHeader({
  title,
  description,
  actions,
  compact = false,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Title and description on one line (the overview, which must fit one screen). */
  compact?: boolean;
}) {
  return (
    <div className={`${compact ? "mb-3" : "mb-6"} flex flex-wrap items-end justify-between gap-4`}>
      {/* Compact: the description runs on after the title, in the same line box, and wraps under it. */}
      <div className={compact ? "min-w-0 flex-1" : undefined}>
        <h1 className={`${compact ? "mr-4 inline text-2xl" : "text-3xl"} font-bold tracking-tight`}>
          {title}
        </h1>
        {description && (
          <p
            className={`${compact ? "inline leading-relaxed" : "mt-1 max-w-3xl"} text-slate-600 dark:text-slate-300`}
          >
            {description}
          </p>
        )}
      </div>
      {actions && (
        <div className="flex flex-wrap gap-2" data-no-print>
          {actions}
        </div>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-slate-300 p-4 text-slate-600 dark:border-slate-600 dark:text-slate-300">
      {children}
    </p>
  );
}

/** What the viewer may not see: said plainly, so a partial page is never mistaken for a complete one. */
export function AccessGaps({
  gaps,
  resources,
}: {
  gaps: readonly AccessGap[];
  resources?: readonly string[];
}) {
  const shown = resources ? gaps.filter((g) => resources.includes(g.resource)) : gaps;
  if (shown.length === 0) return null;
  // One line per resource and status, naming the namespaces: a projector shows a sentence, not a wall.
  const groups = new Map<
    string,
    {
      resource: string;
      status: AccessGap["status"];
      clusterWide: boolean;
      namespaces: string[];
      message: string;
    }
  >();
  for (const g of shown) {
    const key = `${g.status}/${g.resource}`;
    const group = groups.get(key) ?? {
      resource: g.resource,
      status: g.status,
      clusterWide: false,
      namespaces: [],
      message: g.message,
    };
    if (g.namespace) group.namespaces.push(g.namespace);
    else group.clusterWide = true;
    groups.set(key, group);
  }
  return (
    <div
      role="status"
      className="mb-4 rounded-lg border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">
        <span aria-hidden="true">⚠ </span>Part of the cluster is not visible to you
      </p>
      <ul className="mt-1 list-disc pl-6 text-sm">
        {[...groups.values()].map((g) => (
          <li key={`${g.status}/${g.resource}`}>
            <strong>{g.resource}</strong>:{" "}
            {g.status === "forbidden"
              ? "not visible to you"
              : g.status === "too-large"
                ? "too large to read"
                : g.status === "not-read"
                  ? "not read (Vigil's settings)"
                  : "unavailable"}
            {g.clusterWide ? " cluster-wide" : ""}
            {g.namespaces.length > 0
              ? `${g.clusterWide ? ", and" : ""} in ${g.namespaces.length === 1 ? "namespace" : `${g.namespaces.length} namespaces:`} ${g.namespaces.sort().join(", ")}`
              : ""}
            {g.namespaces.length + (g.clusterWide ? 1 : 0) === 1 ? ` (${g.message})` : ""}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-sm" data-testid="access-contact">
        {accessContact(process.env)}
      </p>
    </div>
  );
}
