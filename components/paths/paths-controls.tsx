import type { PathsPage, PathsQuery } from "@/lib/views/build-paths-page";
import { OFFERED_TARGETS } from "@/lib/views/build-paths-page";
import { pathsExportHref } from "@/lib/views/paths-href";

// The /paths form (entry point, targets, paths or blast radius) and its exports: plain GET, all state in the URL.

const TARGET_TEXT: Record<(typeof OFFERED_TARGETS)[number], string> = {
  "cluster-admin": "cluster-admin",
  "all-nodes": "a node",
  "cloud-credentials": "cloud credentials",
  secrets: "Secrets",
};

const FIELD =
  "rounded border border-slate-300 bg-white px-2 py-1.5 text-base dark:border-slate-600 dark:bg-slate-800";

export function PathsControls({ view, present }: { view: PathsPage; present: string | undefined }) {
  const q = view.query;
  return (
    <form
      method="get"
      action="/paths"
      className="mb-2 flex flex-wrap items-end gap-4"
      aria-label="Entry and targets"
      data-no-print
      data-present-hide
    >
      {present && <input type="hidden" name="present" value={present} />}
      {q.fix.length > 0 && <input type="hidden" name="fix" value={q.fix.join(",")} />}
      <label className="flex flex-col text-sm font-medium">
        From
        <select name="from" defaultValue={q.from} className={FIELD}>
          {view.entries.map((e) => (
            <option key={e.value} value={e.value}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex flex-col text-sm font-medium">
        <legend>To</legend>
        <div className="flex flex-wrap gap-3 py-1.5 text-base font-normal">
          {OFFERED_TARGETS.map((t) => (
            <label key={t} className="flex items-center gap-1">
              <input
                type="checkbox"
                name="to"
                value={t}
                defaultChecked={q.to.includes(t)}
                className="h-4 w-4"
              />
              {TARGET_TEXT[t]}
            </label>
          ))}
          {q.to
            .filter((t) => !(OFFERED_TARGETS as readonly string[]).includes(t))
            .map((t) => (
              <label key={t} className="flex items-center gap-1">
                <input type="checkbox" name="to" value={t} defaultChecked className="h-4 w-4" />
                {t}
              </label>
            ))}
        </div>
      </fieldset>
      <fieldset className="flex flex-col text-sm font-medium">
        <legend>Show</legend>
        <div className="flex gap-3 py-1.5 text-base font-normal">
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="view"
              value="paths"
              defaultChecked={q.view === "paths"}
              className="h-4 w-4"
            />
            paths
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="view"
              value="blast"
              defaultChecked={q.view === "blast"}
              className="h-4 w-4"
            />
            blast radius
          </label>
        </div>
      </fieldset>
      <button
        type="submit"
        className="rounded bg-slate-900 px-4 py-2 text-base font-semibold text-white dark:bg-white dark:text-slate-900"
      >
        Search
      </button>
    </form>
  );
}

export function PathsExports({ query }: { query: PathsQuery }) {
  const cls =
    "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";
  return (
    <div className="flex flex-wrap gap-2" data-no-print data-present-hide>
      <a className={cls} href={pathsExportHref(query, "csv")} download>
        Export CSV
      </a>
      <a className={cls} href={pathsExportHref(query, "json")} download>
        Export JSON
      </a>
    </div>
  );
}
