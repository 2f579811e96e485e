/** "Export CSV" / "Export JSON" of the findings a page shows, and "Save as snapshot" of what the viewer sees. */
export function ExportButtons({
  area,
  namespace,
  snapshot = false,
}: {
  area: "all" | "rbac" | "network" | "certificates" | "workloads" | "paths";
  namespace?: string;
  snapshot?: boolean;
}) {
  const q = (format: string) => {
    const p = new URLSearchParams({ area, format });
    if (namespace) p.set("ns", namespace);
    return `/api/findings/export?${p.toString()}`;
  };
  const cls =
    "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";
  return (
    <div className="flex flex-wrap gap-2" data-no-print data-present-hide>
      <a className={cls} href={q("csv")} download>
        Export CSV
      </a>
      <a className={cls} href={q("json")} download>
        Export JSON
      </a>
      {snapshot && (
        <a className={cls} href="/api/snapshot/export" download>
          Save as snapshot
        </a>
      )}
    </div>
  );
}
