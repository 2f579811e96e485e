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

/** The Network page's full connection list, as filtered there, as CSV or JSON. */
export function ConnectionExportButtons({
  namespace,
  direction,
  port,
}: {
  namespace?: string;
  direction?: "both" | "ingress" | "egress";
  /** PROTOCOL/PORT, only when the page accepted it. */
  port?: string;
}) {
  const q = (format: string) => {
    const p = new URLSearchParams({ format });
    if (namespace) p.set("ns", namespace);
    if (direction && direction !== "both") p.set("dir", direction);
    if (port) p.set("port", port);
    return `/api/network/connections/export?${p.toString()}`;
  };
  const cls =
    "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";
  return (
    <div className="flex flex-wrap gap-2" data-no-print data-export-buttons>
      <a className={cls} href={q("csv")} download>
        Export connections CSV
      </a>
      <a className={cls} href={q("json")} download>
        Export connections JSON
      </a>
    </div>
  );
}
