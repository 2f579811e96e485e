import type { MiniGraph as MiniGraphModel } from "@/lib/views/build-mini-graph";

// The overview's small network picture (lib/views/build-mini-graph.ts): the internet on the left, one row per
// namespace, cloud metadata on the right; arrows say who may start connections, words say what is exposed or
// open. HTML and CSS, so that text keeps its real size (it grows in meeting mode) and names wrap, never cut.

function Arrow({ kind, label }: { kind: "exposed" | "reached" | "metadata"; label: string }) {
  const strong = kind !== "reached";
  return (
    <svg
      viewBox="0 0 48 12"
      preserveAspectRatio="none"
      className={`h-3 w-full ${strong ? "text-[#c2410c]" : "text-slate-500 dark:text-slate-400"}`}
      role="img"
      aria-label={label}
    >
      <line x1="0" y1="6" x2="40" y2="6" stroke="currentColor" strokeWidth={strong ? 3 : 1.5} />
      <path d="M38,0 L48,6 L38,12 z" fill="currentColor" />
    </svg>
  );
}

const END =
  "flex items-center justify-center rounded-full border-2 border-[#c2410c] px-2 py-1 text-center font-semibold";

/**
 * `unknown`: why the picture may be missing workloads (what the viewer may not list, one sentence each, as the
 * panel's figures say it). With no row to draw, the picture is then "unknown" with why, never an empty all-clear.
 */
export function MiniGraph({ graph, unknown = [] }: { graph: MiniGraphModel; unknown?: readonly string[] }) {
  const rows = graph.namespaces;
  if (rows.length === 0 && unknown.length > 0)
    return (
      <p
        className="rounded border-2 border-dashed border-slate-400 px-2 py-1 text-slate-700 dark:border-slate-500 dark:text-slate-200"
        data-testid="mini-graph-unknown"
      >
        <strong className="italic">Picture unknown</strong>: no workload among what you may read, and{" "}
        {unknown.join("; ")}.
      </p>
    );
  if (rows.length === 0)
    return <p className="text-slate-600 dark:text-slate-300">No workloads in the cluster.</p>;
  const span = { gridRow: `1 / span ${rows.length}` };
  return (
    <figure>
      <div
        className="grid grid-cols-[4.5rem_2.5rem_minmax(0,1fr)_2.5rem_5rem] items-center gap-x-1 gap-y-0.5"
        data-testid="mini-graph"
      >
        <div className={`${END} self-stretch`} style={{ ...span, gridColumn: 1 }}>
          internet
        </div>
        {rows.map((r, i) => (
          <div key={r.name} className="contents">
            <div style={{ gridRow: i + 1, gridColumn: 2 }}>
              {r.internet !== "none" && (
                <Arrow
                  kind={r.internet}
                  label={`internet ${r.internet === "exposed" ? "exposes a workload in" : "may reach"} ${r.name}`}
                />
              )}
            </div>
            <div style={{ gridRow: i + 1, gridColumn: 3 }} className="min-w-0 break-words leading-tight">
              <span className="font-mono">{r.name}</span>
              {r.internet === "exposed" && (
                <span className="ml-1 inline-block text-sm font-semibold whitespace-nowrap text-[#c2410c]">
                  exposed
                </span>
              )}
              {r.openToPods && (
                <span className="ml-1 inline-block text-sm whitespace-nowrap text-slate-700 dark:text-slate-300">
                  open to every pod
                </span>
              )}
            </div>
            <div style={{ gridRow: i + 1, gridColumn: 4 }}>
              {r.metadata && <Arrow kind="metadata" label={`${r.name} may reach cloud metadata`} />}
            </div>
          </div>
        ))}
        <div className={`${END} self-stretch`} style={{ ...span, gridColumn: 5 }}>
          cloud metadata
        </div>
      </div>
      <figcaption className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        Arrows point from who starts the connection; thick orange: exposed by a Service or Ingress, or
        reaching cloud metadata.
      </figcaption>
    </figure>
  );
}
